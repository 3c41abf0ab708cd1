import Foundation
import Numerics
import Testing

@Suite struct LevenbergMarquardtTests {
  @Test func stopsOnTheBoxWhenTheMinimumIsOutside() {
    // r = (x0 − 2, e^{x1} − 0.5): the unconstrained minimum (2, ln 0.5) lies outside [0, 1]²;
    // the bounded one is the corner (1, 0).
    let corner = boundedLevenbergMarquardt(
      start: [0.5, 0.5], lower: [0, 0], upper: [1, 1], residualCount: 2,
      residuals: { p, r in
        r[0] = p[0] - 2; r[1] = exp(p[1]) - 0.5
      },
      jacobian: { p, J in
        J[0] = 1; J[1] = 0; J[2] = 0; J[3] = exp(p[1])
      })
    #expect(corner.converged && corner.parameters == [1, 0], "\(corner.parameters), stopped by \(corner.stop)")
    #expect(abs(corner.rss - 1.25) < 1e-15)
  }

  @Test func matchesScipyOnACurvedProblem() {
    // r = (x0 − 2, 10(x1 − x0²), x1 + 1) on [0, 1]²; scipy.optimize.least_squares(f, [0.5, 0.5],
    // bounds=([0, 0], [1, 1]), xtol=ftol=gtol=1e-15) → x = [0.55655084, 0.29678102], 2·cost = 3.7820029204204757.
    let result = boundedLevenbergMarquardt(
      start: [0.5, 0.5], lower: [0, 0], upper: [1, 1], residualCount: 3,
      residuals: { p, r in
        r[0] = p[0] - 2; r[1] = 10 * (p[1] - p[0] * p[0]); r[2] = p[1] + 1
      },
      jacobian: { p, J in
        J[0] = 1; J[1] = 0
        J[2] = -20 * p[0]; J[3] = 10
        J[4] = 0; J[5] = 1
      })
    #expect(result.converged, "stopped by \(result.stop)")
    #expect(abs(result.rss - 3.7820029204204757) < 1e-10, "rss \(result.rss)")
    #expect(
      abs(result.parameters[0] - 0.55655084) < 1e-5 && abs(result.parameters[1] - 0.29678102) < 1e-5,
      "\(result.parameters)")
  }

  @Test func nonFiniteStartIsAFailedFitNotACrash() {
    let result = boundedLevenbergMarquardt(
      start: [1], lower: [0], upper: [2], residualCount: 1,
      residuals: { _, r in r[0] = .nan }, jacobian: { _, J in J[0] = 1 })
    #expect(!result.converged && result.stop == .nonFiniteStart)
  }

  @Test func fftPlansCanBeCreatedFromManyThreads() {
    // The planner lock makes concurrent creation safe; each plan then gives the same result.
    let lock = NSLock()
    var results = [[Double]]()
    DispatchQueue.concurrentPerform(iterations: 8) { i in
      let plan = RealFFTPlan(length: fastFFTLength(atLeast: 2 * 100 - 1 + i))
      var out = [Double](repeating: 0, count: 5)
      for t in 0..<100 { plan.input[t] = Float(t % 7) }
      out.withUnsafeMutableBufferPointer { o in
        plan.accumulateAutocovariance(count: 100, lags: 5, scale: 1, into: o.baseAddress!, stride: 1)
      }
      lock.lock(); results.append(out); lock.unlock()
    }
    #expect(results.count == 8)
    for r in results {
      let e = zip(r, results[0]).map { abs($0 - $1) / abs(results[0][0]) }.max()!
      #expect(e < 1e-6, "plans of different lengths disagree by \(e)")
    }
  }
}
