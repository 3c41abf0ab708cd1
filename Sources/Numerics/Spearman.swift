import Foundation

// Spearman rank correlation with the t-approximation p-value (Double).

/// Ranks 1…n with ties given the average of the ranks they span.
///
/// - Formula: rank(x_i) = 1 + #{j : x_j < x_i} + (#{j : x_j = x_i} − 1)/2.
/// - Shapes: `x` n; result n.
/// - Preconditions: no NaN in `x` (the order of NaN is undefined).
/// - Allocates: the permutation and the result.
/// - Reference: `scipy.stats.rankdata(x, method="average")`.
public func averageRanks(_ x: [Double]) -> [Double] {
  let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
  var ranks = [Double](repeating: 0, count: x.count)
  var i = 0
  while i < order.count {
    var j = i
    while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
    let rank = Double(i + j) / 2 + 1  // mean of ranks i+1 … j+1
    for k in i...j { ranks[order[k]] = rank }
    i = j + 1
  }
  return ranks
}

/// Spearman's ρ with p-values for the three alternatives.
public struct SpearmanResult: Sendable, Equatable {
  /// ρ, the Pearson correlation of the average ranks; NaN when either sample is constant.
  public var rho: Double
  /// n, the number of pairs.
  public var count: Int
  /// p for H1: ρ ≠ 0.
  public var pTwoSided: Double
  /// p for H1: ρ < 0.
  public var pLess: Double
  /// p for H1: ρ > 0.
  public var pGreater: Double
}

/// Spearman rank correlation of paired samples, with its p-value by the t approximation.
///
/// - Formula: ρ = Pearson(rank(x), rank(y)) with average ranks for ties; t = ρ √((n − 2)/(1 − ρ²)),
///   ν = n − 2; pGreater = P(T ≥ t), pLess = P(T ≤ t), pTwoSided = P(|T| ≥ |t|). |ρ| = 1 gives
///   t = ±∞ (p 0 on that side). n < 3 gives NaN p-values.
/// - Shapes: `x`, `y` n (pairs).
/// - Preconditions: x.count == y.count ≥ 2, no NaN.
/// - Allocates: ranks (2n).
/// - Reference: `scipy.stats.spearmanr(x, y, alternative=…)` (scipy's default t-distribution p-value).
public func spearmanCorrelation(_ x: [Double], _ y: [Double]) -> SpearmanResult {
  precondition(
    x.count == y.count && x.count >= 2,
    "spearmanCorrelation: need two samples of equal size ≥ 2 (got \(x.count), \(y.count))")
  let rx = averageRanks(x), ry = averageRanks(y)
  let n = Double(x.count)
  let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for i in rx.indices {
    sxy += (rx[i] - mx) * (ry[i] - my)
    sxx += (rx[i] - mx) * (rx[i] - mx)
    syy += (ry[i] - my) * (ry[i] - my)
  }
  var rho = sxy / (sxx * syy).squareRoot()
  if rho.isFinite { rho = min(1, max(-1, rho)) }
  guard x.count >= 3, rho.isFinite else {
    return SpearmanResult(rho: rho, count: x.count, pTwoSided: .nan, pLess: .nan, pGreater: .nan)
  }
  let nu = n - 2
  let t: Double
  if abs(rho) == 1 {
    t = rho > 0 ? .infinity : -.infinity
  } else {
    t = rho * (nu / ((1 - rho) * (1 + rho))).squareRoot()
  }
  return SpearmanResult(
    rho: rho, count: x.count,
    pTwoSided: StudentT.twoSidedP(t, degreesOfFreedom: nu),
    pLess: StudentT.cdf(t, degreesOfFreedom: nu),
    pGreater: StudentT.survival(t, degreesOfFreedom: nu))
}
