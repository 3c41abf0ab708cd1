import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Numerics
import Tasks
import TestSupport
import Testing

@Suite struct GatedTrainingTests {
  static func tiny(_ cell: GatedCell) -> TrainingConfig {
    TrainingConfig(
      neurons: 6, batchSize: 4, stepsPerEpoch: 3, testBatches: 2, epochBudget: 3, learningRate: 1e-3,
      task: .parity, curriculum: .multi, seed: 11, cell: cell)
  }

  /// Stopping after epoch 1 and resuming from the state passed to `onEpochEnd` (through a checkpoint
  /// written to disk and read back) gives a bit-identical result to an uninterrupted run; new heads
  /// get zero Adam state.
  @Test(arguments: GatedCell.allCases)
  func resumeIsBitIdentical(cell: GatedCell) throws {
    let config = Self.tiny(cell)
    let l2 = try Trainer.trainLevel(config: config, level: 2, from: nil as GatedTrainingState?)
    #expect(l2.state.optimizer.steps.allSatisfy { $0 == 9 })
    var startL3 = l2.state
    startL3.levelReached = true  // move on regardless of accuracy (tiny network)
    let full = try Trainer.trainLevel(config: config, level: 3, from: startL3)
    #expect(full.epochsUsed == 3 && full.state.network.heads == 2)
    // head 1 was added at level 3: 9 Adam steps, the rest 18
    let L = full.state.network.layout
    #expect(
      full.state.optimizer.steps[L.headW(1)].allSatisfy { $0 == 9 }
        && full.state.optimizer.steps[L.headW(0)].allSatisfy { $0 == 18 })

    var saved: [GatedTrainingState] = []
    _ = try Trainer.trainLevel(config: config, level: 3, from: startL3, onEpochEnd: { saved.append($0) })
    let dir = try Fixtures.temporaryDirectory("gated-resume")
    let path = dir.appendingPathComponent("scratch.h5").path
    try ArtifactWriter.write(Checkpoint.artifact(saved[0], config: config), to: path)
    let read = try ArtifactReader.read(path)
    #expect(Checkpoint.architecture(read) == cell.rawValue)
    #expect(throws: ExperimentsError.self) { try Checkpoint.readState(read) }  // not a leaky RNN
    let (restored, restoredConfig) = try Checkpoint.readGatedState(read)
    #expect(restoredConfig == config && restored == saved[0])
    let resumed = try Trainer.trainLevel(config: restoredConfig, level: 3, from: restored)
    #expect(resumed.state.network.parameters == full.state.network.parameters)
    #expect(resumed.state.optimizer == full.state.optimizer)
    #expect(resumed.history.map(\.loss) == full.history.map(\.loss))
    let a = Checkpoint.artifact(resumed.state, config: config), b = Checkpoint.artifact(full.state, config: config)
    #expect(ContentHash.of(a) == ContentHash.of(b))
    #expect(a["/network/weight_hh_l0"]?.shape == [cell.gates * 6, 6] && a["/optimizer/exp_avg"]?.count == L.count)
    try? FileManager.default.removeItem(at: dir)
  }

  /// A leaky config still encodes without the new key (its checkpoints and their hashes are unchanged).
  @Test func leakyConfigJSONHasNoArchitectureKey() {
    #expect(!Checkpoint.configJSON(TrainingConfig()).contains("cell"))
    #expect(Checkpoint.configJSON(Self.tiny(.gru)).contains("\"cell\":\"gru\""))
  }

  /// The gated protocol's inputs: ±1 with p = 0.5, parity of the +1 digits.
  @Test func signedInputs() {
    var rng = RandomStream(seed: 2)
    let batch = TaskGenerator.makeBatch(task: .parity, ns: [3], batchSize: 200, rng: &rng, coding: .signedHalf)
    #expect(batch.inputs.allSatisfy { $0 == 1 || $0 == -1 })
    let mean = batch.inputs.reduce(0, +) / Float(batch.inputs.count)
    #expect(abs(mean) < 0.1)
    let T = batch.time, B = batch.batch
    for b in 0..<B {
      let ones = (T - 3..<T).filter { batch.inputs[$0 * B + b] == 1 }.count
      #expect(batch.labels[b] == Int32(ones % 2))
    }
  }

  /// A tiny GRU and LSTM (H=16, B=32, 20 steps/epoch, 10 test batches, Adam lr 1e-3) learn parity up to
  /// N = 4 with the multi-head curriculum (seed 1: GRU 11/10/23 epochs, LSTM 12/7/23; ~3 s each in debug).
  @Test(arguments: GatedCell.allCases)
  func tinyNetworkReachesN4(cell: GatedCell) throws {
    let config = TrainingConfig(
      neurons: 16, batchSize: 32, stepsPerEpoch: 20, testBatches: 10, epochBudget: 100,
      learningRate: 1e-3, task: .parity, curriculum: .multi, seed: 1, cell: cell)
    var state: GatedTrainingState? = nil
    var log: [String] = []
    for level in 2...4 {
      let r = try Trainer.trainLevel(config: config, level: level, from: state, progress: { log.append($0) })
      #expect(r.reached, "\(cell) did not reach N=\(level) in \(config.epochBudget) epochs; last: \(log.last ?? "")")
      if !r.reached { return }
      print("\(cell) N=\(level): \(r.epochsUsed) epochs")
      state = r.state
    }
  }
}
