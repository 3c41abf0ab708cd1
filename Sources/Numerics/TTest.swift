import Foundation

// Two-sample and paired t-tests (Double), on the Student-t distribution of StudentT.swift.

/// A t statistic with its degrees of freedom and p-values for the three alternatives.
public struct TTestResult: Sendable, Equatable {
  /// The t statistic (sign: first sample minus second).
  public var t: Double
  /// Degrees of freedom ν (not an integer for Welch's test).
  public var degreesOfFreedom: Double
  /// p for H1: the means differ, P(|T| ≥ |t|).
  public var pTwoSided: Double
  /// p for H1: mean(a) < mean(b) (or mean difference < 0), P(T ≤ t).
  public var pLess: Double
  /// p for H1: mean(a) > mean(b) (or mean difference > 0), P(T ≥ t).
  public var pGreater: Double

  /// Builds the three p-values of statistic `t` with `nu` degrees of freedom.
  public init(t: Double, degreesOfFreedom nu: Double) {
    self.t = t
    self.degreesOfFreedom = nu
    pTwoSided = StudentT.twoSidedP(t, degreesOfFreedom: nu)
    pLess = StudentT.cdf(t, degreesOfFreedom: nu)
    pGreater = StudentT.survival(t, degreesOfFreedom: nu)
  }
}

/// Mean and sum of squared deviations (two passes, Double).
private func meanAndSquaredDeviations(_ x: [Double]) -> (mean: Double, ss: Double) {
  let mean = x.reduce(0, +) / Double(x.count)
  let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
  return (mean, ss)
}

/// Unpaired two-sample t-test with equal variances (Student).
///
/// - Formula: s_p² = (Σ(a−ā)² + Σ(b−b̄)²)/(n_a + n_b − 2); t = (ā − b̄)/√(s_p²(1/n_a + 1/n_b));
///   ν = n_a + n_b − 2. Zero pooled variance gives t = ±∞ (p 0) or NaN when the means are equal.
/// - Shapes: `a` n_a, `b` n_b (samples).
/// - Preconditions: n_a ≥ 1, n_b ≥ 1, n_a + n_b ≥ 3.
/// - Allocates: no (beyond the result).
/// - Reference: `scipy.stats.ttest_ind(a, b)` (equal_var=True); `numerics.h5:/stats/ttest_ind*`.
public func studentTTest(_ a: [Double], _ b: [Double]) -> TTestResult {
  precondition(
    a.count >= 1 && b.count >= 1 && a.count + b.count >= 3,
    "studentTTest: need n_a, n_b ≥ 1 and n_a + n_b ≥ 3 (got \(a.count), \(b.count))")
  let (ma, ssa) = meanAndSquaredDeviations(a), (mb, ssb) = meanAndSquaredDeviations(b)
  let na = Double(a.count), nb = Double(b.count)
  let nu = na + nb - 2
  let pooled = (ssa + ssb) / nu
  let t = (ma - mb) / (pooled * (1 / na + 1 / nb)).squareRoot()
  return TTestResult(t: t, degreesOfFreedom: nu)
}

/// Unpaired two-sample t-test without assuming equal variances (Welch).
///
/// - Formula: v_a = s_a²/n_a, v_b = s_b²/n_b (s² with n − 1); t = (ā − b̄)/√(v_a + v_b);
///   ν = (v_a + v_b)² / (v_a²/(n_a − 1) + v_b²/(n_b − 1)) (Welch–Satterthwaite); ν = 1 when both
///   samples are constant (as scipy), so constant samples with different means give p = 0 on
///   their side, equal ones t and p NaN.
/// - Shapes: `a` n_a, `b` n_b (samples).
/// - Preconditions: n_a ≥ 2, n_b ≥ 2.
/// - Allocates: no (beyond the result).
/// - Reference: `scipy.stats.ttest_ind(a, b, equal_var=False)`.
public func welchTTest(_ a: [Double], _ b: [Double]) -> TTestResult {
  precondition(
    a.count >= 2 && b.count >= 2, "welchTTest: need at least 2 values per sample (got \(a.count), \(b.count))")
  let (ma, ssa) = meanAndSquaredDeviations(a), (mb, ssb) = meanAndSquaredDeviations(b)
  let na = Double(a.count), nb = Double(b.count)
  let va = ssa / (na - 1) / na, vb = ssb / (nb - 1) / nb
  let t = (ma - mb) / (va + vb).squareRoot()
  let nu = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1))
  // Both samples constant: ν is 0/0; scipy then uses ν = 1, so different means give t = ±∞, p = 0.
  return TTestResult(t: t, degreesOfFreedom: nu.isNaN ? 1 : nu)
}

/// Paired t-test on the differences d_i = a_i − b_i.
///
/// - Formula: t = d̄ / (s_d/√n), s_d² = Σ(d − d̄)²/(n − 1); ν = n − 1.
/// - Shapes: `a`, `b` n (paired samples).
/// - Preconditions: a.count == b.count ≥ 2.
/// - Allocates: the n differences.
/// - Reference: `scipy.stats.ttest_rel(a, b)`.
public func pairedTTest(_ a: [Double], _ b: [Double]) -> TTestResult {
  precondition(
    a.count == b.count && a.count >= 2, "pairedTTest: need two samples of equal size ≥ 2 (got \(a.count), \(b.count))")
  let d = zip(a, b).map { $0 - $1 }
  let (md, ssd) = meanAndSquaredDeviations(d)
  let n = Double(d.count)
  let t = md / (ssd / (n - 1) / n).squareRoot()
  return TTestResult(t: t, degreesOfFreedom: n - 1)
}
