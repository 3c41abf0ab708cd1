import Foundation
import Layouts

/// The scale a figure was drawn at, for the line under it: "64 neurons · N = 2–10 · 4 networks per
/// condition". Builders add each network they draw; nothing is hard-coded, so a toy-scale figure
/// cannot be mistaken for the paper's.
public struct FigureScale: Sendable {
  private var neurons: Set<Int> = []
  private var levels: Set<Int> = []
  /// Condition (task, curriculum, τ mode, …) → the seeds drawn.
  private var seeds: [String: Set<UInt64>] = [:]

  public init() {}

  /// One network of `condition` (any label that tells conditions apart) at curriculum level `level`.
  public mutating func add(condition: String, seed: UInt64, neurons h: Int, level: Int? = nil) {
    neurons.insert(h)
    if let level { levels.insert(level) }
    seeds[condition, default: []].insert(seed)
  }

  public var isEmpty: Bool { seeds.isEmpty }

  /// Everything `other` holds too.
  public mutating func add(_ other: FigureScale) {
    neurons.formUnion(other.neurons)
    levels.formUnion(other.levels)
    for (c, s) in other.seeds { seeds[c, default: []].formUnion(s) }
  }

  /// "64 neurons · N = 2–10 · 4 networks per condition" (ranges where they vary: "2–4 networks").
  public var text: String {
    var parts: [String] = []
    if let lo = neurons.min(), let hi = neurons.max() { parts.append("\(span(lo, hi)) neurons") }
    if let lo = levels.min(), let hi = levels.max() { parts.append("N = \(span(lo, hi))") }
    let counts = seeds.values.map(\.count)
    if let lo = counts.min(), let hi = counts.max() {
      parts.append("\(span(lo, hi)) network\(hi == 1 ? "" : "s") per condition")
    }
    return parts.joined(separator: " · ")
  }

  /// The footer line: "profile default · " + `text` (no profile named when nil).
  public func footer(profile: String?) -> String {
    let scale = text
    guard let profile else { return scale }
    return scale.isEmpty ? "profile \(profile)" : "profile \(profile) · \(scale)"
  }

  private func span(_ lo: Int, _ hi: Int) -> String { lo == hi ? "\(lo)" : "\(lo)–\(hi)" }
}

extension FigureScale {
  /// A network's condition: its training configuration without the seed.
  static func condition(_ config: TrainingConfig) -> String {
    var c = config
    c.seed = 0
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return (try? encoder.encode(c)).map { String(decoding: $0, as: UTF8.self) } ?? "\(config.task) \(config.curriculum)"
  }

  /// `net` with every level it reached.
  public mutating func add(_ net: TrainedNetwork) {
    let levels = net.checkpoints.filter { $0.value.reached }.keys
    if levels.isEmpty { add(condition: Self.condition(net.config), seed: net.config.seed, neurons: net.config.neurons) }
    for level in levels {
      add(condition: Self.condition(net.config), seed: net.config.seed, neurons: net.config.neurons, level: level)
    }
  }

  /// The network an analysis was made of, at its level when that was reached.
  public mutating func add(_ source: AnalysisInput) {
    add(
      condition: Self.condition(source.config), seed: source.config.seed, neurons: source.config.neurons,
      level: source.reached ? source.level : nil)
  }
}
