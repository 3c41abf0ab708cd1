// Numerics module — design notes
// Owns the Float32 building blocks of the engine and the analyses: `Matrix` (row-major, one
// contiguous `[Float]`), thin CBLAS wrappers (`BLAS`), element-wise kernels (`Kernels`) and the
// seeded, splittable random stream (`RandomStream`). Depends on CBLAS, CLAPACKE, CFFTW.
// - Float32, row-major; buffers are allocated by the caller; kernels take unsafe buffer pointers
//   and allocate nothing inside loops.
// - Every summation has a fixed order; nothing switches on the detected CPU or the thread count.
// - Random streams are derived by name (stage/level/epoch/trial), never shared between tasks.
// - OpenBLAS needs `OPENBLAS_CORETYPE=SkylakeX` in the environment on this CPU for fast kernels.

/// Element-wise and reduction kernels on Float buffers.
///
/// Each kernel checks its shapes once, loops over one flat index, allocates nothing, and has a
/// fixed summation order (results never depend on the CPU or the thread count).
public enum Kernels {
  /// y[i] ← y[i] + α·x[i]. Shapes: x, y of equal length n. Allocates: nothing.
  public static func axpy(_ alpha: Float, _ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
    precondition(x.count == y.count, "Kernels.axpy: \(x.count) vs \(y.count)")
    for i in 0..<y.count { y[i] += alpha * x[i] }
  }

  /// x[i] ← α·x[i]. Allocates: nothing.
  public static func scale(_ x: UnsafeMutableBufferPointer<Float>, by alpha: Float) {
    for i in 0..<x.count { x[i] *= alpha }
  }

  /// x[i] ← v. Allocates: nothing.
  public static func fill(_ x: UnsafeMutableBufferPointer<Float>, _ v: Float) {
    for i in 0..<x.count { x[i] = v }
  }

  /// Σ x[i]² accumulated in Double, in index order (used for gradient norms). Allocates: nothing.
  public static func sumOfSquares(_ x: UnsafeBufferPointer<Float>) -> Double {
    // Eight Double lanes in a fixed order: vectorisable and independent of the CPU.
    var acc = SIMD8<Double>(repeating: 0)
    let n8 = x.count & ~7
    var i = 0
    while i < n8 {
      let v = SIMD8<Double>(
        Double(x[i]), Double(x[i + 1]), Double(x[i + 2]), Double(x[i + 3]),
        Double(x[i + 4]), Double(x[i + 5]), Double(x[i + 6]), Double(x[i + 7]))
      acc += v * v
      i += 8
    }
    var s = acc.sum()
    while i < x.count { s += Double(x[i]) * Double(x[i]); i += 1 }
    return s
  }

  /// Column sums of a row-major `rows × cols` matrix into `out` (length cols), summing rows in
  /// order, in Float. Allocates: nothing.
  public static func columnSums(
    _ a: UnsafeBufferPointer<Float>, rows: Int, cols: Int,
    into out: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(a.count >= rows * cols && out.count == cols, "Kernels.columnSums: shape mismatch")
    for j in 0..<cols { out[j] = 0 }
    for r in 0..<rows {
      let base = r * cols
      for j in 0..<cols { out[j] += a[base + j] }
    }
  }

  /// out = aᵀ: `a` row-major rows × cols, `out` row-major cols × rows, copied in 32×32 tiles.
  /// Allocates: nothing.
  public static func transpose(_ a: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    let tile = 32
    for r0 in stride(from: 0, to: rows, by: tile) {
      let r1 = min(r0 + tile, rows)
      for c0 in stride(from: 0, to: cols, by: tile) {
        let c1 = min(c0 + tile, cols)
        for r in r0..<r1 {
          let src = a + r * cols
          for c in c0..<c1 { out[c * rows + r] = src[c] }
        }
      }
    }
  }

  /// Zeroes the diagonal of a square row-major `n × n` matrix stored at `a`. Allocates: nothing.
  public static func zeroDiagonal(_ a: UnsafeMutableBufferPointer<Float>, n: Int) {
    precondition(a.count >= n * n, "Kernels.zeroDiagonal: \(a.count) < \(n)×\(n)")
    for i in 0..<n { a[i * n + i] = 0 }
  }
}
