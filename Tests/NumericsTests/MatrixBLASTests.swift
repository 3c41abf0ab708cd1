import Numerics
import Testing

@Suite struct MatrixBLASTests {
  /// sgemm with every transpose combination vs a naive Double product.
  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func gemmMatchesNaive(trans: (Bool, Bool)) {
    var r = RandomStream(seed: 2)
    let m = 5, n = 4, k = 3
    let a = Matrix(rows: trans.0 ? k : m, cols: trans.0 ? m : k, storage: r.uniformArray(m * k, -1, 1))
    let b = Matrix(rows: trans.1 ? n : k, cols: trans.1 ? k : n, storage: r.uniformArray(k * n, -1, 1))
    let c = BLAS.matmul(a, transA: trans.0, b, transB: trans.1)
    for i in 0..<m {
      for j in 0..<n {
        var s = 0.0
        for l in 0..<k { s += Double(trans.0 ? a[l, i] : a[i, l]) * Double(trans.1 ? b[j, l] : b[l, j]) }
        #expect(abs(Double(c[i, j]) - s) < 1e-5)
      }
    }
  }

  /// The tiled transpose on shapes that are not multiples of its 32×32 tile.
  @Test(arguments: [(3, 5), (37, 70), (64, 64)])
  func transpose(shape: (Int, Int)) {
    let (rows, cols) = shape
    let a = (0..<(rows * cols)).map(Float.init)
    var t = [Float](repeating: -1, count: rows * cols)
    a.withUnsafeBufferPointer { pa in
      t.withUnsafeMutableBufferPointer {
        Kernels.transpose(pa.baseAddress!, rows: rows, cols: cols, into: $0.baseAddress!)
      }
    }
    for r in 0..<rows { for c in 0..<cols { #expect(t[c * rows + r] == a[r * cols + c]) } }
  }

  @Test func kernels() {
    var x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    let s = x.withUnsafeBufferPointer { Kernels.sumOfSquares($0) }
    #expect(s == 285)
    x.withUnsafeMutableBufferPointer { Kernels.zeroDiagonal($0, n: 3) }
    #expect(x == [0, 2, 3, 4, 0, 6, 7, 8, 0])
    var out = [Float](repeating: 0, count: 3)
    x.withUnsafeBufferPointer { a in
      out.withUnsafeMutableBufferPointer { Kernels.columnSums(a, rows: 3, cols: 3, into: $0) }
    }
    #expect(out == [11, 10, 9])
  }
}
