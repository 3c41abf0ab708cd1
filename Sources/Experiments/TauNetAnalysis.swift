import Artifacts
import Foundation
import Layouts
import Networks
import Numerics

// Network-mediated timescales and dimensionality of one network (SPEC §6, "τ_net" and
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
  /// Divisor of lag k: n − k (SPEC) or n − 1 − k (the authors' code).
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

/// The τ_net and dimensionality analysis (SPEC §6) of one network, and its artifact.
///
/// Artifact layout (H neurons, L lags, R trials; float64 unless noted):
/// ```
/// /source/…                               see AnalysisSource (identity of the input network)
/// /neurons/tau                 float32 H   raw trained τ (unclamped)
/// /neurons/tau_net                     H   τ of the lower-AIC model (max(τ1, τ2) for the double); NaN: no fit
/// /neurons/selected_model      int32   H   1 single, 2 double, 0 neither (both fits failed)
/// /neurons/autocovariance              L×H trial-averaged autocovariance (not normalised), lags 0…L−1
/// /neurons/single/parameters           H×2 [a, τ] of a·e^{−t/τ} fitted to AC/AC[0], lags 0…n−1; NaN if failed
/// /neurons/single/{aic, rss}           H   AIC = 2k + n·ln(RSS/n), 1e5 if failed (rss NaN)
/// /neurons/single/converged    uint8   H   1/0 (a boolean)
/// /neurons/double/parameters           H×4 [a, τ1, τ2, c] of a[c·e^{−t/τ1} + (1−c)·e^{−t/τ2}], τ1 ≤ τ2
/// /neurons/double/{aic, rss, converged}    as for single
/// /population/autocovariance           L   of the summed activity Σ_i h_{t,i}
/// /population/{tau_net, selected_model, single/…, double/…}   as under /neurons with H = 1
/// /dimensionality/explained_variance_ratio       R×H  per trial, descending
/// /dimensionality/dimensionality_components_90   int64 R  components for > 90 % of the variance
/// /dimensionality/dimensionality_reference       int64 R  the authors' convention: that number − 1
///   attribute threshold 0.9
/// /simulation/input_probability        R   p of each trial's Bernoulli(p) inputs
/// /summary  attributes: tau_net_mean, tau_net_std, tau_net_count (over neurons with τ_net > 1; std
///           with ddof 0), tau_mean, tau_std (raw τ, all neurons), components_90_mean, reference_mean
/// root attributes: steps, burn_in, trials, trial_batch, lags, fit_lags, seed (int64), normalization
///   ("unbiased" | "authors"), recorded (what the activity is), and the timings
///   provenance.seconds_{simulation, autocorrelation, fits, pca} (wall) and provenance.cpu_seconds_{…}
///   (process CPU), excluded from the content hash
/// ```
public enum TauNetAnalysis {
  /// Root-attribute names of the wall-clock timings (the `provenance.` prefix keeps them out of the
  /// content hash); `cpuTimingAttributes` hold the process CPU seconds of the same parts.
  public static let timingAttributes = ["simulation", "autocorrelation", "fits", "pca"].map {
    "provenance.seconds_" + $0
  }
  public static let cpuTimingAttributes = ["simulation", "autocorrelation", "fits", "pca"].map {
    "provenance.cpu_seconds_" + $0
  }

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
    progress(
      String(
        format: "fits done: τ_net mean %.3g over %d neurons with τ_net > 1", summary(neurons.map(\.tauNet)).mean,
        summary(neurons.map(\.tauNet)).count))
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

  /// Mean, standard deviation (ddof 0) and count of the τ_net values > 1 (NaN excluded), the
  /// per-network aggregate of SPEC §6. NaN mean and std when no value qualifies.
  public static func summary(_ tauNet: [Double]) -> (mean: Double, std: Double, count: Int) {
    meanStd(tauNet.filter { $0 > 1 })
  }

  static func meanStd(_ v: [Double]) -> (mean: Double, std: Double, count: Int) {
    guard !v.isEmpty else { return (.nan, .nan, 0) }
    let m = v.reduce(0, +) / Double(v.count)
    let s = (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count)).squareRoot()
    return (m, s, v.count)
  }

  /// The artifact of one analysis (layout in the type's documentation), without `/source`.
  public static func artifact(_ r: TauNetResult, options o: TauNetOptions) -> Artifact {
    var a = Artifact()
    let H = r.tau.count, L = o.lags, R = r.spectra.count
    a["/neurons/tau"] = NDArray(r.tau, shape: [H])
    a["/neurons/autocovariance"] = NDArray(r.autocovariance, shape: [L, H])
    writeEstimates(r.neurons, at: "/neurons", into: &a)
    a["/population/autocovariance"] = NDArray(r.populationAutocovariance, shape: [L])
    writeEstimates([r.population], at: "/population", into: &a)

    a["/dimensionality/explained_variance_ratio"] = NDArray(r.spectra.flatMap(\.explainedVarianceRatio), shape: [R, H])
    a["/dimensionality/dimensionality_components_90"] = NDArray(r.spectra.map { Int64($0.componentsForThreshold) })
    a["/dimensionality/dimensionality_reference"] = NDArray(r.spectra.map { Int64($0.referenceDimensionality) })
    a.setAttribute("threshold", .double(0.9), at: "/dimensionality")
    a["/simulation/input_probability"] = NDArray(r.inputProbabilities.map(Double.init))

    let s = summary(r.neurons.map(\.tauNet)), tau = meanStd(r.tau.map(Double.init))
    a.setAttribute("tau_net_mean", .double(s.mean), at: "/summary")
    a.setAttribute("tau_net_std", .double(s.std), at: "/summary")
    a.setAttribute("tau_net_count", .int(Int64(s.count)), at: "/summary")
    a.setAttribute("tau_mean", .double(tau.mean), at: "/summary")
    a.setAttribute("tau_std", .double(tau.std), at: "/summary")
    a.setAttribute(
      "components_90_mean", .double(meanStd(r.spectra.map { Double($0.componentsForThreshold) }).mean), at: "/summary")
    a.setAttribute(
      "reference_mean", .double(meanStd(r.spectra.map { Double($0.referenceDimensionality) }).mean), at: "/summary")

    let sim = o.simulation
    a.setAttribute("steps", .int(Int64(sim.steps)))
    a.setAttribute("burn_in", .int(Int64(sim.burnIn)))
    a.setAttribute("trials", .int(Int64(sim.trials)))
    a.setAttribute("trial_batch", .int(Int64(sim.trialBatch)))
    a.setAttribute("lags", .int(Int64(L)))
    a.setAttribute("fit_lags", .int(Int64(o.fitLags)))
    a.setAttribute("seed", .int(Int64(bitPattern: sim.seed)))
    a.setAttribute("normalization", .string(o.normalization == .unbiased ? "unbiased" : "authors"))
    a.setAttribute(
      "recorded",
      .string("h_t for t = burn_in+1 … burn_in+steps: the recurrent state (the output of φ in the default form)"))
    for (names, t) in [(timingAttributes, r.timings), (cpuTimingAttributes, r.cpuTimings)] {
      for (name, value) in zip(names, [t.simulation, t.autocorrelation, t.fits, t.pca]) {
        a.setAttribute(name, .double(value))
      }
    }
    return a
  }

  /// Writes the fits of `estimates` (one per neuron, or one for the population) under `group`.
  static func writeEstimates(_ e: [TimescaleEstimate], at group: String, into a: inout Artifact) {
    let n = e.count
    a[group + "/tau_net"] = NDArray(e.map(\.tauNet))
    a[group + "/selected_model"] = NDArray(e.map { Int32($0.selected?.rawValue ?? 0) })
    for (name, fits) in [("single", e.map(\.single)), ("double", e.map(\.double))] {
      let k = fits.first?.parameters.count ?? (name == "single" ? 2 : 4)
      a[group + "/" + name + "/parameters"] = NDArray(fits.flatMap(\.parameters), shape: [n, k])
      a[group + "/" + name + "/aic"] = NDArray(fits.map(\.aic))
      a[group + "/" + name + "/rss"] = NDArray(fits.map(\.rss))
      a[group + "/" + name + "/converged"] = NDArray(bytes: fits.map { $0.converged ? 1 : 0 })  // boolean as uint8
    }
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
    var a = artifact(analyse(network: network, options: options, progress: progress), options: options)
    source.write(into: &a)
    return a
  }
}
