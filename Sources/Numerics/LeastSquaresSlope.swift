import Foundation

// The slope of a straight line fitted by ordinary least squares (Double).

/// The least-squares slope of y on x.
///
/// - Formula: b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²; NaN when every x is equal.
/// - Shapes: `x`, `y` n (pairs).
/// - Preconditions: x.count == y.count ≥ 2, no NaN.
/// - Allocates: no.
/// - Reference: `scipy.stats.linregress(x, y).slope`.
public func leastSquaresSlope(_ x: [Double], _ y: [Double]) -> Double {
  precondition(
    x.count == y.count && x.count >= 2,
    "leastSquaresSlope: need two samples of equal size ≥ 2 (got \(x.count), \(y.count))")
  let n = Double(x.count)
  let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
  var sxy = 0.0, sxx = 0.0
  for i in x.indices {
    sxy += (x[i] - mx) * (y[i] - my)
    sxx += (x[i] - mx) * (x[i] - mx)
  }
  return sxx > 0 ? sxy / sxx : .nan
}
