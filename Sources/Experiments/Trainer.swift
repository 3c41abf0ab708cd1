import Layouts
import Networks
import Numerics
import Tasks

/// The outcome of training one curriculum level.
public struct LevelResult<State: TrainableState>: Sendable {
  /// Whether the advance rule passed within the epoch budget.
  public var reached: Bool
  /// Epochs spent at this level (including any before a resume).
  public var epochsUsed: Int
  /// The epochs run at this level (including any before a resume).
  public var history: [EpochRecord]
  /// The state after the last epoch (the checkpoint of this level when `reached`).
  public var state: State
}

/// Training of one curriculum level (SPEC §3–4).
public enum Trainer {
  /// Trains `level` epoch by epoch until the advance rule passes or `config.epochBudget` epochs
  /// have been spent at this level.
  ///
  /// Per epoch: `stepsPerEpoch` optimiser steps (batch, h_0 = 0.1·U(0,1), loss and BPTT gradients,
  /// mask diag(W^R)'s gradient, clip the global norm of the trained ranges at `clipNorm`,
  /// SGD-Nesterov, keep diag(W^R) = 0), then test accuracy per active head on `testBatches` fresh
  /// batches, then the advance rule. Continuous time (`config.stepsPerDigit`, SPEC §1.1): each
  /// training step is one optimiser step per k (in the listed order, each on a fresh batch held k
  /// steps per digit), and each test batch is drawn afresh for every k, accuracy pooled over the k.
  ///
  /// - Parameters:
  ///   - start: nil for a fresh network (`TrainingState.fresh`); a state whose level passed (the
  ///     previous level's checkpoint) to move on; or a scratch state of this same level to resume.
  ///     When a multi-head level starts, missing heads are appended (drawn from
  ///     `TrainingStreams.heads(level:)`) with zero momentum — equal to PyTorch's first-step
  ///     `buf = g`. Single-head keeps its head; sliding-window re-targets its W heads.
  ///   - stopOnPass: true (curricula): stop at the first epoch that passes the advance rule. False
  ///     (retraining for a fixed number of epochs, SPEC §6): always train to the epoch budget;
  ///     `levelReached` then records whether any epoch passed.
  ///   - progress: receives one line per epoch, e.g. "epoch 12 N=5 loss 0.31 acc 0.97".
  ///   - onEpochEnd: receives the state after every epoch (for scratch checkpoints).
  /// - Determinism: the result depends only on (config, level, start); resuming from any state
  ///   passed to `onEpochEnd` gives a bit-identical result.
  ///
  /// Generic over the network (`TrainableState`): `TrainingState` for the leaky RNN (random h_0 as
  /// above, SGD-Nesterov), `GatedTrainingState` for GRU/LSTM (zero h_0, Adam, ±1 inputs with p = 0.5).
  public static func trainLevel<State: TrainableState>(
    config: TrainingConfig, level: Int, from start: State?, stopOnPass: Bool = true,
    progress: (String) -> Void = { _ in }, onEpochEnd: (State) throws -> Void = { _ in }
  ) throws -> LevelResult<State> {
    try run(
      config: config, level: level, from: start, stopOnPass: stopOnPass, progress: progress, onEpochEnd: onEpochEnd)
  }

  /// `trainLevel` for the leaky RNN (lets `from:` be omitted).
  public static func trainLevel(
    config: TrainingConfig, level: Int, from start: TrainingState? = nil,
    stopOnPass: Bool = true, progress: (String) -> Void = { _ in },
    onEpochEnd: (TrainingState) throws -> Void = { _ in }
  ) throws -> LevelResult<TrainingState> {
    try run(
      config: config, level: level, from: start, stopOnPass: stopOnPass, progress: progress, onEpochEnd: onEpochEnd)
  }

  private static func run<State: TrainableState>(
    config: TrainingConfig, level: Int, from start: State?, stopOnPass: Bool,
    progress: (String) -> Void, onEpochEnd: (State) throws -> Void
  ) throws -> LevelResult<State> {
    let curriculum = config.curriculum
    guard curriculum.isLevel(level) else {
      throw ExperimentsError.invalidArgument("level \(level) is not a level of curriculum \(curriculum)")
    }
    let stage = curriculum.stage(level: level)
    if let ks = config.stepsPerDigit, ks.isEmpty || ks.contains(where: { $0 < 1 }) {
      throw ExperimentsError.invalidArgument("stepsPerDigit must list at least one k, every k ≥ 1 (got \(ks))")
    }
    var state = start ?? State.fresh(config)
    guard state.matches(config) else {
      throw ExperimentsError.invalidArgument(
        "the start network is not the \(config.architecture) network of the config (H=\(config.neurons))")
    }
    let streams = TrainingStreams(seed: config.seed)
    if state.level != level {
      guard state.level < level else {
        throw ExperimentsError.invalidArgument("start state is at level \(state.level), beyond \(level)")
      }
      guard state.levelReached || start == nil else {
        throw ExperimentsError.invalidArgument(
          "cannot start level \(level): the start state's level \(state.level) was not reached")
      }
      // Move on to a new level: add the heads it needs (new momentum entries are zero).
      if state.heads < stage.headCount {
        var rng = streams.heads(level: level)
        state.appendHeads(stage.headCount - state.heads, rng: &rng)
      }
      state.level = level
      state.epochInLevel = 0
      state.levelReached = false
    }
    state.configureOptimizer(config)
    let levelHistory = { (s: State) in s.history.filter { $0.level == level } }
    if state.levelReached && stopOnPass {
      return LevelResult(reached: true, epochsUsed: state.epochInLevel, history: levelHistory(state), state: state)
    }

    let B = config.batchSize
    // Continuous time: one optimiser step per k within each training step (k = 1 alone: discrete).
    let repeats = config.digitRepeats
    let ws = state.makeWorkspace(
      batch: B, maxTime: repeats.max()! * TaskGenerator.lengthRange(nMax: stage.ns.max()!).upperBound,
      maxHeads: stage.activeHeads.count)
    var gradients = [Float](repeating: 0, count: state.parameterCount)
    let ranges = state.trainableRanges(activeHeads: stage.activeHeads)
    let coding: InputCoding = config.cell == nil ? .binary : .signedHalf

    while !(stopOnPass && state.levelReached) && state.epochInLevel < config.epochBudget {
      let t0 = Clock.now()
      var rng = streams.epoch(level: level, epoch: state.epochInLevel)
      var lossSum = 0.0
      for _ in 0..<config.stepsPerEpoch {
        for k in repeats {
          let batch = TaskGenerator.makeBatch(task: config.task, ns: stage.ns, batchSize: B, rng: &rng, coding: coding)
          let r = state.trainStep(
            batch, rng: &rng, activeHeads: stage.activeHeads, ranges: ranges, clipNorm: config.clipNorm,
            workspace: ws, gradients: &gradients, stepsPerDigit: k)
          lossSum += r.loss
        }
      }
      // Test accuracy per head: pooled over the test batches and, in continuous time, over every k
      // (each k on its own fresh batches), so the advance rule asks for > 98 % on average over the k.
      var correct = [Int](repeating: 0, count: stage.activeHeads.count)
      for _ in 0..<config.testBatches {
        for k in repeats {
          let batch = TaskGenerator.makeBatch(task: config.task, ns: stage.ns, batchSize: B, rng: &rng, coding: coding)
          let r = state.evaluate(batch, rng: &rng, activeHeads: stage.activeHeads, workspace: ws, stepsPerDigit: k)
          for h in correct.indices { correct[h] += r.correct[h] }
        }
      }
      let accuracy = correct.map { Double($0) / Double(max(1, config.testBatches * repeats.count * B)) }
      state.epochInLevel += 1
      state.totalEpochs += 1
      let passed = Curriculum.passes(accuracies: accuracy)
      state.levelReached = state.levelReached || passed
      let record = EpochRecord(
        epoch: state.totalEpochs, level: level, epochInLevel: state.epochInLevel,
        loss: lossSum / Double(max(1, config.stepsPerEpoch * repeats.count)), accuracy: accuracy, ns: stage.ns,
        wallSeconds: Clock.now() - t0)
      state.history.append(record)
      progress(progressLine(record, passed: passed))
      try onEpochEnd(state)
    }
    return LevelResult(
      reached: state.levelReached, epochsUsed: state.epochInLevel, history: levelHistory(state), state: state)
  }

  /// One optimiser step on one batch (SPEC §4): loss and BPTT gradients, diag(W^R)'s gradient
  /// masked, the global norm over `ranges` clipped at `clipNorm` (`clip_grad_norm_`),
  /// SGD-Nesterov on `ranges`, then diag(W^R) = 0 again.
  ///
  /// `stepsPerDigit` k > 1: the continuous-time network (each digit held for k steps, τ̃ = max(τ·k, 1)).
  /// - Shapes: `inputs` T×B, `initialState` B×H, `labels` Ka×B (Ka = `activeHeads.count`),
  ///   `gradients` `network.layout.count` (overwritten; left holding the clipped gradient).
  /// - Allocates: only the small result; every buffer comes from `workspace` and `gradients`.
  @discardableResult
  public static func step(
    network: inout LeakyRNN, optimizer: inout SGDNesterov, inputs: [Float], time: Int,
    initialState: [Float], labels: [Int32], activeHeads: Range<Int>, ranges: [Range<Int>],
    clipNorm: Float, workspace: Workspace, gradients: inout [Float], stepsPerDigit: Int = 1
  ) -> StepResult {
    let r = network.lossAndGradients(
      inputs: inputs, time: time, initialState: initialState, labels: labels,
      activeHeads: activeHeads, workspace: workspace, gradients: &gradients,
      stepsPerDigit: stepsPerDigit)
    let wRec = network.layout.wRec, H = network.hidden
    gradients.withUnsafeMutableBufferPointer {
      Kernels.zeroDiagonal(UnsafeMutableBufferPointer(rebasing: $0[wRec]), n: H)
    }
    GradientClipping.clipGradNorm(&gradients, ranges: ranges, maxNorm: clipNorm)
    optimizer.step(parameters: &network.parameters, gradients: gradients, ranges: ranges)
    network.zeroRecurrentDiagonal()
    return r
  }

  /// One optimiser step of a GRU/LSTM on one batch (SPEC §1.2): loss and BPTT gradients from a
  /// zero initial state, the global norm over `ranges` clipped at `clipNorm`, Adam on `ranges`.
  ///
  /// - Shapes: `inputs` T×B, `labels` Ka×B, `gradients` `network.layout.count` (overwritten).
  /// - Allocates: only the small result.
  @discardableResult
  public static func step(
    network: inout GatedRNN, optimizer: inout Adam, inputs: [Float], time: Int, labels: [Int32],
    activeHeads: Range<Int>, ranges: [Range<Int>], clipNorm: Float, workspace: GatedWorkspace,
    gradients: inout [Float]
  ) -> StepResult {
    let r = network.lossAndGradients(
      inputs: inputs, time: time, labels: labels, activeHeads: activeHeads,
      workspace: workspace, gradients: &gradients)
    GradientClipping.clipGradNorm(&gradients, ranges: ranges, maxNorm: clipNorm)
    optimizer.step(parameters: &network.parameters, gradients: gradients, ranges: ranges)
    return r
  }

  /// "epoch 12 N=5 loss 0.3100 acc 0.9700" (acc: mean over active heads; min and newest when several).
  static func progressLine(_ r: EpochRecord, passed: Bool) -> String {
    let mean = r.accuracy.reduce(0, +) / Double(max(1, r.accuracy.count))
    var s = "epoch \(r.epoch) N=\(r.level) loss \(fmt(r.loss)) acc \(fmt(mean))"
    if r.accuracy.count > 1 { s += " (newest \(fmt(r.accuracy.last!)), min \(fmt(r.accuracy.min()!)))" }
    if passed { s += " passed" }
    return s
  }

  static func fmt(_ x: Double) -> String {
    let v = (x * 10_000).rounded() / 10_000
    return String(v)
  }
}
