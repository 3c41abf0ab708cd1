import Layouts
import Networks
import Numerics
import Tasks

/// Everything needed to continue training exactly: weights, optimiser state, position in the
/// curriculum and history. Random numbers are not carried: each epoch's stream is derived from
/// (seed, level, epoch) (see `TrainingStreams`), so resuming from any saved state reproduces an
/// uninterrupted run bit for bit.
public struct TrainingState: Equatable, Sendable {
  public var network: LeakyRNN
  public var optimizer: SGDNesterov
  /// The level being trained, or the last one trained.
  public var level: Int
  /// Epochs completed at `level`.
  public var epochInLevel: Int
  /// Epochs completed over all levels.
  public var totalEpochs: Int
  /// Whether `level` passed the advance rule.
  public var levelReached: Bool
  public var history: [EpochRecord]

  public init(
    network: LeakyRNN, optimizer: SGDNesterov, level: Int, epochInLevel: Int = 0, totalEpochs: Int = 0,
    levelReached: Bool = false, history: [EpochRecord] = []
  ) {
    self.network = network; self.optimizer = optimizer; self.level = level; self.epochInLevel = epochInLevel
    self.totalEpochs = totalEpochs; self.levelReached = levelReached; self.history = history
  }

  /// A freshly initialised network (from `TrainingStreams.initialisation`) at the curriculum's first
  /// level, with a zero momentum buffer.
  public static func fresh(_ config: TrainingConfig) -> TrainingState {
    let first = config.curriculum.stage(level: config.curriculum.firstLevel)
    var rng = TrainingStreams(seed: config.seed).initialisation
    let net = LeakyRNN(config: config.network, heads: first.headCount, rng: &rng)
    return TrainingState(
      network: net,
      optimizer: SGDNesterov(
        learningRate: config.learningRate, momentum: config.momentum,
        parameterCount: net.layout.count),
      level: first.level)
  }
}

extension TrainingState {
  /// A finished checkpoint of `level` holding `network` (e.g. an imported reference network), with a
  /// zero momentum buffer: the start state for the next level or for analyses.
  public static func imported(_ network: LeakyRNN, level: Int, learningRate: Float = 0.05, momentum: Float = 0.1)
    -> TrainingState
  {
    TrainingState(
      network: network,
      optimizer: SGDNesterov(learningRate: learningRate, momentum: momentum, parameterCount: network.layout.count),
      level: level, levelReached: true)
  }

  /// The start of single-head retraining on N′ = `level` (SPEC §6): `network`'s heads are replaced by
  /// ONE new head initialised as in SPEC §1.1 from `TrainingStreams(seed).heads(level:)`, with a zero
  /// momentum buffer and an empty history. Train it with a `.single` config and `stopOnPass: false`.
  public static func retraining(_ network: LeakyRNN, level: Int, config: TrainingConfig) -> TrainingState {
    var net = network
    net.truncateHeads(to: 0)
    var rng = TrainingStreams(seed: config.seed).heads(level: level)
    net.appendHeads(1, rng: &rng)
    return TrainingState(
      network: net,
      optimizer: SGDNesterov(
        learningRate: config.learningRate, momentum: config.momentum,
        parameterCount: net.layout.count),
      level: level)
  }
}

/// The named random streams of a training run, all derived from the root seed:
/// - `initialisation` = root.derive("init"): the initial network;
/// - `heads(level:)` = root.derive("heads").split(level): heads added when `level` starts;
/// - `epoch(level:epoch:)` = root.derive("train").split(level).split(epoch): one epoch's training
///   batches, initial states and test batches, in that order (epoch counted from 0 within the level).
public struct TrainingStreams: Sendable {
  public let root: RandomStream
  public init(seed: UInt64) { root = RandomStream(seed: seed) }
  public var initialisation: RandomStream { root.derive("init") }
  public func heads(level: Int) -> RandomStream { root.derive("heads").split(level) }
  public func epoch(level: Int, epoch: Int) -> RandomStream { root.derive("train").split(level).split(epoch) }
}
