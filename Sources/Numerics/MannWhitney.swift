import Foundation

// The exact Mann–Whitney U test with ties: the exact permutation distribution of the rank sum
// (Double).

/// U of the first sample with its exact p-values for the three alternatives.
public struct MannWhitneyResult: Sendable, Equatable {
  /// U = R_a − n_a(n_a + 1)/2, R_a the sum of the first sample's average ranks in the pooled sample.
  public var u: Double
  /// p for H1: a tends to be smaller than b, P(U ≤ u).
  public var pLess: Double
  /// p for H1: a tends to be larger than b, P(U ≥ u).
  public var pGreater: Double
  /// p for H1: the samples differ, min(1, 2 min(pLess, pGreater)).
  public var pTwoSided: Double
}

/// The exact Mann–Whitney U test: every split of the pooled values into samples of n_a and n_b
/// is equally likely under H0, ties keep their average ranks (the conditional distribution given
/// the ties), so the test stays exact when many values are equal (a common ceiling, for example).
///
/// - Formula: counts of the n_a-subsets of the pooled doubled average ranks by their sum (dynamic
///   programming over the pooled values); pGreater = #{sum ≥ 2R_a} / C(n_a + n_b, n_a), pLess
///   likewise; two-sided as scipy: min(1, 2 min(pLess, pGreater)). All values tied: p = 1.
/// - Shapes: `a` n_a, `b` n_b.
/// - Preconditions: n_a ≥ 1, n_b ≥ 1, no NaN.
/// - Cost: O((n_a + n_b) · n_a · (n_a + n_b)²) operations, O(n_a (n_a + n_b)²) memory: fine for
///   tens of networks (80 values: ~2e7 operations).
/// - Reference: `scipy.stats.mannwhitneyu(a, b, method="exact")` without ties;
///   `scipy.stats.permutation_test((a, b), U, permutation_type="independent", n_resamples=inf)` with ties.
public func mannWhitneyExact(_ a: [Double], _ b: [Double]) -> MannWhitneyResult {
  precondition(
    !a.isEmpty && !b.isEmpty, "mannWhitneyExact: need at least one value per sample (got \(a.count), \(b.count))")
  precondition(!(a + b).contains { $0.isNaN }, "mannWhitneyExact: NaN among the values")
  let na = a.count
  // Average ranks are multiples of ½: doubled, they are integers.
  let doubled = averageRanks(a + b).map { Int(($0 * 2).rounded()) }
  let observed = doubled[..<na].reduce(0, +)
  let maxSum = doubled.sorted(by: >).prefix(na).reduce(0, +)
  // ways[k][s]: the number of k-subsets of the values seen so far whose doubled ranks sum to s.
  var ways = [[Double]](repeating: [Double](repeating: 0, count: maxSum + 1), count: na + 1)
  ways[0][0] = 1
  for (i, r) in doubled.enumerated() {
    for k in stride(from: min(i + 1, na), through: 1, by: -1) {
      for s in stride(from: maxSum, through: r, by: -1) where ways[k - 1][s - r] != 0 {
        ways[k][s] += ways[k - 1][s - r]
      }
    }
  }
  let counts = ways[na]
  let total = counts.reduce(0, +)
  let atMost = counts[...observed].reduce(0, +), atLeast = counts[observed...].reduce(0, +)
  let pLess = min(1, atMost / total), pGreater = min(1, atLeast / total)
  let n = Double(na)
  return MannWhitneyResult(
    u: Double(observed) / 2 - n * (n + 1) / 2,
    pLess: pLess, pGreater: pGreater, pTwoSided: min(1, 2 * min(pLess, pGreater)))
}

/// The smallest one-sided p the exact Mann–Whitney test can give with n_a and n_b distinct values:
/// 1/C(n_a + n_b, n_a), reached when the samples do not overlap at all.
public func mannWhitneySmallestP(_ na: Int, _ nb: Int) -> Double {
  var c = 1.0
  for i in 0..<min(na, nb) { c = c * Double(na + nb - i) / Double(i + 1) }
  return 1 / c
}
