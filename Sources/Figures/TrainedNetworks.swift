import Artifacts
import Foundation
import Layouts
import Numerics

/// What the figures read from one train artifact (layout: `Checkpoint` in Layouts).
public struct TrainCheckpoint {
  public var source: Table.Source
  public var config: TrainingConfig
  /// The curriculum level (N_max) this checkpoint was trained at.
  public var level: Int
  /// Whether the level passed within its epoch budget. A level not reached is missing data.
  public var reached: Bool
  /// Raw τ of every neuron (H); empty for GRU/LSTM networks.
  public var tau: [Double]
  /// The run's history up to this level.
  public var history: [EpochRecord]

  /// Reads a train artifact; nil if `artifact` is not one (it has no `/training` config).
  public init?(_ input: FigureInput) throws {
    let a = try input.load()
    guard a.attribute("config", at: "/training") != nil else { return nil }
    func malformed(_ why: String) -> FigureError {
      FigureError("input \(input.stage): not a readable train artifact: \(why)")
    }
    let position: TrainingPosition
    do { position = try TrainingPosition(a) } catch let e as LayoutError { throw malformed("\(e.path): \(e.reason)") }
    config = position.config
    // GRU/LSTM checkpoints have no τ.
    if let t = a[Checkpoint.tau]?.doubles {
      tau = t
    } else if config.cell != nil {
      tau = []
    } else {
      throw malformed("no \(Checkpoint.tau)")
    }
    source = input.source
    level = position.level
    reached = position.levelReached
    history = position.history
  }
}

/// One network (one training run: one config) with every checkpoint given of it.
public struct TrainedNetwork {
  public var config: TrainingConfig
  /// Checkpoints by level.
  public var checkpoints: [Int: TrainCheckpoint]

  /// The checkpoint of the highest level given: its history is the run's longest.
  public var latest: TrainCheckpoint { checkpoints[checkpoints.keys.max()!]! }
  public var history: [EpochRecord] { latest.history }
  public var sources: [Table.Source] { checkpoints.values.map(\.source).sorted() }

  /// The largest level passed: the highest reached checkpoint, or the levels the latest
  /// history moved past; `firstLevel − 1` if none passed.
  public var largestReached: Int {
    var best = config.curriculum.firstLevel - 1
    for (level, c) in checkpoints where c.reached { best = max(best, level) }
    // A level in the history that a later level follows was passed (the trainer moves on only then).
    let levels = history.map(\.level)
    for (e, l) in levels.enumerated() where e + 1 < levels.count && levels[e + 1] > l { best = max(best, l) }
    return best
  }

  /// A short, stable label: "parity single trained seed1".
  public var label: String { "\(config.task.rawValue) \(config.curriculum) \(tauLabel) seed\(config.seed)" }

  /// "trained", or "fixed-2" for a fixed τ = 2.
  public var tauLabel: String {
    switch config.tau {
    case .trained: "trained"
    case .fixed(let v): "fixed-" + formatNumber(Double(v))
    }
  }
}

/// Reads every train artifact among `inputs` and groups them by config (not by stage name).
public enum TrainedNetworks {
  /// - Throws: if an input is not a train artifact (the figure was wired to the wrong stages),
  ///   or one is malformed; two artifacts of the same network and level are an error too.
  public static func read(_ inputs: [FigureInput], figure: String) throws -> [TrainedNetwork] {
    var byConfig: [String: TrainedNetwork] = [:]
    for input in inputs {
      guard let c = try TrainCheckpoint(input) else {
        let kind = (try? input.load())?.attribute("provenance.kind")?.stringValue.map { " (kind \($0))" } ?? ""
        throw FigureError(
          "figure \(figure) reads train artifacts, but input \(input.stage)\(kind) is not one (it has no /training config)",
          hint: "give the figure stage only train stages in its needs")
      }
      let id = Checkpoint.configJSON(c.config)
      var net = byConfig[id] ?? TrainedNetwork(config: c.config, checkpoints: [:])
      if let other = net.checkpoints[c.level] {
        throw FigureError(
          "figure \(figure): inputs \(other.source.stage) and \(input.stage) are the same network (config) at the same level \(c.level)",
          hint: "train stages that differ must differ in their config (task, curriculum, seed, τ, …)")
      }
      net.checkpoints[c.level] = c
      byConfig[id] = net
    }
    return byConfig.keys.sorted().map { byConfig[$0]! }
  }
}

/// Mean and standard deviation (ddof = 0, as numpy's default) of finite values; NaN when empty.
public func meanAndStd(_ x: [Double]) -> (mean: Double, std: Double) {
  let v = x.filter(\.isFinite)
  guard !v.isEmpty else { return (.nan, .nan) }
  let m = v.reduce(0, +) / Double(v.count)
  let ss = v.reduce(0) { $0 + ($1 - m) * ($1 - m) }
  return (m, (ss / Double(v.count)).squareRoot())
}

/// A number as a person writes it: 2, 2.5.
func formatNumber(_ v: Double) -> String {
  v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%g", v)
}

/// A two-sided p-value for a figure label: "p = 0.012 (2-sided)", "p < 0.001 (2-sided)", "p = n/a"
/// when undefined. Figures compare without a stated direction; the claims give both sides.
public func formatP(_ p: Double) -> String {
  if !p.isFinite { return "p = n/a" }
  if p < 0.001 { return "p < 0.001 (2-sided)" }
  return String(format: "p = %.3f (2-sided)", p)
}

/// The two curricula the paper compares, in drawing order (single-head first).
public enum CurriculumGroup: String, CaseIterable, Sendable {
  case single, multi
}

extension TrainedNetwork {
  /// Single- or multi-head; nil for the other curricula (sliding window, none).
  public var curriculumGroup: CurriculumGroup? {
    switch config.curriculum {
    case .single: .single
    case .multi: .multi
    default: nil
    }
  }
}
