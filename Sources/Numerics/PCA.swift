import CBLAS
import CLAPACKE

// PCA dimensionality of one trial (docs/method.md §6, "Dimensionality").
//
// Dimensions: T time steps (rows), H neurons (columns). The data stay in the caller's
// Float buffer; rows are centred a chunk at a time into a small workspace, each chunk's
// HᵀH product (cblas_ssyrk, Float) is added into a Double H × H matrix, and the
// eigenvalues come from LAPACKE_dsyevd in Double. Peak extra memory: one chunk
// (≤ 4096 × H Floats) plus two H × H matrices, whatever T is.

/// The spectrum of a sample covariance matrix and the dimensionality read from it.
public struct PCASpectrum: Sendable {
  /// Eigenvalues of the sample covariance (divided by T − 1), sorted descending; H values.
  public var explainedVariance: [Double]
  /// explainedVariance / Σ explainedVariance, sorted descending; H values.
  public var explainedVarianceRatio: [Double]
  /// The variance threshold used below (0.9 in the paper).
  public var threshold: Double
  /// The number of leading components whose cumulative ratio exceeds `threshold`:
  /// min { k : Σ_{j<k} ratio_j > threshold }. This is the dimensionality in words
  /// ("components needed to explain > 90 % of the variance").
  public var componentsForThreshold: Int
  /// The reference code's convention: the 0-based index of the first component at which the
  /// cumulative ratio exceeds `threshold`, i.e. `componentsForThreshold − 1`.
  public var referenceDimensionality: Int { componentsForThreshold - 1 }
}

/// PCA explained-variance spectrum of a T × H matrix (rows = time, columns = neurons).
///
/// - Formula: x̄_j = (1/T) Σ_t X_tj (Double); C = (X − 1x̄ᵀ)ᵀ(X − 1x̄ᵀ)/(T − 1) (H × H, each chunk of
///   ≤ 4096 rows by `cblas_ssyrk` in Float, chunks summed in Double); λ = eigenvalues of C by
///   `LAPACKE_dsyevd` (values only), sorted descending; ratio_j = λ_j / Σλ; components =
///   min { k : Σ_{j<k} ratio_j > threshold }. Tiny negative eigenvalues from rounding are kept.
/// - Shapes: `data` T × H (time × neurons, row-major).
/// - Preconditions: data.count == T·H, T ≥ 2, H ≥ 1. A matrix with zero total variance gives NaN
///   ratios and `componentsForThreshold` = H.
/// - Allocates: a chunk workspace (min(T, 4096) × H Floats), two H × H matrices (Float, Double).
/// - Reference: `numpy.linalg.eigh(np.cov(X.T))` ratios in `numerics.h5:/pca/known_spectrum`
///   (within 1e-4); attributes `components_for_90_percent` and `first_index_cumsum_over_0.9`.
public func principalComponentSpectrum(
  data: UnsafeBufferPointer<Float>, rows T: Int, columns H: Int, threshold: Double = 0.9
) -> PCASpectrum {
  precondition(
    T >= 2 && H >= 1 && data.count == T * H,
    "principalComponentSpectrum: \(data.count) values is not T·H = \(T)·\(H) (T ≥ 2)")
  let x = data.baseAddress!
  // Column means in Double.
  var mean = [Double](repeating: 0, count: H)
  for t in 0..<T {
    let row = x + t * H
    for j in 0..<H { mean[j] += Double(row[j]) }
  }
  for j in 0..<H { mean[j] /= Double(T) }

  let chunk = min(T, 4096)
  var work = [Float](repeating: 0, count: chunk * H)
  var partial = [Float](repeating: 0, count: H * H)
  var covariance = [Double](repeating: 0, count: H * H)
  var t0 = 0
  while t0 < T {
    let rows = min(chunk, T - t0)
    work.withUnsafeMutableBufferPointer { w in
      for r in 0..<rows {
        let row = x + (t0 + r) * H
        let dst = w.baseAddress! + r * H
        for j in 0..<H { dst[j] = Float(Double(row[j]) - mean[j]) }
      }
      // (rows × H)ᵀ·(rows × H) → H × H, upper triangle (row-major).
      partial.withUnsafeMutableBufferPointer { c in
        cblas_ssyrk(
          CblasRowMajor, CblasUpper, CblasTrans, Int32(H), Int32(rows), 1,
          w.baseAddress!, Int32(H), 0, c.baseAddress!, Int32(H))
      }
    }
    for i in 0..<H {
      for j in i..<H { covariance[i * H + j] += Double(partial[i * H + j]) }
    }
    t0 += rows
  }
  let scale = 1 / Double(T - 1)
  for i in 0..<H { for j in i..<H { covariance[i * H + j] *= scale } }

  var eigenvalues = [Double](repeating: 0, count: H)
  let info = covariance.withUnsafeMutableBufferPointer { a in
    eigenvalues.withUnsafeMutableBufferPointer { w in
      LAPACKE_dsyevd(
        LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")),
        Int32(H), a.baseAddress!, Int32(H), w.baseAddress!)
    }
  }
  precondition(info == 0, "principalComponentSpectrum: LAPACKE_dsyevd failed (info \(info))")
  eigenvalues.reverse()  // dsyevd returns ascending order
  let total = eigenvalues.reduce(0, +)
  let ratios = eigenvalues.map { $0 / total }
  var cumulative = 0.0
  var components = H
  for (j, r) in ratios.enumerated() {
    cumulative += r
    if cumulative > threshold { components = j + 1; break }
  }
  return PCASpectrum(
    explainedVariance: eigenvalues, explainedVarianceRatio: ratios,
    threshold: threshold, componentsForThreshold: components)
}

/// `principalComponentSpectrum` on a flat array (see there for the layout).
public func principalComponentSpectrum(data: [Float], rows T: Int, columns H: Int, threshold: Double = 0.9)
  -> PCASpectrum
{
  data.withUnsafeBufferPointer { principalComponentSpectrum(data: $0, rows: T, columns: H, threshold: threshold) }
}
