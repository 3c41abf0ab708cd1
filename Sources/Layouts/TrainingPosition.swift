import Artifacts
import Foundation

/// Where a training run stands, shared by every network kind: the `/training` attributes and the
/// `/history` group of a checkpoint (layout on `Checkpoint`).
public struct TrainingPosition: Equatable, Sendable {
  /// The curriculum level (N_max) trained, or the last one trained.
  public var level: Int
  /// Epochs completed at `level`.
  public var epochInLevel: Int
  /// Epochs completed over all levels.
  public var totalEpochs: Int
  /// Whether `level` passed the advance rule. A level not reached is missing data for analyses.
  public var levelReached: Bool
  public var config: TrainingConfig
  /// The config exactly as stored (canonical JSON), so `/source` copies it verbatim.
  public var configJSON: String
  public var history: [EpochRecord]

  public init(
    level: Int, epochInLevel: Int, totalEpochs: Int, levelReached: Bool, config: TrainingConfig,
    history: [EpochRecord]
  ) {
    self.level = level; self.epochInLevel = epochInLevel; self.totalEpochs = totalEpochs
    self.levelReached = levelReached; self.config = config; self.configJSON = Checkpoint.configJSON(config)
    self.history = history
  }

  /// Reads `/training` and `/history` of a checkpoint.
  /// - Throws: `LayoutError` naming `/training` (the input is not a checkpoint) or `/history`.
  public init(_ a: Artifact) throws {
    let g = "/training"
    guard let json = a.attribute("config", at: g)?.stringValue,
      let config = try? JSONDecoder().decode(TrainingConfig.self, from: Data(json.utf8))
    else {
      throw LayoutError(
        "checkpoint", path: g,
        reason: "missing or unreadable attribute config (is the input a train stage's checkpoint?)")
    }
    func int(_ name: String) throws -> Int {
      guard let v = a.attribute(name, at: g)?.intValue else {
        throw LayoutError("checkpoint", path: g, reason: "missing integer attribute \(name)")
      }
      return v
    }
    level = try int("level")
    levelReached = try int("level_reached") != 0
    epochInLevel = try int("epoch_in_level")
    totalEpochs = try int("total_epochs")
    self.config = config
    configJSON = json
    history = try TrainingPosition.readHistory(a)
  }

  /// Writes `/training` and `/history`.
  public func write(into a: inout Artifact) {
    a.setAttribute("level", .int(Int64(level)), at: "/training")
    a.setAttribute("epoch_in_level", .int(Int64(epochInLevel)), at: "/training")
    a.setAttribute("total_epochs", .int(Int64(totalEpochs)), at: "/training")
    a.setAttribute("level_reached", .int(levelReached ? 1 : 0), at: "/training")
    a.setAttribute("config", .string(configJSON), at: "/training")
    TrainingPosition.writeHistory(history, into: &a)
  }

  /// Writes `/history/*` and the wall-time attribute (also the retraining layout's history).
  public static func writeHistory(_ history: [EpochRecord], into a: inout Artifact) {
    let E = history.count
    guard E > 0 else { a.makeGroup("/history"); return }
    let kmax = history.map { $0.accuracy.count }.max() ?? 0
    a["/history/epoch"] = NDArray(history.map { Int64($0.epoch) })
    a["/history/level"] = NDArray(history.map { Int64($0.level) })
    a["/history/epoch_in_level"] = NDArray(history.map { Int64($0.epochInLevel) })
    a["/history/n_min"] = NDArray(history.map { Int64($0.nMin) })
    a["/history/n_max"] = NDArray(history.map { Int64($0.nMax) })
    a["/history/loss"] = NDArray(history.map { $0.loss })
    var acc = [Double](repeating: .nan, count: E * kmax), ns = [Int64](repeating: 0, count: E * kmax)
    for (e, r) in history.enumerated() {
      for (k, v) in r.accuracy.enumerated() { acc[e * kmax + k] = v }
      for (k, n) in r.ns.enumerated() { ns[e * kmax + k] = Int64(n) }
    }
    a["/history/accuracy"] = NDArray(acc, shape: [E, kmax])
    a["/history/ns"] = NDArray(ns, shape: [E, kmax])
    a.setAttribute(Checkpoint.wallSecondsAttribute, .doubles(history.map { $0.wallSeconds }), at: "/")
  }

  /// Reads `/history/*` (empty if absent).
  public static func readHistory(_ a: Artifact) throws -> [EpochRecord] {
    guard let epochs = a["/history/epoch"]?.ints else { return [] }
    let E = epochs.count
    guard let level = a["/history/level"]?.ints, let eil = a["/history/epoch_in_level"]?.ints,
      let loss = a["/history/loss"]?.doubles, let accA = a["/history/accuracy"], let nsA = a["/history/ns"],
      level.count == E, eil.count == E, loss.count == E, accA.shape.count == 2, accA.shape[0] == E,
      nsA.shape == accA.shape
    else {
      throw LayoutError("checkpoint", path: "/history", reason: "datasets missing or of inconsistent length")
    }
    let kmax = accA.shape[1], acc = accA.doubles, ns = nsA.ints
    var wallValues = [Double](repeating: 0, count: E)
    if case .doubles(let w)? = a.attribute(Checkpoint.wallSecondsAttribute), w.count == E { wallValues = w }
    return (0..<E).map { e in
      let nsRow = Array(ns[(e * kmax)..<((e + 1) * kmax)]).filter { $0 > 0 }
      return EpochRecord(
        epoch: epochs[e], level: level[e], epochInLevel: eil[e], loss: loss[e],
        accuracy: Array(acc[(e * kmax)..<(e * kmax + nsRow.count)]), ns: nsRow, wallSeconds: wallValues[e])
    }
  }
}
