import Artifacts
import Numerics
import TestSupport
import Testing

@Suite struct PCATests {
  @Test func matchesNumpyEigh() throws {
    let a = try Fixtures.numerics()
    let data = try #require(a["/pca/known_spectrum/data"])
    let expected = try #require(a["/pca/known_spectrum/explained_variance_ratio"]).doubles
    let (T, H) = (data.shape[0], data.shape[1])
    let spectrum = principalComponentSpectrum(data: data.floats, rows: T, columns: H)
    let e = maxAbsoluteError(spectrum.explainedVarianceRatio, expected)
    #expect(e.error < 1e-4, "explained-variance ratio: max |Δ| = \(e.error) at component \(e.index)")
    print("PCA known_spectrum: max |Δ ratio| \(e.error) at component \(e.index)")
    let components = try #require(a.attribute("components_for_90_percent", at: "/pca/known_spectrum")?.intValue)
    let firstIndex = try #require(a.attribute("first_index_cumsum_over_0.9", at: "/pca/known_spectrum")?.intValue)
    #expect(spectrum.componentsForThreshold == components)
    #expect(spectrum.referenceDimensionality == firstIndex)
  }

  @Test func chunkedCovarianceHandlesManyRows() {
    // 9,000 rows (three chunks) of a rank-2 signal plus small noise in 6 columns.
    var rng = TestRandom(state: 3)
    let (T, H) = (9000, 6)
    var data = [Float](repeating: 0, count: T * H)
    for t in 0..<T {
      let u = rng.next() - 0.5, v = rng.next() - 0.5
      for j in 0..<H {
        data[t * H + j] = Float(100 + u * Double(j + 1) + v * Double(H - j) + 1e-3 * (rng.next() - 0.5))
      }
    }
    let s = principalComponentSpectrum(data: data, rows: T, columns: H)
    #expect(s.explainedVarianceRatio.count == H)
    #expect(zip(s.explainedVarianceRatio, s.explainedVarianceRatio.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(abs(s.explainedVarianceRatio.reduce(0, +) - 1) < 1e-12)
    #expect(s.explainedVarianceRatio[0] + s.explainedVarianceRatio[1] > 0.9999)
    #expect(s.componentsForThreshold <= 2 && s.referenceDimensionality == s.componentsForThreshold - 1)
  }
}
