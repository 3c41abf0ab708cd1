import Layouts
import Networks
import Numerics
import Tasks

/// What `Trainer.trainLevel` needs of a training state: the position in the curriculum and history
/// (stored), and the network-specific parts — fresh initialisation, adding heads, one optimiser step
/// and evaluation on a batch. `TrainingState` (leaky RNN, SGD-Nesterov) and `GatedTrainingState`
/// (GRU/LSTM, Adam) conform.
public protocol TrainableState: Equatable, Sendable {
  /// The buffers of one forward/backward pass, allocated once per level.
  associatedtype Work
  var level: Int { get set }
  var epochInLevel: Int { get set }
  var totalEpochs: Int { get set }
  var levelReached: Bool { get set }
  var history: [EpochRecord] { get set }

  /// A freshly initialised network at `config`'s first curriculum level.
  static func fresh(_ config: TrainingConfig) -> Self
  /// Whether this state's network is the architecture `config` describes.
  func matches(_ config: TrainingConfig) -> Bool
  var heads: Int { get }
  var parameterCount: Int { get }
  /// Appends `count` heads drawn from `rng`; the optimiser state of the new heads starts at zero.
  mutating func appendHeads(_ count: Int, rng: inout RandomStream)
  /// Sets the optimiser's hyperparameters from `config`.
  mutating func configureOptimizer(_ config: TrainingConfig)
  func trainableRanges(activeHeads: Range<Int>) -> [Range<Int>]
  func makeWorkspace(batch: Int, maxTime: Int, maxHeads: Int) -> Work
  /// One optimiser step on `batch` (drawing any initial state from `rng`); `gradients` is scratch.
  /// `stepsPerDigit` k > 1: continuous time (each digit held for k steps; leaky RNN only).
  mutating func trainStep(
    _ batch: TaskBatch, rng: inout RandomStream, activeHeads: Range<Int>, ranges: [Range<Int>],
    clipNorm: Float, workspace: Work, gradients: inout [Float], stepsPerDigit: Int
  ) -> StepResult
  /// Loss and accuracy on `batch` (drawing any initial state from `rng`), at `stepsPerDigit` k.
  func evaluate(
    _ batch: TaskBatch, rng: inout RandomStream, activeHeads: Range<Int>, workspace: Work, stepsPerDigit: Int
  ) -> StepResult
}

extension TrainingState: TrainableState {
  public func matches(_ config: TrainingConfig) -> Bool { config.cell == nil && network.config == config.network }
  public var heads: Int { network.heads }
  public var parameterCount: Int { network.layout.count }
  public mutating func appendHeads(_ count: Int, rng: inout RandomStream) {
    let old = network.layout
    network.appendHeads(count, rng: &rng)
    optimizer.remap(from: old, to: network.layout)
  }
  public mutating func configureOptimizer(_ config: TrainingConfig) {
    optimizer.learningRate = config.learningRate
    optimizer.momentum = config.momentum
  }
  public func trainableRanges(activeHeads: Range<Int>) -> [Range<Int>] {
    network.trainableRanges(activeHeads: activeHeads)
  }
  public func makeWorkspace(batch: Int, maxTime: Int, maxHeads: Int) -> Workspace {
    Workspace(batch: batch, maxTime: maxTime, hidden: network.hidden, maxHeads: maxHeads)
  }
  /// h_0 = 0.1·U(0,1) per batch, then `Trainer.step`.
  public mutating func trainStep(
    _ batch: TaskBatch, rng: inout RandomStream, activeHeads: Range<Int>, ranges: [Range<Int>],
    clipNorm: Float, workspace: Workspace, gradients: inout [Float], stepsPerDigit: Int
  ) -> StepResult {
    let h0 = rng.uniformArray(workspace.batch * network.hidden, 0, 0.1)
    return Trainer.step(
      network: &network, optimizer: &optimizer, inputs: batch.inputs, time: batch.time, initialState: h0,
      labels: batch.labels, activeHeads: activeHeads, ranges: ranges, clipNorm: clipNorm,
      workspace: workspace, gradients: &gradients, stepsPerDigit: stepsPerDigit)
  }
  public func evaluate(
    _ batch: TaskBatch, rng: inout RandomStream, activeHeads: Range<Int>, workspace: Workspace,
    stepsPerDigit: Int
  ) -> StepResult {
    let h0 = rng.uniformArray(workspace.batch * network.hidden, 0, 0.1)
    return network.evaluate(
      inputs: batch.inputs, time: batch.time, initialState: h0, labels: batch.labels,
      activeHeads: activeHeads, workspace: workspace, stepsPerDigit: stepsPerDigit)
  }
}

/// The training state of a GRU or LSTM (SPEC §1.2): network, Adam state, position and history.
/// Same determinism as `TrainingState`: every epoch's random numbers come from `TrainingStreams`.
public struct GatedTrainingState: TrainableState {
  public var network: GatedRNN
  public var optimizer: Adam
  public var level: Int
  public var epochInLevel: Int
  public var totalEpochs: Int
  public var levelReached: Bool
  public var history: [EpochRecord]

  public init(
    network: GatedRNN, optimizer: Adam, level: Int, epochInLevel: Int = 0, totalEpochs: Int = 0,
    levelReached: Bool = false, history: [EpochRecord] = []
  ) {
    self.network = network; self.optimizer = optimizer; self.level = level; self.epochInLevel = epochInLevel
    self.totalEpochs = totalEpochs; self.levelReached = levelReached; self.history = history
  }

  /// A network with PyTorch's default initialisation from `TrainingStreams.initialisation`, zero Adam state.
  public static func fresh(_ config: TrainingConfig) -> GatedTrainingState {
    precondition(config.cell != nil, "GatedTrainingState.fresh: the config describes a leaky RNN")
    let first = config.curriculum.stage(level: config.curriculum.firstLevel)
    var rng = TrainingStreams(seed: config.seed).initialisation
    let net = GatedRNN(cell: config.cell!, hidden: config.neurons, heads: first.headCount, rng: &rng)
    return GatedTrainingState(
      network: net, optimizer: Adam(learningRate: config.learningRate, parameterCount: net.layout.count),
      level: first.level)
  }

  public func matches(_ config: TrainingConfig) -> Bool {
    config.cell == network.cell && config.neurons == network.hidden
  }
  public var heads: Int { network.heads }
  public var parameterCount: Int { network.layout.count }
  public mutating func appendHeads(_ count: Int, rng: inout RandomStream) {
    let old = network.layout
    network.appendHeads(count, rng: &rng)
    optimizer.remap(from: old, to: network.layout)
  }
  public mutating func configureOptimizer(_ config: TrainingConfig) { optimizer.learningRate = config.learningRate }
  public func trainableRanges(activeHeads: Range<Int>) -> [Range<Int>] {
    network.trainableRanges(activeHeads: activeHeads)
  }
  public func makeWorkspace(batch: Int, maxTime: Int, maxHeads: Int) -> GatedWorkspace {
    GatedWorkspace(cell: network.cell, batch: batch, maxTime: maxTime, hidden: network.hidden, maxHeads: maxHeads)
  }
  /// Zero initial state (nothing drawn from `rng`), then `Trainer.step`. Discrete time only (k = 1).
  public mutating func trainStep(
    _ batch: TaskBatch, rng: inout RandomStream, activeHeads: Range<Int>, ranges: [Range<Int>],
    clipNorm: Float, workspace: GatedWorkspace, gradients: inout [Float], stepsPerDigit: Int
  ) -> StepResult {
    precondition(
      stepsPerDigit == 1,
      "GatedTrainingState: continuous time (stepsPerDigit \(stepsPerDigit)) is for the leaky RNN only")
    return Trainer.step(
      network: &network, optimizer: &optimizer, inputs: batch.inputs, time: batch.time, labels: batch.labels,
      activeHeads: activeHeads, ranges: ranges, clipNorm: clipNorm, workspace: workspace, gradients: &gradients)
  }
  public func evaluate(
    _ batch: TaskBatch, rng: inout RandomStream, activeHeads: Range<Int>, workspace: GatedWorkspace,
    stepsPerDigit: Int
  ) -> StepResult {
    precondition(
      stepsPerDigit == 1,
      "GatedTrainingState: continuous time (stepsPerDigit \(stepsPerDigit)) is for the leaky RNN only")
    return network.evaluate(
      inputs: batch.inputs, time: batch.time, labels: batch.labels, activeHeads: activeHeads, workspace: workspace)
  }
}
