// Box-constrained nonlinear least squares: projected Levenberg–Marquardt with an active set.
//
// Dimensions: M residuals, P parameters (small: the exponential fits have M = 31, P ≤ 4).
// Everything is Double. The P × P normal equations are solved by a dense Cholesky
// factorisation written out here (P is tiny; LAPACK would cost more in call overhead).

/// Stopping rules and starting damping of `boundedLevenbergMarquardt`.
public struct LevenbergMarquardtOptions: Sendable {
  /// Most outer iterations (Jacobian evaluations) before giving up: the fit is then not converged.
  public var maxIterations = 1000
  /// Converged when an accepted step lowers the cost by ≤ this fraction of it.
  public var functionTolerance = 1e-12
  /// Converged when an accepted step moves the parameters by ≤ this, relative: ‖Δp‖ ≤ tol·(tol + ‖p‖).
  public var stepTolerance = 1e-12
  /// Converged when the projected gradient ‖(Jᵀr)_free‖_∞ ≤ this.
  public var gradientTolerance = 1e-14
  /// Starting Marquardt damping λ (relative to diag(JᵀJ)).
  public var initialDamping = 1e-3
  public init() {}
}

/// Why `boundedLevenbergMarquardt` stopped.
public enum LevenbergMarquardtStop: String, Sendable {
  case functionTolerance, stepTolerance, gradientTolerance
  /// No step lowered the cost even at the largest damping: a (numerically) stationary point.
  case noDescent
  case maxIterations
  /// The residuals at the start were not finite.
  case nonFiniteStart
}

/// The outcome of a bounded least-squares fit. A fit that did not converge is a result, not an error.
public struct LeastSquaresResult: Sendable {
  /// The best parameters found (always inside the box).
  public var parameters: [Double]
  /// The residual sum of squares Σ_i r_i(p)² at `parameters`.
  public var rss: Double
  /// True when a stopping tolerance was met (or no descent direction remained).
  public var converged: Bool
  /// Outer iterations taken.
  public var iterations: Int
  public var stop: LevenbergMarquardtStop
}

/// Minimises Σ_i r_i(p)² subject to lower ≤ p ≤ upper by projected Levenberg–Marquardt.
///
/// - Formula: each iteration, with J = ∂r/∂p (M × P), g = Jᵀr, A = JᵀJ, the free set F holds the
///   parameters not pinned at a bound by the gradient (p_j at lower with g_j > 0, or at upper with
///   g_j < 0, are held). The step solves (A_FF + λ·diag(A_FF)) δ_F = −g_F, and p ← clip(p + δ, lower,
///   upper) if the cost falls (λ ← λ/10), else λ ← 10λ and retry. Stops on relative cost decrease ≤
///   `functionTolerance`, relative step ≤ `stepTolerance`, projected gradient ≤ `gradientTolerance`,
///   or when λ exceeds 1e16 with no descent (all converged), or after `maxIterations` (not converged).
/// - Shapes: `start`, `lower`, `upper` P; `residuals(p, &r)` fills r (M); `jacobian(p, &J)` fills J
///   (M × P row-major, J[i·P + j] = ∂r_i/∂p_j).
/// - Preconditions: P ≥ 1, M ≥ 1, lower ≤ upper element-wise.
/// - Allocates: small work arrays (about M·P + 2P² + 2M Doubles) once per call, nothing per iteration.
/// - Deterministic: no randomness; the same inputs give the same bits.
/// - Reference: plays the role of `scipy.optimize.least_squares(method="trf")` behind
///   `scipy.optimize.curve_fit(bounds=…)` (a different algorithm; it finds the same local minima).
public func boundedLevenbergMarquardt(
  start: [Double], lower: [Double], upper: [Double], residualCount M: Int,
  options: LevenbergMarquardtOptions = LevenbergMarquardtOptions(),
  residuals: (_ p: [Double], _ r: inout [Double]) -> Void,
  jacobian: (_ p: [Double], _ J: inout [Double]) -> Void
) -> LeastSquaresResult {
  let P = start.count
  precondition(
    P >= 1 && M >= 1 && lower.count == P && upper.count == P,
    "boundedLevenbergMarquardt: P = \(P), M = \(M), bounds \(lower.count)/\(upper.count)")
  precondition(zip(lower, upper).allSatisfy { $0 <= $1 }, "boundedLevenbergMarquardt: lower > upper")
  func sumOfSquares(_ r: [Double]) -> Double {
    r.withUnsafeBufferPointer { b in
      var s = 0.0
      for v in b { s += v * v }
      return s
    }
  }

  // Every work array is allocated here, once; the iterations below reuse them in place.
  var x = start
  for j in 0..<P { x[j] = min(max(x[j], lower[j]), upper[j]) }
  var r = [Double](repeating: 0, count: M)
  residuals(x, &r)
  var cost = sumOfSquares(r)
  guard cost.isFinite else {
    return LeastSquaresResult(parameters: x, rss: cost, converged: false, iterations: 0, stop: .nonFiniteStart)
  }
  var J = [Double](repeating: 0, count: M * P)
  var g = [Double](repeating: 0, count: P)
  var A = [Double](repeating: 0, count: P * P)
  var trialR = [Double](repeating: 0, count: M)
  var candidate = x
  var free = [Int](repeating: 0, count: P)
  var Mx = [Double](repeating: 0, count: P * P)
  var rhs = [Double](repeating: 0, count: P)
  var lambda = options.initialDamping

  for iteration in 1...max(options.maxIterations, 1) {
    jacobian(x, &J)
    // g = Jᵀr, A = JᵀJ (P × P, symmetric), all sums in one pass over the rows of J: each sum still
    // adds its M terms in row order (the same bits as one dot product at a time), but the P(P+3)/2
    // sums advance together instead of each waiting on its own chain of additions.
    J.withUnsafeBufferPointer { Jb in
      r.withUnsafeBufferPointer { rb in
        g.withUnsafeMutableBufferPointer { gb in
          A.withUnsafeMutableBufferPointer { Ab in
            let J = Jb.baseAddress!, r = rb.baseAddress!, g = gb.baseAddress!, A = Ab.baseAddress!
            for j in 0..<P {
              g[j] = 0
              for k in 0...j { A[j * P + k] = 0 }
            }
            for i in 0..<M {
              let row = J + i * P, ri = r[i]
              for j in 0..<P {
                let v = row[j]
                g[j] += v * ri
                for k in 0...j { A[j * P + k] += v * row[k] }
              }
            }
            for j in 0..<P {
              for k in 0..<j { A[k * P + j] = A[j * P + k] }
            }
          }
        }
      }
    }
    // Active set: a parameter at a bound whose descent direction (−g) leaves the box is held.
    var F = 0
    var projectedGradient = 0.0
    for j in 0..<P {
      let pinned = (x[j] <= lower[j] && g[j] > 0) || (x[j] >= upper[j] && g[j] < 0)
      if !pinned { free[F] = j; F += 1; projectedGradient = max(projectedGradient, abs(g[j])) }
    }
    if F == 0 || projectedGradient <= options.gradientTolerance {
      return LeastSquaresResult(
        parameters: x, rss: cost, converged: true, iterations: iteration, stop: .gradientTolerance)
    }
    var maxDiagonal = 0.0
    for a in 0..<F { maxDiagonal = max(maxDiagonal, A[free[a] * P + free[a]]) }
    let diagonalFloor = max(maxDiagonal * 1e-12, 1e-300)

    while true {
      // (A_FF + λ D) δ = −g_F, D = diag(max(A_jj, floor)).
      for a in 0..<F {
        let j = free[a]
        rhs[a] = -g[j]
        for b in 0..<F { Mx[a * F + b] = A[j * P + free[b]] }
        Mx[a * F + a] += lambda * max(A[j * P + j], diagonalFloor)
      }
      if choleskySolve(&Mx, &rhs, F) {
        for j in 0..<P { candidate[j] = x[j] }
        for a in 0..<F { candidate[free[a]] += rhs[a] }
        for j in 0..<P { candidate[j] = min(max(candidate[j], lower[j]), upper[j]) }
        residuals(candidate, &trialR)
        let trialCost = sumOfSquares(trialR)
        if trialCost.isFinite && trialCost < cost {
          var stepNorm = 0.0, xNorm = 0.0
          for j in 0..<P { stepNorm += (candidate[j] - x[j]) * (candidate[j] - x[j]); xNorm += x[j] * x[j] }
          let decrease = cost - trialCost
          swap(&x, &candidate)
          swap(&r, &trialR)
          let previousCost = cost
          cost = trialCost
          lambda = max(lambda / 10, 1e-15)
          if decrease <= options.functionTolerance * previousCost {
            return LeastSquaresResult(
              parameters: x, rss: cost, converged: true, iterations: iteration, stop: .functionTolerance)
          }
          let tol = options.stepTolerance
          if stepNorm.squareRoot() <= tol * (tol + xNorm.squareRoot()) {
            return LeastSquaresResult(
              parameters: x, rss: cost, converged: true, iterations: iteration, stop: .stepTolerance)
          }
          break
        }
      }
      lambda *= 10
      if lambda > 1e16 {
        return LeastSquaresResult(parameters: x, rss: cost, converged: true, iterations: iteration, stop: .noDescent)
      }
    }
  }
  return LeastSquaresResult(
    parameters: x, rss: cost, converged: false, iterations: options.maxIterations, stop: .maxIterations)
}

/// Solves the symmetric positive-definite system M x = b (n × n, row-major, the leading n·n entries
/// of `m`) by Cholesky, leaving x in `b`; false when M is not numerically positive definite.
/// Overwrites `m` and `b`; allocates nothing.
private func choleskySolve(_ m: inout [Double], _ b: inout [Double], _ n: Int) -> Bool {
  for j in 0..<n {
    var d = m[j * n + j]
    for k in 0..<j { d -= m[j * n + k] * m[j * n + k] }
    guard d > 0, d.isFinite else { return false }
    let l = d.squareRoot()
    m[j * n + j] = l
    for i in (j + 1)..<max(n, j + 1) {
      var s = m[i * n + j]
      for k in 0..<j { s -= m[i * n + k] * m[j * n + k] }
      m[i * n + j] = s / l
    }
  }
  // L y = b, then Lᵀ x = y.
  for i in 0..<n {
    var s = b[i]
    for k in 0..<i { s -= m[i * n + k] * b[k] }
    b[i] = s / m[i * n + i]
  }
  for i in stride(from: n - 1, through: 0, by: -1) {
    var s = b[i]
    for k in (i + 1)..<max(n, i + 1) { s -= m[k * n + i] * b[k] }
    b[i] = s / m[i * n + i]
  }
  return true
}
