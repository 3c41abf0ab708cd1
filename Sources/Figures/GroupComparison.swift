import Numerics

/// Two-sided p comparing two groups of networks, as every figure prints it: the exact
/// Mann–Whitney test with ties, the same test and function the claims use for two groups
/// (`ClaimDecision.twoGroups`), so a figure and a claim never show two p-values for one comparison.
/// NaN when a group has no finite value.
///
/// - Reference: `scipy.stats.mannwhitneyu(a, b, method="exact")` without ties; with ties
///   `scipy.stats.permutation_test` on U (`n_resamples=inf`).
public func networkGroupsP(_ a: [Double], _ b: [Double]) -> Double {
  let a = a.filter(\.isFinite), b = b.filter(\.isFinite)
  guard !a.isEmpty, !b.isEmpty else { return .nan }
  return mannWhitneyExact(a, b).pTwoSided
}
