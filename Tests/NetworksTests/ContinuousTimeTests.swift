import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Numerics
import Tasks
import TestSupport
import Testing

/// The continuous-time leaky RNN (docs/method.md §1.1): each digit held for k steps, τ̃ = max(τ·k, 1).
@Suite struct ContinuousTimeTests {
  /// Analytic gradients at k = 3 vs central finite differences of the Double-precision reference,
  /// with one neuron below the continuous-time clamp (τ·k < 1: zero τ gradient) and one below the
  /// discrete clamp but above this one (τ = 0.5: τ·k = 1.5, a nonzero gradient).
  @Test(arguments: [Nonlinearity.leakyReLU, .tanh])
  func finiteDifferencesAtK3(phi: Nonlinearity) {
    let H = 4, B = 3, T = 3, K = 2, k = 3
    let config = LeakyRNNConfig(hidden: H, form: .mod, nonlinearity: phi)
    var rng = RandomStream(seed: 42)
    var net = LeakyRNN(config: config, heads: K, rng: &rng)
    net.parameters[0] = 0.2; net.parameters[1] = 0.5
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : 0) }
    let h0 = rng.uniformArray(B * H, 0, 0.1)
    let labels: [Int32] = (0..<(K * B)).map { _ in rng.bernoulli(0.5) ? 1 : 0 }
    let ws = Workspace(batch: B, maxTime: k * T, hidden: H, maxHeads: K)
    var g = [Float](repeating: 0, count: net.layout.count)
    let r = net.lossAndGradients(
      inputs: inputs, time: T, initialState: h0, labels: labels, activeHeads: 0..<K, workspace: ws,
      gradients: &g, stepsPerDigit: k)
    let ref = ReferenceRNN(config: config, heads: K, stepsPerDigit: k)
    let p = net.parameters.map(Double.init)
    #expect(abs(r.loss - ref.loss(p, inputs: inputs, T: T, B: B, h0: h0, labels: labels, activeHeads: 0..<K)) < 1e-5)
    let eps = 1e-6
    var fd = [Double](repeating: 0, count: p.count)
    for i in p.indices {
      var pp = p, pm = p
      pp[i] += eps; pm[i] -= eps
      fd[i] =
        (ref.loss(pp, inputs: inputs, T: T, B: B, h0: h0, labels: labels, activeHeads: 0..<K)
          - ref.loss(pm, inputs: inputs, T: T, B: B, h0: h0, labels: labels, activeHeads: 0..<K)) / (2 * eps)
    }
    compareTensors(g, expected: net.layout.named.map { ($0.name, $0.range, Array(fd[$0.range])) }, tolerance: 2e-3)
    #expect(g[net.layout.tau.lowerBound] == 0, "τ·k = 0.6 < 1: clamped")
    #expect(g[net.layout.tau.lowerBound + 1] != 0, "τ·k = 1.5 ≥ 1: trained")
  }

  /// k = 2 is, bit for bit, the discrete network (k = 1) run on the digits repeated by hand with
  /// every τ doubled; the τ gradient is k times the doubled network's (∂τ̃/∂τ = k), the rest equal.
  /// (k = 1 itself runs the discrete code unchanged: τ·1 = τ exactly; the PyTorch fixtures of
  /// GradientTests pin it.)
  @Test func repeatingByHandIsTheSame() {
    let H = 5, B = 2, T = 4, k = 2
    var rng = RandomStream(seed: 7)
    let net = LeakyRNN(config: LeakyRNNConfig(hidden: H, form: .mod), heads: 1, rng: &rng)
    var doubled = net
    for i in net.layout.tau { doubled.parameters[i] = net.parameters[i] * 2 }
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : 0) }
    let repeated = (0..<(k * T)).flatMap { t in inputs[((t / k) * B)..<((t / k) * B + B)] }
    let h0 = rng.uniformArray(B * H, 0, 0.1)
    let ws = Workspace(batch: B, maxTime: k * T, hidden: H)
    var g = [Float](repeating: 0, count: net.layout.count), gd = g
    let a = net.lossAndGradients(
      inputs: inputs, time: T, initialState: h0, labels: [0, 1], activeHeads: 0..<1, workspace: ws,
      gradients: &g, stepsPerDigit: k)
    let statesK = ws.states(time: k * T)
    let b = doubled.lossAndGradients(
      inputs: repeated, time: k * T, initialState: h0, labels: [0, 1], activeHeads: 0..<1,
      workspace: ws, gradients: &gd)
    #expect(a.loss == b.loss && statesK == ws.states(time: k * T))
    let tau = net.layout.tau
    #expect(Array(g[tau]) == gd[tau].map { $0 * Float(k) })
    #expect(Array(g[tau.upperBound...]) == Array(gd[tau.upperBound...]))
  }

  static let config = TrainingConfig(
    neurons: 6, batchSize: 4, stepsPerEpoch: 2, testBatches: 2, epochBudget: 2,
    task: .parity, curriculum: .multi, form: .mod, seed: 5, stepsPerDigit: [2, 3])

  /// Training with a set of k: the checkpoint keeps the k set, a resume from the state after
  /// epoch 1 (through a checkpoint file) is bit-identical to an uninterrupted run, and a discrete
  /// config encodes without the key (so existing cache keys do not move).
  @Test func trainsResumesAndRoundTrips() throws {
    let config = Self.config
    let full = try Trainer.trainLevel(config: config, level: 2)
    #expect(full.epochsUsed == 2 && full.history.count == 2)
    var saved: [TrainingState] = []
    _ = try Trainer.trainLevel(config: config, level: 2, onEpochEnd: { saved.append($0) })
    let dir = try Fixtures.temporaryDirectory("ct-resume")
    let path = dir.appendingPathComponent("scratch.h5").path
    try ArtifactWriter.write(Checkpoint.artifact(saved[0], config: config), to: path)
    let (restored, restoredConfig) = try Checkpoint.readState(try ArtifactReader.read(path))
    #expect(restoredConfig == config && restoredConfig.stepsPerDigit == [2, 3])
    let resumed = try Trainer.trainLevel(config: restoredConfig, level: 2, from: restored)
    #expect(resumed.state.network.parameters == full.state.network.parameters)
    #expect(resumed.history.map(\.loss) == full.history.map(\.loss))
    #expect(
      ContentHash.of(Checkpoint.artifact(resumed.state, config: config))
        == ContentHash.of(Checkpoint.artifact(full.state, config: config)))
    // The k set changes training (it is not ignored) …
    var other = config; other.stepsPerDigit = [3]
    #expect(try Trainer.trainLevel(config: other, level: 2).state.network.parameters != full.state.network.parameters)
    // … k = [1] is the discrete run, and a discrete config has no stepsPerDigit key.
    var discrete = config; discrete.stepsPerDigit = nil
    var one = config; one.stepsPerDigit = [1]
    #expect(
      try Trainer.trainLevel(config: one, level: 2).state.network
        == Trainer.trainLevel(config: discrete, level: 2).state.network)
    #expect(!Checkpoint.configJSON(discrete).contains("stepsPerDigit"))
    var empty = config; empty.stepsPerDigit = []
    #expect(throws: ExperimentsError.self) { try Trainer.trainLevel(config: empty, level: 2) }
    try? FileManager.default.removeItem(at: dir)
  }

  /// The test analysis: per-head accuracy at each k of the grid, long sequences in chunks give the
  /// same counts as one pass, and an unreached level writes `/source` only.
  @Test func testAnalysisLayoutAndChunking() throws {
    var rng = RandomStream(seed: 9)
    let net = LeakyRNN(config: LeakyRNNConfig(hidden: 5, form: .mod), heads: 2, rng: &rng)
    var state = TrainingState.fresh(Self.config)
    state.network = net
    state.level = 3
    state.levelReached = true
    let a = try ContinuousTimeTest.run(
      checkpoint: Checkpoint.artifact(state, config: Self.config), grid: [5, 1, 40],
      testBatches: 2, batchSize: 3, seed: 1)
    #expect(a["/continuous_time/steps_per_digit"]?.ints == [1, 5, 40])
    #expect(a["/continuous_time/training_steps_per_digit"]?.ints == [2, 3])
    #expect(a["/continuous_time/n"]?.ints == [2, 3] && a["/continuous_time/head"]?.ints == [0, 1])
    #expect(a["/continuous_time/accuracy"]?.shape == [3, 2])
    #expect(a.attribute("level", at: "/source")?.intValue == 3)
    // The layout reads back what was written, and writes the same content again.
    let layout = try ContinuousTimeLayout(a)
    #expect(layout.stepsPerDigit == [1, 5, 40] && layout.testBatches == 2 && layout.batchSize == 3 && layout.seed == 1)
    var again = Artifact()
    layout.write(source: try AnalysisSource(analysis: a), into: &again)
    #expect(ContentHash.of(again) == ContentHash.of(a))
    // One pass vs chunks of a few digits (the chunk bound forced small).
    let acc = ContinuousTimeTest.accuracies(
      network: net, task: .parity, ns: [2, 3], heads: [0, 1], grid: [40], testBatches: 2,
      batchSize: 3, seed: 1)
    #expect(acc[0] == a["/continuous_time/accuracy"]!.doubles.suffix(2).map { $0 })
    let chunked = ContinuousTimeTest.accuracies(
      network: net, task: .parity, ns: [2, 3], heads: [0, 1], grid: [40], testBatches: 2,
      batchSize: 3, seed: 1, maxChunkFloats: 3 * 5 * 40 * 2)
    #expect(chunked == acc)
    state.levelReached = false
    let missing = try ContinuousTimeTest.run(
      checkpoint: Checkpoint.artifact(state, config: Self.config), testBatches: 1,
      batchSize: 2, seed: 1)
    #expect(
      missing["/continuous_time/accuracy"] == nil && missing.attribute("level_reached", at: "/source")?.intValue == 0)
    #expect(ContinuousTimeTest.defaultGrid.first == 1 && ContinuousTimeTest.defaultGrid.last == 200)
  }
}
