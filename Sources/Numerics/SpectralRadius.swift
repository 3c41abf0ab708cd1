import CLAPACKE

/// The spectral radius max_i |λ_i| of a square matrix: the largest eigenvalue modulus, which for a
/// recurrent weight matrix says how strongly the linearised dynamics amplify (> 1) or damp (< 1).
///
/// - Shapes: `matrix` n×n, row-major.
/// - Precondition: `matrix.count == n·n`, n ≥ 1.
/// - Allocates: an n×n Double copy and the eigenvalue vectors.
/// - Reference: `numpy.max(numpy.abs(numpy.linalg.eigvals(matrix)))`; eigenvalues from
///   `LAPACKE_dgeev` (values only) in Double.
public func spectralRadius(_ matrix: [Float], n: Int) -> Double {
  precondition(n >= 1 && matrix.count == n * n, "spectralRadius: \(matrix.count) values for a \(n)×\(n) matrix")
  var a = matrix.map(Double.init)
  var re = [Double](repeating: 0, count: n), im = [Double](repeating: 0, count: n)
  var unused = [Double](repeating: 0, count: 1)
  let info = a.withUnsafeMutableBufferPointer { a in
    re.withUnsafeMutableBufferPointer { re in
      im.withUnsafeMutableBufferPointer { im in
        unused.withUnsafeMutableBufferPointer { v in
          LAPACKE_dgeev(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(n), a.baseAddress!, Int32(n),
            re.baseAddress!, im.baseAddress!, v.baseAddress!, 1, v.baseAddress!, 1)
        }
      }
    }
  }
  precondition(info == 0, "spectralRadius: LAPACKE_dgeev failed (info \(info))")
  return zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }.max()!
}
