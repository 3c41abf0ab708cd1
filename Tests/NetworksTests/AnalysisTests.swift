import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Numerics
import Tasks
import TestSupport
import Testing

/// The τ_net, dimensionality and forgetting analyses on tiny networks (debug-build friendly).
@Suite struct AnalysisTests {
  /// A checkpoint artifact of a fresh network of `config`, marked as `level` (reached or not).
  /// `slowTau` sets τ_i = 3 + 3i and b^I = 1, so the neurons stay on φ's linear side and their
  /// autocovariances decay over several lags (a fresh 4-neuron network mostly sits on the 0.01 slope,
  /// where the leak is lost, and gives τ_net ≈ 0).
  static func checkpoint(_ config: TrainingConfig, level: Int? = nil, reached: Bool, slowTau: Bool = false) -> Artifact
  {
    var state = TrainingState.fresh(config)
    if slowTau {
      let range = state.network.layout.tau
      for (j, i) in range.enumerated() { state.network.parameters[i] = 3 + 3 * Float(j) }
      for i in state.network.layout.bIn { state.network.parameters[i] = 1 }  // keep the neurons out of φ's flat side
    }
    if let level, config.curriculum == .multi, level > state.level {
      var rng = RandomStream(seed: 99)
      state.network.appendHeads(level - state.level, rng: &rng)
    }
    if let level { state.level = level }
    state.levelReached = reached
    return Checkpoint.artifact(state, config: config)
  }

  static let config = TrainingConfig(
    neurons: 4, batchSize: 8, stepsPerEpoch: 2, testBatches: 2, epochBudget: 2,
    task: .parity, curriculum: .single, seed: 5)
  /// 3 trials simulated 2 at a time (so the last group is smaller), 400 recorded steps, lags 0…39.
  static let options = TauNetOptions(
    simulation: SimulationProtocol(steps: 400, burnIn: 20, trials: 3, trialBatch: 2, seed: 3),
    lags: 40, fitLags: 31, normalization: .unbiased, threads: 1)

  /// The recorded activity is h_{W+1} … h_{W+T} of the recurrence run from the documented random
  /// streams (checked against a naive Double loop), and the stored autocovariance equals a direct
  /// O(T·L) sum over that activity (no FFT); τ_net refitted from the direct AC matches.
  @Test func tauNetMatchesBruteForceAutocovariance() throws {
    let checkpoint = Self.checkpoint(Self.config, level: 3, reached: true, slowTau: true)
    let network = try Checkpoint.readNetwork(checkpoint)
    let o = Self.options, H = network.hidden, T = o.simulation.steps, W = o.simulation.burnIn, L = o.lags
    var trials: [[Float]] = []
    NetworkSimulation.simulate(network: network, protocol: o.simulation) { _, _, x in trials.append(Array(x)) }
    #expect(trials.count == 3 && trials.allSatisfy { $0.count == T * H })

    // Naive recurrence for trial 2 (the lone trial of the second group).
    var rng = NetworkSimulation.trialStream(seed: o.simulation.seed, trial: 2)
    let p = rng.uniform()
    var h = (0..<H).map { _ in Double(0.1 * rng.uniform()) }
    let P = network.parameters, lay = network.layout
    var worst = 0.0
    for step in 1...(W + T) {
      let s: Double = rng.bernoulli(p) ? 1 : 0
      h = (0..<H).map { i in
        let tc = Double(max(P[lay.tau.lowerBound + i], 1))
        var pre =
          Double(P[lay.wIn.lowerBound + i]) * s + Double(P[lay.bIn.lowerBound + i]) + Double(P[lay.bRec.lowerBound + i])
        for j in 0..<H { pre += Double(P[lay.wRec.lowerBound + i * H + j]) * h[j] }
        let x = (1 - 1 / tc) * h[i] + pre / tc
        return x > 0 ? x : 0.01 * x
      }
      if step > W { for i in 0..<H { worst = max(worst, abs(Double(trials[2][(step - W - 1) * H + i]) - h[i])) } }
    }
    #expect(worst < 1e-4, "recorded activity differs from the naive recurrence by \(worst)")

    let artifact = try TauNetAnalysis.run(checkpoint: checkpoint, options: o)
    let ac = try #require(artifact["/neurons/autocovariance"])
    #expect(ac.shape == [L, H])
    let stored = ac.doubles
    // Direct autocovariance: per trial and neuron, subtract the mean, Σ_t x_t x_{t+k} / (T − k), mean over trials.
    var direct = [Double](repeating: 0, count: L * H)
    for x in trials {
      for i in 0..<H {
        let series = (0..<T).map { Double(x[$0 * H + i]) }
        let m = series.reduce(0, +) / Double(T)
        let c = series.map { $0 - m }
        for k in 0..<L {
          var s = 0.0
          for t in 0..<(T - k) { s += c[t] * c[t + k] }
          direct[k * H + i] += s / Double(T - k) / Double(trials.count)
        }
      }
    }
    let tauNet = try #require(artifact["/neurons/tau_net"]).doubles
    let selected = try #require(artifact["/neurons/selected_model"]).ints
    for i in 0..<H {
      let scale = direct[i]  // AC[0] of neuron i
      #expect(scale > 0)
      for k in 0..<L {
        let e = abs(stored[k * H + i] - direct[k * H + i]) / scale
        #expect(e < 1e-4, "neuron \(i) lag \(k): FFT \(stored[k * H + i]) vs direct \(direct[k * H + i])")
      }
      let refit = estimateTimescale(autocovariance: (0..<L).map { direct[$0 * H + i] }, lastFitLag: o.fitLags - 1)
      #expect(
        selected[i] == (refit.selected?.rawValue ?? 0),
        "neuron \(i): model \(selected[i]) vs \(String(describing: refit.selected))")
      if refit.tauNet.isNaN {
        #expect(tauNet[i].isNaN)
      } else {
        #expect(
          abs(tauNet[i] - refit.tauNet) <= 1e-3 * max(1, refit.tauNet),
          "neuron \(i): τ_net \(tauNet[i]) vs \(refit.tauNet)")
      }
    }

    // Layout.
    let R = o.simulation.trials
    let shapes: [(String, [Int])] = [
      ("/neurons/tau", [H]), ("/neurons/tau_net", [H]), ("/neurons/selected_model", [H]),
      ("/neurons/single/parameters", [H, 2]), ("/neurons/double/parameters", [H, 4]),
      ("/neurons/single/aic", [H]), ("/neurons/double/aic", [H]), ("/neurons/double/converged", [H]),
      ("/population/autocovariance", [L]), ("/population/tau_net", [1]), ("/population/double/parameters", [1, 4]),
      ("/dimensionality/explained_variance_ratio", [R, H]), ("/dimensionality/dimensionality_components_90", [R]),
      ("/dimensionality/dimensionality_reference", [R]), ("/simulation/input_probability", [R]),
    ]
    for (path, shape) in shapes {
      #expect(artifact[path]?.shape == shape, "\(path): \(String(describing: artifact[path]?.shape))")
    }
    #expect(artifact["/neurons/tau"]?.floats == network.tau)
    let c90 = try #require(artifact["/dimensionality/dimensionality_components_90"]).ints
    #expect(try #require(artifact["/dimensionality/dimensionality_reference"]).ints == c90.map { $0 - 1 })
    let pca = principalComponentSpectrum(data: trials[1], rows: T, columns: H)
    #expect(c90[1] == pca.componentsForThreshold)
    #expect(artifact.attribute("level", at: "/source")?.intValue == 3)
    #expect(artifact.attribute("level_reached", at: "/source")?.intValue == 1)
    #expect(artifact.attribute("task", at: "/source")?.stringValue == "parity")
    #expect(artifact.attribute("curriculum", at: "/source")?.stringValue == "single")
    #expect(artifact.attribute("seed", at: "/source")?.intValue == 5)
    #expect(artifact.attribute("config", at: "/source")?.stringValue == Checkpoint.configJSON(Self.config))
    for name in TauNetLayout.timingAttributes {
      #expect(artifact.attribute(name)?.doubleValue != nil, "\(name) missing")
    }
    // The layout reads back what was written, and writes the same content again.
    let layout = try TauNetLayout(artifact)
    #expect(layout.neurons.tauNet.count == H && layout.settings.fitLags == o.fitLags && layout.lags == L)
    var again = Artifact()
    layout.write(source: try AnalysisSource(analysis: artifact), into: &again)
    #expect(ContentHash.of(again) == ContentHash.of(artifact))
  }

  /// An input whose level was not reached gives `/source` only, with level_reached = 0, for both
  /// analyses, without simulating (the paper-scale default protocol would take seconds).
  @Test func unreachedLevelGivesMissingDataArtifact() throws {
    let checkpoint = Self.checkpoint(Self.config, level: 4, reached: false)
    let tau = try TauNetAnalysis.run(checkpoint: checkpoint, stage: "train/x/N4", options: TauNetOptions())
    let forgetting = try ForgettingAnalysis.run(checkpoint: checkpoint, testBatches: 50, batchSize: 256, seed: 0)
    for a in [tau, forgetting] {
      #expect(a.allDatasets.isEmpty)
      #expect(Set(a.root.groups.keys) == ["source"])
      #expect(a.attribute("level_reached", at: "/source")?.intValue == 0)
      #expect(a.attribute("level", at: "/source")?.intValue == 4)
      #expect(a.attribute("config", at: "/source")?.stringValue == Checkpoint.configJSON(Self.config))
    }
    #expect(tau.attribute("stage", at: "/source")?.stringValue == "train/x/N4")
    // Retraining from a level not reached still says which N′ it was for.
    let retraining = try RetrainingAnalysis.run(checkpoint: checkpoint, options: .init(nPrime: 7))
    #expect(retraining.allDatasets.isEmpty)
    #expect(try RetrainingLayout.nPrime(retraining) == 7)
    // Not a checkpoint at all: a clear error naming /training.
    #expect(throws: ExperimentsError.self) { try TauNetAnalysis.run(checkpoint: Artifact(), options: Self.options) }
  }

  /// Two runs (one and two threads) give the same content hash; the file round trip keeps it, and the
  /// timings are stored but excluded from the hash.
  @Test func tauNetIsDeterministic() throws {
    let checkpoint = Self.checkpoint(Self.config, level: 3, reached: true)
    var o2 = Self.options
    o2.threads = 2
    let a = try TauNetAnalysis.run(checkpoint: checkpoint, options: Self.options)
    var b = try TauNetAnalysis.run(checkpoint: checkpoint, options: o2)
    #expect(ContentHash.of(a) == ContentHash.of(b))
    b.setAttribute(TauNetLayout.timingAttributes[0], .double(12345))
    #expect(ContentHash.of(a) == ContentHash.of(b))
    let dir = try Fixtures.temporaryDirectory("taunet")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.h5").path
    try ArtifactWriter.write(a, to: path)
    #expect(ContentHash.of(try ArtifactReader.read(path)) == ContentHash.of(a))
  }

  /// A fresh (untrained) network answers at chance: single-head tested with its one head on every
  /// N′ ∈ [2, N_max], multi-head with head k on N = k + 2; deterministic for a seed.
  @Test func forgettingOfFreshNetworksIsAtChance() throws {
    for (curriculum, level) in [(Curriculum.single, 5), (.multi, 4)] {
      var config = Self.config
      config.curriculum = curriculum
      let checkpoint = Self.checkpoint(config, level: level, reached: true)
      let a = try ForgettingAnalysis.run(checkpoint: checkpoint, testBatches: 4, batchSize: 32, seed: 1)
      let n = try #require(a["/forgetting/n"]).ints, head = try #require(a["/forgetting/head"]).ints
      let acc = try #require(a["/forgetting/accuracy"]).doubles
      #expect(n == Array(2...level))
      #expect(head == (curriculum == .single ? [Int](repeating: 0, count: level - 1) : Array(0..<(level - 1))))
      #expect(acc.count == level - 1 && acc.allSatisfy { $0 > 0.3 && $0 < 0.7 }, "\(curriculum): \(acc)")
      #expect(a["/forgetting/accuracy"]?.dtype == .float64)
      #expect(a.attribute("curriculum", at: "/source")?.stringValue == curriculum.description)
      let again = try ForgettingAnalysis.run(checkpoint: checkpoint, testBatches: 4, batchSize: 32, seed: 1)
      #expect(ContentHash.of(again) == ContentHash.of(a))
      // Lengths following N_max: the same pairs, one set of batches.
      let level = try ForgettingAnalysis.run(
        checkpoint: checkpoint, testBatches: 4, batchSize: 32, seed: 1, lengths: .level)
      #expect(level["/forgetting/n"]?.ints == n && level["/forgetting/head"]?.ints == head)
      #expect(try #require(level["/forgetting/accuracy"]).doubles.allSatisfy { $0 > 0.3 && $0 < 0.7 })
      #expect(level.attribute("lengths", at: "/forgetting")?.stringValue == "level")
    }
  }
}
