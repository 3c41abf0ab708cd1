import Foundation

// Single- and double-exponential fits of a normalised autocovariance, AIC selection, τ_net
// (docs/method.md §6, "Network-mediated timescale"). Lags t = 0…n−1 with n = 31 in the paper.

/// The two models of docs/method.md §6; raw values match `selected_model` in `numerics.h5:/timescales/*`.
public enum ExponentialModel: Int, Sendable, CaseIterable {
  /// a·e^{−t/τ}; parameters [a, τ]; a ∈ [0, 1], τ ∈ [0, 100].
  case single = 1
  /// a[c·e^{−t/τ1} + (1 − c)·e^{−t/τ2}]; parameters [a, τ1, τ2, c] (the reference's order);
  /// a, c ∈ [0, 1], τ1, τ2 ∈ [0, 100].
  case double = 2

  /// k, the number of parameters in the AIC.
  public var parameterCount: Int { self == .single ? 2 : 4 }
  /// The box of docs/method.md §6, lower corner, in parameter order.
  public var lowerBounds: [Double] { self == .single ? [0, 0] : [0, 0, 0, 0] }
  /// The box of docs/method.md §6, upper corner, in parameter order.
  public var upperBounds: [Double] { self == .single ? [1, 100] : [1, 100, 100, 1] }

  /// The model's value at lag t. τ below 1e-12 is read as 1e-12 (τ = 0 is on the bound; the
  /// limit there is 1 at t = 0 and 0 elsewhere).
  public func value(_ p: [Double], lag t: Double) -> Double {
    switch self {
    case .single:
      return p[0] * exponentialDecay(t, max(p[1], 1e-12))
    case .double:
      let e1 = exponentialDecay(t, max(p[1], 1e-12)), e2 = exponentialDecay(t, max(p[2], 1e-12))
      return p[0] * (p[3] * e1 + (1 - p[3]) * e2)
    }
  }
}

/// e^{−t/τ}, returning 0 directly where exp underflows to 0 (−t/τ < −746) instead of taking libm's
/// slow underflow path (τ at its lower bound makes this common); the same bits as `exp(-t / τ)`.
@inline(__always)
func exponentialDecay(_ t: Double, _ tau: Double) -> Double {
  let x = -t / tau
  return x < -746 ? 0 : exp(x)
}

/// AIC given to a fit that did not converge (docs/method.md §6).
public let failedFitAIC = 1e5

/// One model fitted to y_t, t = 0…n−1.
public struct ExponentialFit: Sendable {
  public var model: ExponentialModel
  /// [a, τ] or [a, τ1, τ2, c], with τ1 ≤ τ2 for the double (the same curve as scipy's order with
  /// c ↔ 1 − c); NaN when not converged.
  public var parameters: [Double]
  /// Σ_t (model(t) − y_t)².
  public var rss: Double
  public var converged: Bool
  /// 2k + n·ln(RSS/n), or `failedFitAIC` when not converged.
  public var aic: Double
  /// τ of the single exponential, max(τ1, τ2) of the double; NaN when not converged.
  public var timescale: Double {
    guard converged else { return .nan }
    return model == .single ? parameters[1] : max(parameters[1], parameters[2])
  }
  /// The fitted curve at lag t.
  public func value(lag t: Double) -> Double { model.value(parameters, lag: t) }
}

/// Both fits of one autocovariance, the AIC choice and τ_net.
public struct TimescaleEstimate: Sendable {
  public var single: ExponentialFit
  public var double: ExponentialFit
  /// The model with the strictly lower AIC; nil when the AICs are equal (in practice: both fits
  /// failed, AIC = `failedFitAIC` each), as the authors' `model_comp` does.
  public var selected: ExponentialModel?
  /// τ of the selected model (max(τ1, τ2) for the double); NaN when both fits failed.
  public var tauNet: Double
}

/// Fits `model` to y_t (t = 0…n−1) by bounded least squares from several fixed starts and keeps
/// the converged start with the lowest RSS.
///
/// - Formula: minimise Σ_t (f(t; p) − y_t)² over the box of `model`; AIC = 2k + n·ln(RSS/n).
/// - Starts (deterministic): scipy's default p0 (all ones, clipped into the bounds), and starts
///   built from τ̂ = the first lag where y falls below 1/e (for the double: pairs around τ̂ with
///   c ∈ {0.3, 0.7}).
/// - Shapes: `y` n (lags).
/// - Preconditions: n ≥ k + 1.
/// - Allocates: small arrays per start.
/// - Reference: `scipy.optimize.curve_fit(f, lags, y, bounds=…)` in `numerics.h5:/timescales/*`
///   (same model choice; fitted curves within 1e-3, see NumericsTests).
public func fitExponential(_ model: ExponentialModel, to y: [Double]) -> ExponentialFit {
  let n = y.count, k = model.parameterCount
  precondition(n >= k + 1, "fitExponential: \(n) points for \(k) parameters")
  let failed = ExponentialFit(
    model: model, parameters: [Double](repeating: .nan, count: k), rss: .nan,
    converged: false, aic: failedFitAIC)
  guard y.allSatisfy({ $0.isFinite }) else { return failed }

  var tauGuess = 100.0
  if let t = y.firstIndex(where: { $0 < exp(-1.0) * (y.first ?? 1) }) { tauGuess = Double(max(t, 1)) }
  tauGuess = min(max(tauGuess, 0.5), 100)
  let starts: [[Double]]
  switch model {
  case .single:
    starts = [[1, 1], [1, tauGuess], [1, min(4 * tauGuess, 100)], [1, 0.25 * tauGuess]]
  case .double:
    var s: [[Double]] = [[1, 1, 1, 1]]
    let pairs: [(Double, Double)] = [
      (0.5 * tauGuess, 2 * tauGuess), (0.2 * tauGuess, tauGuess),
      (tauGuess, 5 * tauGuess), (1, 20), (0.5, 3),
    ]
    for (t1, t2) in pairs {
      for c in [0.3, 0.7] { s.append([1, min(t1, 100), min(t2, 100), c]) }
    }
    starts = s
  }

  let cache = DecayCache(model: model, lags: n)
  let residuals = { (p: [Double], r: inout [Double]) in
    cache.update(p)
    let e1 = cache.e1, e2 = cache.e2
    let a = p[0]
    r.withUnsafeMutableBufferPointer { rb in
      y.withUnsafeBufferPointer { yb in
        let r = rb.baseAddress!, y = yb.baseAddress!
        switch model {
        case .single:
          for t in 0..<n { r[t] = a * e1[t] - y[t] }
        case .double:
          let c = p[3]
          for t in 0..<n { r[t] = a * (c * e1[t] + (1 - c) * e2[t]) - y[t] }
        }
      }
    }
  }
  let jacobian = { (p: [Double], J: inout [Double]) in
    cache.update(p)
    let e1 = cache.e1, e2 = cache.e2
    J.withUnsafeMutableBufferPointer { Jb in
      let J = Jb.baseAddress!
      switch model {
      case .single:
        let a = p[0], tau = max(p[1], 1e-12)
        for t in 0..<n {
          let e = e1[t], lag = Double(t)
          J[2 * t] = e
          J[2 * t + 1] = a * e * lag / tau / tau
        }
      case .double:
        let a = p[0], c = p[3], tau1 = max(p[1], 1e-12), tau2 = max(p[2], 1e-12)
        for t in 0..<n {
          let u = e1[t], v = e2[t], lag = Double(t)
          J[4 * t] = c * u + (1 - c) * v
          J[4 * t + 1] = a * c * u * lag / tau1 / tau1
          J[4 * t + 2] = a * (1 - c) * v * lag / tau2 / tau2
          J[4 * t + 3] = a * (u - v)
        }
      }
    }
  }

  var best: LeastSquaresResult?
  for start in starts {
    let result = boundedLevenbergMarquardt(
      start: start, lower: model.lowerBounds, upper: model.upperBounds,
      residualCount: n, residuals: residuals, jacobian: jacobian)
    guard result.converged, result.rss.isFinite else { continue }
    if best == nil || result.rss < best!.rss { best = result }
  }
  guard let b = best else { return failed }
  var parameters = b.parameters
  if model == .double && parameters[1] > parameters[2] {
    // Canonical order τ1 ≤ τ2 (the same curve with c ↔ 1 − c), so results compare across neurons.
    parameters = [parameters[0], parameters[2], parameters[1], 1 - parameters[3]]
  }
  let aic = 2 * Double(k) + Double(n) * log(b.rss / Double(n))
  return ExponentialFit(model: model, parameters: parameters, rss: b.rss, converged: true, aic: aic)
}

/// τ_net of one autocovariance: fit AC/AC[0] on lags 0…`lastFitLag` with both models and keep the
/// lower AIC.
///
/// - Formula: y_t = AC_t / AC_0, t = 0…n−1, n = lastFitLag + 1; AIC_m = 2k_m + n·ln(RSS_m/n)
///   (`failedFitAIC` if the fit failed); τ_net = τ (single) or max(τ1, τ2) (double) of the strictly
///   lower AIC, NaN on a tie, i.e. when both failed (also when AC_0 ≤ 0 or not finite, e.g. a
///   silent neuron).
/// - Shapes: `autocovariance` L (lags), L > lastFitLag.
/// - Preconditions: L ≥ lastFitLag + 1, lastFitLag ≥ 4.
/// - Allocates: small arrays.
/// - Reference: docs/method.md §6; `numerics.h5:/timescales/*` attributes `aic_single`, `aic_double`,
///   `selected_model`, `tau_net` (scipy `curve_fit`).
public func estimateTimescale(autocovariance ac: [Double], lastFitLag: Int = 30) -> TimescaleEstimate {
  precondition(
    lastFitLag >= 4 && ac.count > lastFitLag,
    "estimateTimescale: need lags 0…\(lastFitLag), got \(ac.count) values")
  let y: [Double]
  if ac[0] > 0 && ac[0].isFinite {
    y = (0...lastFitLag).map { ac[$0] / ac[0] }
  } else {
    y = [Double](repeating: .nan, count: lastFitLag + 1)
  }
  let single = fitExponential(.single, to: y)
  let double = fitExponential(.double, to: y)
  let selected: ExponentialModel?
  if single.aic < double.aic {
    selected = .single
  } else if double.aic < single.aic {
    selected = .double
  } else {
    selected = nil
  }
  let tauNet: Double
  switch selected {
  case .single?: tauNet = single.timescale
  case .double?: tauNet = double.timescale
  case nil: tauNet = .nan
  }
  return TimescaleEstimate(single: single, double: double, selected: selected, tauNet: tauNet)
}

/// e^{−t/τ1} and e^{−t/τ2} (t = 0…n−1, as powers of e^{−1/τ}) at the last parameters evaluated. The
/// solver evaluates the Jacobian only at the point whose residuals it computed last, so the Jacobian
/// reuses them. Plain pointers: no exclusivity checks in the fit's loops.
private final class DecayCache {
  let model: ExponentialModel
  let n: Int
  let e1: UnsafeMutablePointer<Double>
  let e2: UnsafeMutablePointer<Double>
  let parameters: UnsafeMutablePointer<Double>  // the parameters e1, e2 belong to (NaN: none yet)

  init(model: ExponentialModel, lags n: Int) {
    self.model = model
    self.n = n
    e1 = .allocate(capacity: n); e1.initialize(repeating: 0, count: n)
    e2 = .allocate(capacity: n); e2.initialize(repeating: 0, count: n)
    parameters = .allocate(capacity: 4); parameters.initialize(repeating: .nan, count: 4)
  }

  deinit {
    e1.deallocate(); e2.deallocate(); parameters.deallocate()
  }

  @inline(__always)
  func update(_ p: [Double]) {
    let k = model.parameterCount
    var same = true
    for j in 0..<k where p[j] != parameters[j] { same = false }  // NaN never matches: the first call fills
    if same { return }
    for j in 0..<k { parameters[j] = p[j] }
    Self.powers(e1, n, max(p[1], 1e-12))
    if model == .double { Self.powers(e2, n, max(p[2], 1e-12)) }
  }

  /// e[t] = q^t with q = e^{−1/τ}, t = 0…n−1: one exp and n multiplications instead of n exps (the
  /// rounding differs from exp(−t/τ) by at most ~t ulps). Values below 1e-300 are set to 0, which
  /// keeps the products out of the slow subnormal range.
  @inline(__always)
  static func powers(_ e: UnsafeMutablePointer<Double>, _ n: Int, _ tau: Double) {
    let q = exponentialDecay(1, tau)
    var v = 1.0
    for t in 0..<n {
      e[t] = v
      v *= q
      if v < 1e-300 { v = 0 }
    }
  }
}
