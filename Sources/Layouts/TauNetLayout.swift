import Artifacts

/// A τ_net artifact (docs/method.md §6, "τ_net" and "Dimensionality"): the network-mediated timescales
/// and the dimensionality of one network, from one free-running simulation.
///
/// Layout (H neurons, L lags, R trials; float64 unless noted):
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
/// A level not reached gives only `/source` (`AnalysisSource.missingDataArtifact`).
public struct TauNetLayout: Equatable, Sendable {
  /// One exponential model fitted to each of n autocovariance series.
  public struct Fits: Equatable, Sendable {
    /// n×k, row-major: k = 2 for the single model [a, τ], 4 for the double [a, τ1, τ2, c].
    public var parameters: [Double]
    public var aic: [Double]
    public var rss: [Double]
    public var converged: [Bool]

    public init(parameters: [Double], aic: [Double], rss: [Double], converged: [Bool]) {
      self.parameters = parameters; self.aic = aic; self.rss = rss; self.converged = converged
    }
  }

  /// τ_net and both fits of n series: the H neurons, or the one population.
  public struct Estimates: Equatable, Sendable {
    public var tauNet: [Double]
    /// 1 single, 2 double, 0 neither.
    public var selectedModel: [Int]
    public var single: Fits
    public var double: Fits

    public init(tauNet: [Double], selectedModel: [Int], single: Fits, double: Fits) {
      self.tauNet = tauNet; self.selectedModel = selectedModel; self.single = single; self.double = double
    }
  }

  /// How the simulation and the fits were run (root attributes).
  public struct Settings: Equatable, Sendable {
    public var steps: Int
    public var burnIn: Int
    public var trials: Int
    public var trialBatch: Int
    public var lags: Int
    public var fitLags: Int
    public var seed: UInt64
    /// "unbiased" or "authors".
    public var normalization: String

    public init(
      steps: Int, burnIn: Int, trials: Int, trialBatch: Int, lags: Int, fitLags: Int, seed: UInt64,
      normalization: String
    ) {
      self.steps = steps; self.burnIn = burnIn; self.trials = trials; self.trialBatch = trialBatch
      self.lags = lags; self.fitLags = fitLags; self.seed = seed; self.normalization = normalization
    }
  }

  /// The timed parts of one analysis, in the order of `seconds` and `cpuSeconds`.
  public static let timedParts = ["simulation", "autocorrelation", "fits", "pca"]
  /// Root-attribute names of the wall-clock timings (the `provenance.` prefix keeps them out of the
  /// content hash); `cpuTimingAttributes` hold the process CPU seconds of the same parts.
  public static let timingAttributes = timedParts.map { "provenance.seconds_" + $0 }
  public static let cpuTimingAttributes = timedParts.map { "provenance.cpu_seconds_" + $0 }
  /// The variance fraction the dimensionality counts components for.
  public static let threshold = 0.9
  static let recorded =
    "h_t for t = burn_in+1 … burn_in+steps: the recurrent state (the output of φ in the default form)"

  /// Raw trained τ per neuron (H).
  public var tau: [Float]
  /// L×H (lags × neurons, row-major).
  public var autocovariance: [Double]
  public var neurons: Estimates
  /// L.
  public var populationAutocovariance: [Double]
  public var population: Estimates
  /// R×H, row per trial.
  public var explainedVarianceRatio: [Double]
  /// Per trial (R): components for > 90 % of the variance, and the authors' convention (that − 1).
  public var components90: [Int]
  public var referenceDimensionality: [Int]
  /// p of each trial's Bernoulli(p) inputs (R).
  public var inputProbability: [Double]
  public var settings: Settings
  /// Wall-clock and process CPU seconds per `timedParts` (provenance: written, never read back).
  public var seconds: [Double] = []
  public var cpuSeconds: [Double] = []

  public init(
    tau: [Float], autocovariance: [Double], neurons: Estimates, populationAutocovariance: [Double],
    population: Estimates, explainedVarianceRatio: [Double], components90: [Int], referenceDimensionality: [Int],
    inputProbability: [Double], settings: Settings
  ) {
    self.tau = tau; self.autocovariance = autocovariance; self.neurons = neurons
    self.populationAutocovariance = populationAutocovariance; self.population = population
    self.explainedVarianceRatio = explainedVarianceRatio; self.components90 = components90
    self.referenceDimensionality = referenceDimensionality; self.inputProbability = inputProbability
    self.settings = settings
  }

  /// Lags kept (L).
  public var lags: Int { tau.isEmpty ? 0 : autocovariance.count / tau.count }

  /// Mean, standard deviation (ddof 0) and count of the τ_net values > 1 (NaN excluded), the
  /// per-network aggregate of docs/method.md §6. NaN mean and std when no value qualifies.
  public static func summary(_ tauNet: [Double]) -> (mean: Double, std: Double, count: Int) {
    meanStd(tauNet.filter { $0 > 1 })
  }

  /// Mean and standard deviation (ddof 0) of `v`, and its count; NaN for none.
  public static func meanStd(_ v: [Double]) -> (mean: Double, std: Double, count: Int) {
    guard !v.isEmpty else { return (.nan, .nan, 0) }
    let m = v.reduce(0, +) / Double(v.count)
    let s = (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count)).squareRoot()
    return (m, s, v.count)
  }

  public func write(source: AnalysisSource, into a: inout Artifact) {
    source.write(into: &a)
    write(into: &a)
  }

  /// Writes everything but `/source` (the layout above).
  public func write(into a: inout Artifact) {
    let H = tau.count, R = components90.count
    a["/neurons/tau"] = NDArray(tau, shape: [H])
    a["/neurons/autocovariance"] = NDArray(autocovariance, shape: [lags, H])
    Self.write(neurons, at: "/neurons", into: &a)
    a["/population/autocovariance"] = NDArray(populationAutocovariance, shape: [populationAutocovariance.count])
    Self.write(population, at: "/population", into: &a)

    a["/dimensionality/explained_variance_ratio"] = NDArray(explainedVarianceRatio, shape: [R, H])
    a["/dimensionality/dimensionality_components_90"] = NDArray(components90.map(Int64.init))
    a["/dimensionality/dimensionality_reference"] = NDArray(referenceDimensionality.map(Int64.init))
    a.setAttribute("threshold", .double(Self.threshold), at: "/dimensionality")
    a["/simulation/input_probability"] = NDArray(inputProbability)

    let s = Self.summary(neurons.tauNet), t = Self.meanStd(tau.map(Double.init))
    a.setAttribute("tau_net_mean", .double(s.mean), at: "/summary")
    a.setAttribute("tau_net_std", .double(s.std), at: "/summary")
    a.setAttribute("tau_net_count", .int(Int64(s.count)), at: "/summary")
    a.setAttribute("tau_mean", .double(t.mean), at: "/summary")
    a.setAttribute("tau_std", .double(t.std), at: "/summary")
    a.setAttribute("components_90_mean", .double(Self.meanStd(components90.map(Double.init)).mean), at: "/summary")
    a.setAttribute(
      "reference_mean", .double(Self.meanStd(referenceDimensionality.map(Double.init)).mean), at: "/summary")

    let o = settings
    a.setAttribute("steps", .int(Int64(o.steps)))
    a.setAttribute("burn_in", .int(Int64(o.burnIn)))
    a.setAttribute("trials", .int(Int64(o.trials)))
    a.setAttribute("trial_batch", .int(Int64(o.trialBatch)))
    a.setAttribute("lags", .int(Int64(o.lags)))
    a.setAttribute("fit_lags", .int(Int64(o.fitLags)))
    a.setAttribute("seed", .int(Int64(bitPattern: o.seed)))
    a.setAttribute("normalization", .string(o.normalization))
    a.setAttribute("recorded", .string(Self.recorded))
    for (names, values) in [(Self.timingAttributes, seconds), (Self.cpuTimingAttributes, cpuSeconds)] {
      for (name, value) in zip(names, values) { a.setAttribute(name, .double(value)) }
    }
  }

  static func write(_ e: Estimates, at group: String, into a: inout Artifact) {
    let n = e.tauNet.count
    a[group + "/tau_net"] = NDArray(e.tauNet)
    a[group + "/selected_model"] = NDArray(e.selectedModel.map(Int32.init))
    for (name, fits, k) in [("single", e.single, 2), ("double", e.double, 4)] {
      a[group + "/" + name + "/parameters"] = NDArray(fits.parameters, shape: [n, k])
      a[group + "/" + name + "/aic"] = NDArray(fits.aic)
      a[group + "/" + name + "/rss"] = NDArray(fits.rss)
      a[group + "/" + name + "/converged"] = NDArray(bytes: fits.converged.map { $0 ? 1 : 0 })  // boolean as uint8
    }
  }

  /// Reads the layout of a reached level (the timings are left empty).
  /// - Throws: `LayoutError` naming the missing or misshapen dataset or attribute.
  public init(_ a: Artifact) throws {
    let r = AnalysisReader(a, kind: "tau-net")
    tau = try r.dataset("/neurons/tau").floats
    let H = tau.count
    let ac = try r.dataset("/neurons/autocovariance")
    guard ac.shape.count == 2, ac.shape[1] == H else {
      throw LayoutError("tau-net", path: "/neurons/autocovariance", reason: "shape \(ac.shape), expected [lags, \(H)]")
    }
    autocovariance = ac.doubles
    neurons = try Self.estimates(r, at: "/neurons", count: H)
    populationAutocovariance = try r.dataset("/population/autocovariance").doubles
    population = try Self.estimates(r, at: "/population", count: 1)
    explainedVarianceRatio = try r.dataset("/dimensionality/explained_variance_ratio").doubles
    components90 = try r.dataset("/dimensionality/dimensionality_components_90").ints
    referenceDimensionality = try r.dataset("/dimensionality/dimensionality_reference").ints
    guard referenceDimensionality.count == components90.count, explainedVarianceRatio.count == components90.count * H
    else {
      throw LayoutError(
        "tau-net", path: "/dimensionality",
        reason: "\(components90.count) trials of components but \(referenceDimensionality.count) of the reference"
          + " convention and \(explainedVarianceRatio.count) variance ratios (expected trials × \(H))")
    }
    inputProbability = try r.dataset("/simulation/input_probability").doubles
    settings = Settings(
      steps: try r.int("steps"), burnIn: try r.int("burn_in"), trials: try r.int("trials"),
      trialBatch: try r.int("trial_batch"), lags: try r.int("lags"), fitLags: try r.int("fit_lags"),
      seed: UInt64(bitPattern: Int64(try r.int("seed"))), normalization: try r.string("normalization"))
  }

  static func estimates(_ r: AnalysisReader, at group: String, count n: Int) throws -> Estimates {
    func fits(_ name: String, _ k: Int) throws -> Fits {
      let g = group + "/" + name
      let f = Fits(
        parameters: try r.dataset(g + "/parameters").doubles, aic: try r.dataset(g + "/aic").doubles,
        rss: try r.dataset(g + "/rss").doubles, converged: try r.dataset(g + "/converged").ints.map { $0 != 0 })
      guard f.parameters.count == n * k, f.aic.count == n, f.rss.count == n, f.converged.count == n else {
        throw LayoutError("tau-net", path: g, reason: "expected parameters \(n)×\(k) and \(n) aic, rss, converged")
      }
      return f
    }
    let e = Estimates(
      tauNet: try r.dataset(group + "/tau_net").doubles, selectedModel: try r.dataset(group + "/selected_model").ints,
      single: try fits("single", 2), double: try fits("double", 4))
    guard e.tauNet.count == n, e.selectedModel.count == n else {
      throw LayoutError("tau-net", path: group, reason: "expected \(n) tau_net and selected_model values")
    }
    return e
  }
}
