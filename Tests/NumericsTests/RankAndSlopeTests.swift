import Numerics
import Testing

private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
  abs(a - b) <= tolerance * max(abs(b), 1)
}

/// The exact Mann–Whitney test and the least-squares slope against scipy 1.17 (values printed by
/// `scipy.stats.mannwhitneyu(method="exact")`, `scipy.stats.permutation_test` with the U statistic
/// and `n_resamples=inf` where values are tied, and `scipy.stats.linregress`).
@Suite struct RankAndSlopeTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var a: [Double], b: [Double], u: Double, less: Double, greater: Double, twoSided: Double
    var testDescription: String { "\(a) vs \(b)" }
  }

  static let cases: [Case] = [
    // Without ties: mannwhitneyu(a, b, method="exact", alternative=…).
    Case(
      a: [1.2, 3.4, 5.6, 7.8], b: [2.1, 4.3, 0.5, 9.9], u: 9,
      less: 0.6571428571428571, greater: 0.44285714285714284, twoSided: 0.8857142857142857),
    Case(
      a: [10, 11, 12, 13], b: [1, 2, 3, 4], u: 16, less: 1, greater: 0.014285714285714285, twoSided: 0.02857142857142857
    ),
    Case(
      a: [0.3, 0.1, 0.7], b: [0.9, 0.8, 0.95, 0.6, 0.85], u: 1,
      less: 0.03571428571428571, greater: 0.9821428571428572, twoSided: 0.07142857142857142),
    // With ties: permutation_test((a, b), U, permutation_type="independent", n_resamples=inf, alternative=…).
    Case(
      a: [12, 12, 12, 12], b: [9, 10, 12, 8], u: 14, less: 1, greater: 0.07142857142857142,
      twoSided: 0.14285714285714285),
    Case(
      a: [1, 2, 2, 3, 3], b: [2, 3, 4, 4], u: 4, less: 0.1111111111111111, greater: 0.9603174603174603,
      twoSided: 0.2222222222222222),
    Case(a: [12, 12, 12, 12], b: [12, 12, 12, 12], u: 8, less: 1, greater: 1, twoSided: 1),
    Case(
      a: [1, 1, 0, 1, 1, 0, 1, 1], b: [0, 0, 1, 0], u: 24,
      less: 0.98989898989899, greater: 0.15151515151515152, twoSided: 0.30303030303030304),
  ]

  @Test(arguments: cases) func mannWhitneyMatchesScipy(c: Case) {
    let r = mannWhitneyExact(c.a, c.b)
    #expect(r.u == c.u)
    #expect(close(r.pLess, c.less) && close(r.pGreater, c.greater) && close(r.pTwoSided, c.twoSided), "\(r)")
  }

  @Test func smallestPIsTheCompleteSeparation() {
    // 4 vs 4: 1/C(8, 4) = 1/70, reached by the separated samples; 4 vs 2: 1/15 (α = 0.05 out of reach).
    #expect(
      close(mannWhitneySmallestP(4, 4), 1.0 / 70)
        && close(mannWhitneyExact([1, 2, 3, 4], [5, 6, 7, 8]).pLess, 1.0 / 70))
    #expect(close(mannWhitneySmallestP(4, 2), 1.0 / 15) && close(mannWhitneySmallestP(2, 4), 1.0 / 15))
    #expect(close(mannWhitneySmallestP(8, 4), 1.0 / 495))
  }

  @Test func slopeMatchesScipy() {
    // linregress([2, 3, 4, 5, 6], [0.31, 0.35, 0.36, 0.42, 0.40]).slope; linregress([2, 3, 5, 8], [10, 7.5, 6, 1.25]).slope.
    #expect(close(leastSquaresSlope([2, 3, 4, 5, 6], [0.31, 0.35, 0.36, 0.42, 0.40]), 0.02500000000000001))
    #expect(close(leastSquaresSlope([2, 3, 5, 8], [10, 7.5, 6, 1.25]), -1.375))
    #expect(leastSquaresSlope([3, 3], [1, 2]).isNaN)
  }
}
