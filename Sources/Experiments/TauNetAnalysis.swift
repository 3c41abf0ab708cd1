import Artifacts
import Foundation
import Layouts
import Networks
import Numerics

// Network-mediated timescales and dimensionality of one network (docs/method.md §6, "τ_net" and
// "Dimensionality"), from one free-running simulation.
//
// Dimensions: R trials, T recorded steps, H neurons, L lags kept, n = fitLags lags fitted.

/// Settings of the τ_net analysis (defaults: the paper's protocol).
public struct TauNetOptions: Hashable, Sendable {
  public var simulation: SimulationProtocol
  /// L: autocovariance lags kept, 0 … L−1 (paper: 200).
  public var lags: Int
  /// n: lags fitted, 0 … n−1 (paper: 31).
  public var fitLags: Int
  /// Divisor of lag k: n − k (docs/method.md §6) or n − 1 − k (the authors' code).
  public var normalization: AutocovarianceNormalization
  /// Threads for the autocovariance FFTs and the fits (BLAS threads are set by the caller).
  public var threads: Int

  public init(
    simulation: SimulationProtocol = SimulationProtocol(), lags: Int = 200, fitLags: Int = 31,
    normalization: AutocovarianceNormalization = .unbiased, threads: Int = 1
  ) {
    self.simulation = simulation; self.lags = lags; self.fitLags = fitLags
    self.normalization = normalization; self.threads = threads
  }

  /// Problems with these settings, as (parameter, message) pairs (empty when valid).
  public var problems: [(String, String)] {
    var out: [(String, String)] = []
    let s = simulation
    if s.steps < 2 { out.append(("steps", "must be ≥ 2 (got \(s.steps))")) }
    if s.burnIn < 0 { out.append(("burnIn", "must be ≥ 0 (got \(s.burnIn))")) }
    if s.trials < 1 { out.append(("trials", "must be ≥ 1 (got \(s.trials))")) }
    if s.trialBatch < 1 { out.append(("trialBatch", "must be ≥ 1 (got \(s.trialBatch))")) }
    if fitLags < 5 { out.append(("fitLags", "must be ≥ 5: the double exponential has 4 parameters (got \(fitLags))")) }
    if lags < fitLags { out.append(("lags", "must be ≥ fitLags = \(fitLags) (got \(lags))")) }
    if s.steps >= 2 && lags > normalization.maximumLags(s.steps) {
      out.append(("lags", "must be ≤ \(normalization.maximumLags(s.steps)) for \(s.steps) steps (got \(lags))"))
    }
    return out
  }
}

/// Seconds spent in each part of one analysis (timing only; never feeds results).
public struct TauNetTimings: Sendable, Codable {
  public var simulation = 0.0
  public var autocorrelation = 0.0
  public var fits = 0.0
  public var pca = 0.0
  public var total: Double { simulation + autocorrelation + fits + pca }
  public init() {}
}

/// Everything the τ_net analysis computes for one network.
public struct TauNetResult: Sendable {
  /// Raw trained τ per neuron (H, unclamped).
  public var tau: [Float]
  /// Trial-averaged autocovariance, L × H (lags × neurons, row-major).
  public var autocovariance: [Double]
  /// Trial-averaged autocovariance of the summed population activity, L.
  public var populationAutocovariance: [Double]
  /// Both fits and τ_net per neuron (H).
  public var neurons: [TimescaleEstimate]
  /// Both fits and τ_net of the population autocovariance.
  public var population: TimescaleEstimate
  /// PCA spectrum per trial (R).
  public var spectra: [PCASpectrum]
  /// p of each trial's Bernoulli inputs (R).
  public var inputProbabilities: [Float]
  /// Wall-clock seconds per part.
  public var timings: TauNetTimings
  /// Process CPU seconds per part (all threads).
  public var cpuTimings: TauNetTimings
  /// The simulation's time per trial group, with the time inside its GEMMs.
  public var simulationTimings: [SimulationTiming]
}

/// The τ_net and dimensionality analysis (docs/method.md §6) of one network; its artifact is a
/// `TauNetLayout`.
public enum TauNetAnalysis {
  /// Simulates `network` (`NetworkSimulation`), then per trial feeds the autocovariance accumulator
  /// and computes the PCA spectrum; fits every neuron's and the population's AC.
  ///
  /// - Memory: the recorded states of one trial group (`SimulationProtocol.recordedBytes`) plus
  ///   about 10 MB per thread; results are L·H + R·H doubles.
  /// - Determinism: the result does not depend on `threads` (each neuron's AC and fit is computed by
  ///   one thread; trials are added in order).
  public static func analyse(network: LeakyRNN, options o: TauNetOptions, progress: (String) -> Void = { _ in })
    -> TauNetResult
  {
    precondition(o.problems.isEmpty, "TauNetAnalysis: invalid options: \(o.problems)")
    let H = network.hidden, T = o.simulation.steps, R = o.simulation.trials
    var timings = TauNetTimings(), cpu = TauNetTimings()
    let accumulator = AutocovarianceAccumulator(
      timeSteps: T, neurons: H, lags: o.lags, normalization: o.normalization,
      workers: max(1, o.threads))
    var spectra: [PCASpectrum] = []
    var probabilities: [Float] = []
    progress("simulating \(R) trials of \(o.simulation.burnIn) + \(T) steps, H=\(H)")
    var c0 = Clock.processCPU()
    var simulation: [SimulationTiming] = []
    NetworkSimulation.simulate(
      network: network, protocol: o.simulation,
      simulated: {
        timings.simulation += $0.seconds
        cpu.simulation += $0.cpuSeconds
        simulation.append($0)
      }
    ) { r, p, trial in
      var t0 = Clock.now()
      c0 = Clock.processCPU()
      accumulator.add(trial: trial)
      timings.autocorrelation += Clock.now() - t0
      cpu.autocorrelation += Clock.processCPU() - c0
      t0 = Clock.now()
      c0 = Clock.processCPU()
      spectra.append(principalComponentSpectrum(data: trial, rows: T, columns: H, threshold: 0.9))
      timings.pca += Clock.now() - t0
      cpu.pca += Clock.processCPU() - c0
      probabilities.append(p)
      progress("trial \(r + 1)/\(R): \(spectra.last!.componentsForThreshold) components for 90 % of the variance")
    }

    let t0 = Clock.now()
    c0 = Clock.processCPU()
    let ac = accumulator.meanAutocovariance
    let lastFitLag = o.fitLags - 1
    let neurons = fitNeurons(autocovariance: ac, neurons: H, lags: o.lags, lastFitLag: lastFitLag, threads: o.threads)
    let populationAC = accumulator.meanPopulationAutocovariance
    let population = estimateTimescale(autocovariance: populationAC, lastFitLag: lastFitLag)
    timings.fits = Clock.now() - t0
    cpu.fits = Clock.processCPU() - c0
    let summary = TauNetLayout.summary(neurons.map(\.tauNet))
    progress(
      String(format: "fits done: τ_net mean %.3g over %d neurons with τ_net > 1", summary.mean, summary.count))
    return TauNetResult(
      tau: network.tau, autocovariance: ac, populationAutocovariance: populationAC, neurons: neurons,
      population: population, spectra: spectra, inputProbabilities: probabilities, timings: timings,
      cpuTimings: cpu, simulationTimings: simulation)
  }

  /// `estimateTimescale` of every column of an L × H autocovariance (lags × neurons), neuron i on
  /// worker i mod `threads`; the result does not depend on `threads`.
  public static func fitNeurons(
    autocovariance ac: [Double], neurons H: Int, lags L: Int, lastFitLag: Int,
    threads: Int
  ) -> [TimescaleEstimate] {
    precondition(ac.count == L * H, "TauNetAnalysis.fitNeurons: \(ac.count) values, expected L·H = \(L)·\(H)")
    var estimates = [TimescaleEstimate?](repeating: nil, count: H)
    let workers = max(1, min(threads, H))
    estimates.withUnsafeMutableBufferPointer { buffer in
      let out = buffer.baseAddress!
      let fit = { (w: Int) in
        var column = [Double](repeating: 0, count: L)
        var i = w
        while i < H {
          for k in 0..<L { column[k] = ac[k * H + i] }
          out[i] = estimateTimescale(autocovariance: column, lastFitLag: lastFitLag)
          i += workers
        }
      }
      if workers == 1 { fit(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: fit) }
    }
    return estimates.map { $0! }
  }

  /// The artifact's layout of one analysis.
  public static func layout(_ r: TauNetResult, options o: TauNetOptions) -> TauNetLayout {
    func estimates(_ e: [TimescaleEstimate]) -> TauNetLayout.Estimates {
      func fits(_ f: [ExponentialFit]) -> TauNetLayout.Fits {
        TauNetLayout.Fits(
          parameters: f.flatMap(\.parameters), aic: f.map(\.aic), rss: f.map(\.rss), converged: f.map(\.converged))
      }
      return TauNetLayout.Estimates(
        tauNet: e.map(\.tauNet), selectedModel: e.map { $0.selected?.rawValue ?? 0 }, single: fits(e.map(\.single)),
        double: fits(e.map(\.double)))
    }
    let sim = o.simulation
    var layout = TauNetLayout(
      tau: r.tau, autocovariance: r.autocovariance, neurons: estimates(r.neurons),
      populationAutocovariance: r.populationAutocovariance, population: estimates([r.population]),
      explainedVarianceRatio: r.spectra.flatMap(\.explainedVarianceRatio),
      components90: r.spectra.map(\.componentsForThreshold),
      referenceDimensionality: r.spectra.map(\.referenceDimensionality),
      inputProbability: r.inputProbabilities.map(Double.init),
      settings: TauNetLayout.Settings(
        steps: sim.steps, burnIn: sim.burnIn, trials: sim.trials, trialBatch: sim.trialBatch, lags: o.lags,
        fitLags: o.fitLags, seed: sim.seed, normalization: o.normalization == .unbiased ? "unbiased" : "authors"))
    layout.seconds = [r.timings.simulation, r.timings.autocorrelation, r.timings.fits, r.timings.pca]
    layout.cpuSeconds = [r.cpuTimings.simulation, r.cpuTimings.autocorrelation, r.cpuTimings.fits, r.cpuTimings.pca]
    return layout
  }

  /// The stage's whole job: reads the checkpoint, and either analyses its network or, when its level
  /// was not reached, returns the missing-data artifact (`/source` only).
  ///
  /// - Throws: `ExperimentsError.malformedCheckpoint` for an input that is not a training checkpoint.
  public static func run(
    checkpoint: Artifact, stage: String? = nil, options: TauNetOptions,
    progress: (String) -> Void = { _ in }
  ) throws -> Artifact {
    let (source, opened) = try AnalysisSource.open(checkpoint, stage: stage, progress: progress)
    guard let network = opened else { return source.missingDataArtifact() }
    var a = Artifact()
    layout(analyse(network: network, options: options, progress: progress), options: options)
      .write(source: source, into: &a)
    return a
  }
}
