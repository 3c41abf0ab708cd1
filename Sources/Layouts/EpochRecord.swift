/// One epoch of training history.
public struct EpochRecord: Codable, Equatable, Sendable {
  /// Epochs completed over the whole run, counting this one (1-based).
  public var epoch: Int
  /// The curriculum level (N_max) trained.
  public var level: Int
  /// Epochs completed at this level, counting this one (1-based).
  public var epochInLevel: Int
  /// Mean training loss over the epoch's steps.
  public var loss: Double
  /// Test accuracy per active head (fractions), in the order of `ns`.
  public var accuracy: [Double]
  /// The N answered by each active head.
  public var ns: [Int]
  /// Wall-clock seconds the epoch took (timing only: excluded from content hashes).
  public var wallSeconds: Double

  public init(
    epoch: Int, level: Int, epochInLevel: Int, loss: Double, accuracy: [Double], ns: [Int], wallSeconds: Double
  ) {
    self.epoch = epoch; self.level = level; self.epochInLevel = epochInLevel; self.loss = loss
    self.accuracy = accuracy; self.ns = ns; self.wallSeconds = wallSeconds
  }

  public var nMin: Int { ns.min() ?? 0 }
  public var nMax: Int { ns.max() ?? 0 }
}
