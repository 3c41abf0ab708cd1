import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Numerics
import Tasks
import TestSupport
import Testing

@Suite struct TrainingTests {
  static let tiny = TrainingConfig(
    neurons: 6, batchSize: 4, stepsPerEpoch: 3, testBatches: 2, epochBudget: 3,
    task: .parity, curriculum: .multi, seed: 11)

  /// Stopping after epoch 1 and resuming from the state passed to `onEpochEnd` (through a checkpoint
  /// artifact written to disk and read back) gives a bit-identical result to an uninterrupted run.
  @Test func resumeIsBitIdentical() throws {
    let config = Self.tiny
    // Level 2 first, then level 3 (adds a head) — resume in the middle of level 3.
    let l2 = try Trainer.trainLevel(config: config, level: 2)
    var startL3 = l2.state
    startL3.levelReached = true  // move on regardless of accuracy (tiny network)
    let full = try Trainer.trainLevel(config: config, level: 3, from: startL3)
    #expect(full.epochsUsed == 3 && full.state.network.heads == 2)

    var saved: [TrainingState] = []
    _ = try Trainer.trainLevel(config: config, level: 3, from: startL3, onEpochEnd: { saved.append($0) })
    let dir = try Fixtures.temporaryDirectory("resume")
    let path = dir.appendingPathComponent("scratch.h5").path
    try ArtifactWriter.write(Checkpoint.artifact(saved[0], config: config), to: path)
    let (restored, restoredConfig) = try Checkpoint.readState(try ArtifactReader.read(path))
    #expect(restoredConfig == config)
    #expect(restored.network == saved[0].network && restored.optimizer == saved[0].optimizer)
    let resumed = try Trainer.trainLevel(config: restoredConfig, level: 3, from: restored)
    #expect(resumed.state.network.parameters == full.state.network.parameters)
    #expect(resumed.state.optimizer.buffer == full.state.optimizer.buffer)
    #expect(resumed.history.map(\.loss) == full.history.map(\.loss))
    #expect(resumed.history.map(\.accuracy) == full.history.map(\.accuracy))
    let a = Checkpoint.artifact(resumed.state, config: config), b = Checkpoint.artifact(full.state, config: config)
    #expect(ContentHash.of(a) == ContentHash.of(b))
    try? FileManager.default.removeItem(at: dir)
  }

  /// Diagonal stays zero, τ is stored unclamped, new heads start with zero momentum.
  @Test func invariantsAfterTraining() throws {
    let r = try Trainer.trainLevel(config: Self.tiny, level: 2)
    let n = r.state.network, H = n.hidden
    for i in 0..<H { #expect(n.parameters[n.layout.wRec.lowerBound + i * H + i] == 0) }
    var s = r.state; s.levelReached = true
    var lines: [String] = []
    let r3 = try Trainer.trainLevel(config: Self.tiny, level: 3, from: s, progress: { lines.append($0) })
    #expect(r3.state.network.heads == 2)
    #expect(lines.first?.hasPrefix("epoch 4 N=3 loss ") == true, "progress line: \(lines.first ?? "none")")
  }

  /// Multi-objective training starts with every head of its one level in the loss and records the
  /// accuracy of each head every epoch; there is no later level.
  @Test func multiObjectiveTrainsEveryHeadFromTheStart() throws {
    var config = Self.tiny
    config.curriculum = .multiObjective(n: 4)
    let r = try Trainer.trainLevel(config: config, level: 4)
    #expect(r.state.network.heads == 3 && r.epochsUsed == 3)
    #expect(r.history.allSatisfy { $0.ns == [2, 3, 4] && $0.accuracy.count == 3 && $0.level == 4 })
    #expect(throws: ExperimentsError.self) { try Trainer.trainLevel(config: config, level: 5) }
  }

  /// Checkpoint round trip of a network with fixed τ in the mod form.
  @Test func checkpointRoundTrip() throws {
    var rng = RandomStream(seed: 4)
    let net = LeakyRNN(
      config: LeakyRNNConfig(hidden: 5, form: .mod, nonlinearity: .tanh, tau: .fixed(2)), heads: 3, rng: &rng)
    var a = Artifact()
    Checkpoint.write(net, into: &a)
    #expect(try Checkpoint.readNetwork(a) == net)
    #expect(a["/network/w_rec"]?.shape == [5, 5] && a["/network/heads_w"]?.shape == [3, 2, 5])
    a["/network/w_rec"] = NDArray([Float](repeating: 0, count: 4))
    #expect(throws: ExperimentsError.self) { try Checkpoint.readNetwork(a) }
  }

  /// A tiny network (H=16, B=32, 20 steps/epoch, 10 test batches) learns parity up to N = 4 under
  /// both curricula within 150 epochs per level (seed 1: multi 24/13/29 epochs, single 24/25/97;
  /// about 3 s in a debug build).
  @Test(arguments: [Curriculum.single, .multi])
  func tinyNetworkReachesN4(curriculum: Curriculum) throws {
    let config = TrainingConfig(
      neurons: 16, batchSize: 32, stepsPerEpoch: 20, testBatches: 10, epochBudget: 150,
      task: .parity, curriculum: curriculum, seed: 1)
    var state: TrainingState? = nil
    var log: [String] = []
    for level in 2...4 {
      let r = try Trainer.trainLevel(config: config, level: level, from: state, progress: { log.append($0) })
      #expect(
        r.reached, "\(curriculum) did not reach N=\(level) in \(config.epochBudget) epochs; last: \(log.last ?? "")")
      if !r.reached { return }
      print("\(curriculum) N=\(level): \(r.epochsUsed) epochs")
      state = r.state
    }
  }
}

@Suite struct ReferenceNetworkTests {
  /// The authors' 500-neuron multi-head parity network (trained to N = 5): heads 0–3 answer N = 2–5
  /// with streaming accuracy ≥ 0.99 (1,100 steps × 2 trials each).
  @Test func importedReferenceScores() throws {
    guard let path = Fixtures.sharedReferenceNetwork else {
      print("skipped: shared/reference/reference_multihead_parity_N2_N5.h5 not found beside the checkout")
      return
    }
    let net = try ReferenceImport.importReference(
      stateDict: try ArtifactReader.read(path), curriculum: .multi, level: 5)
    #expect(net.heads == 4 && net.hidden == 500)
    let H = net.hidden
    for i in 0..<H { #expect(net.parameters[net.layout.wRec.lowerBound + i * H + i] == 0) }
    for n in 2...5 {
      let r = try Evaluation.streaming(network: net, task: .parity, n: n, head: n - 2, trials: 2, seed: 1)
      print("reference network, head \(n - 2) on \(n)-parity: streaming accuracy \(r.trialAccuracies)")
      #expect(r.mean >= 0.99, "head \(n - 2) on \(n)-parity: \(r.trialAccuracies)")
    }
    #expect(throws: ExperimentsError.self) {
      try Evaluation.streaming(network: net, task: .parity, n: 3, head: 4)
    }
  }
}

@Suite struct ReferenceImportTests {
  /// A synthetic state_dict (H=3, 3 heads) maps key by key; the diagonal is zeroed; errors name the key.
  @Test func mapsStateDictKeys() throws {
    let H = 3
    var a = Artifact()
    a["/parameterlist.0"] = NDArray([Float](arrayLiteral: 0.9, 1.5, 2.0))
    a["/modulelist.0.weight"] = NDArray([Float](arrayLiteral: 1, 2, 3), shape: [H, 1])
    a["/modulelist.0.bias"] = NDArray([Float](arrayLiteral: 4, 5, 6))
    a["/modulelist.1.weight"] = NDArray((0..<9).map { Float($0) }, shape: [H, H])
    a["/modulelist.1.bias"] = NDArray([Float](arrayLiteral: 7, 8, 9))
    for k in 0..<3 {
      a["/modulelist.\(2 + k).weight"] = NDArray((0..<6).map { Float(10 * k + $0) }, shape: [2, H])
      a["/modulelist.\(2 + k).bias"] = NDArray([Float(k), Float(-k)])
    }
    let net = try ReferenceImport.importReference(stateDict: a, curriculum: .multi, level: 3)
    #expect(net.heads == 2 && net.tau == [0.9, 1.5, 2.0])
    #expect(net.tensor(net.layout.wRec) == [0, 1, 2, 3, 0, 5, 6, 7, 0])
    #expect(net.tensor(net.layout.headW(1)) == [10, 11, 12, 13, 14, 15] && net.tensor(net.layout.headB(1)) == [1, -1])
    let single = try ReferenceImport.importReference(stateDict: a, curriculum: .single, level: 9)
    #expect(single.heads == 1)
    #expect(throws: ExperimentsError.invalidArgument("multi level 5 needs 4 heads; the state_dict has 3")) {
      try ReferenceImport.importReference(stateDict: a, curriculum: .multi, level: 5)
    }
    a["/modulelist.0.bias"] = nil
    #expect(throws: ExperimentsError.malformedStateDict(key: "modulelist.0.bias", reason: "missing")) {
      try ReferenceImport.importReference(stateDict: a, curriculum: .multi, level: 3)
    }
  }

  /// Moving on from a level that was not reached is refused.
  @Test func refusesUnreachedLevel() throws {
    let r = try Trainer.trainLevel(config: TrainingTests.tiny, level: 2)
    if !r.reached {
      #expect(throws: ExperimentsError.self) {
        try Trainer.trainLevel(config: TrainingTests.tiny, level: 3, from: r.state)
      }
    }
  }
}

@Suite struct RetrainingTests {
  /// Retraining replaces the heads by one fresh head and trains the full budget when stopOnPass is false.
  @Test func retrainsForFullBudget() throws {
    var config = TrainingTests.tiny
    let base = try Trainer.trainLevel(config: config, level: 2)
    config.curriculum = .single
    config.epochBudget = 2
    let start = TrainingState.retraining(base.state.network, level: 4, config: config)
    #expect(
      start.network.heads == 1
        && start.network.tensor(start.network.layout.wRec) == base.state.network.tensor(base.state.network.layout.wRec))
    let r = try Trainer.trainLevel(config: config, level: 4, from: start, stopOnPass: false)
    #expect(r.epochsUsed == 2 && r.history.count == 2 && r.history.allSatisfy { $0.ns == [4] })
  }
}
