import Artifacts
import Foundation
import Numerics
import TestSupport
import Testing

@Suite struct ExponentialFitTests {
  /// scipy `curve_fit` (trust-region reflective) results stored in numerics.h5.
  private struct Reference {
    var ac: [Double], single: [Double], double: [Double]
    var aicSingle: Double, aicDouble: Double, selected: Int, tauNet: Double
    init(_ group: String) throws {
      let a = try Fixtures.numerics()
      let path = "/timescales/\(group)"
      ac = try #require(a["\(path)/ac"]).doubles
      single = try #require(a["\(path)/single_params"]).doubles
      double = try #require(a["\(path)/double_params"]).doubles  // a, τ1, τ2, c
      aicSingle = try #require(a.attribute("aic_single", at: path)?.doubleValue)
      aicDouble = try #require(a.attribute("aic_double", at: path)?.doubleValue)
      selected = try #require(a.attribute("selected_model", at: path)?.intValue)
      tauNet = try #require(a.attribute("tau_net", at: path)?.doubleValue)
    }
  }

  @Test(arguments: ["ar1_tau4.5", "two_timescales"])
  func matchesScipyCurveFit(group: String) throws {
    let ref = try Reference(group)
    let estimate = estimateTimescale(autocovariance: ref.ac, lastFitLag: 30)
    #expect(estimate.single.converged && estimate.double.converged)
    #expect(estimate.selected?.rawValue == ref.selected, "\(group): selected \(String(describing: estimate.selected)), scipy \(ref.selected)")
    let lags = (0...30).map(Double.init)
    for (fit, params) in [(estimate.single, ref.single), (estimate.double, ref.double)] {
      let ours = lags.map { fit.value(lag: $0) }
      let theirs = lags.map { fit.model.value(params, lag: $0) }
      let e = maxAbsoluteError(ours, theirs)
      #expect(e.error < 1e-3, "\(group) \(fit.model): fitted curves differ by \(e.error) at lag \(e.index); ours \(fit.parameters), scipy \(params)")
      print("\(group) \(fit.model): max curve difference \(e.error) (lag \(e.index)); ours \(fit.parameters) rss \(fit.rss) aic \(fit.aic); scipy \(params)")
    }
    // AIC: ours can only be lower (or equal) if we found an equal or better minimum.
    #expect(abs(estimate.single.aic - ref.aicSingle) < 0.01, "\(group): AIC single \(estimate.single.aic) vs \(ref.aicSingle)")
    #expect(abs(estimate.double.aic - ref.aicDouble) < 0.01, "\(group): AIC double \(estimate.double.aic) vs \(ref.aicDouble)")
    #expect(abs(estimate.tauNet - ref.tauNet) / ref.tauNet < 1e-3, "\(group): τ_net \(estimate.tauNet) vs scipy \(ref.tauNet)")
  }

  @Test(arguments: ["ar1_tau4.5", "two_timescales"])
  func ourAutocovarianceGivesTheSameChoice(group: String) throws {
    let ref = try Reference(group)
    let series = try #require(try Fixtures.numerics()["/timescales/\(group)/series"])
    let ac = trialAveragedAutocovariance(series: series.floats, trials: series.shape[0], timeSteps: series.shape[1],
                                         lags: 200, normalization: .unbiased)
    let estimate = estimateTimescale(autocovariance: ac)
    #expect(estimate.selected?.rawValue == ref.selected)
    #expect(abs(estimate.tauNet - ref.tauNet) / ref.tauNet < 1e-2, "\(group): τ_net \(estimate.tauNet) vs \(ref.tauNet)")
  }

  @Test func recoversExactCurves() {
    let lags = (0...30).map(Double.init)
    let single = fitExponential(.single, to: lags.map { 0.9 * exp(-$0 / 7.0) })
    #expect(single.converged)
    #expect(abs(single.parameters[0] - 0.9) < 1e-6 && abs(single.parameters[1] - 7) < 1e-5, "\(single.parameters)")
    let double = fitExponential(.double, to: lags.map { 0.95 * (0.4 * exp(-$0 / 2.0) + 0.6 * exp(-$0 / 15.0)) })
    #expect(double.converged)
    let p = double.parameters  // canonical order τ1 ≤ τ2
    #expect(abs(p[0] - 0.95) < 1e-5 && abs(p[1] - 2) < 1e-4 && abs(p[2] - 15) < 1e-4 && abs(p[3] - 0.4) < 1e-5, "\(p)")
    // A parameter pinned at its bound: the best a for a curve starting above 1 is a = 1.
    let pinned = fitExponential(.single, to: lags.map { 1.2 * exp(-$0 / 3.0) })
    #expect(pinned.converged && pinned.parameters[0] == 1, "\(pinned.parameters)")
  }

  @Test func silentNeuronGivesNoTimescale() {
    let estimate = estimateTimescale(autocovariance: [Double](repeating: 0, count: 50))
    #expect(!estimate.single.converged && !estimate.double.converged)
    #expect(estimate.single.aic == failedFitAIC && estimate.double.aic == failedFitAIC)
    #expect(estimate.selected == nil && estimate.tauNet.isNaN)
  }
}
