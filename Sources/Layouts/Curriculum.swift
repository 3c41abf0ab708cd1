/// The training curricula of SPEC §3. A *level* is N_max, the largest N trained at that stage.
///
/// | curriculum | levels | heads the network has | active heads | N per active head |
/// |---|---|---|---|---|
/// | single | 2, 3, … | 1 | 0 | head 0 → N_max |
/// | multi | 2, 3, … | N_max − 1 | 0 … N_max−2 | head k → k + 2 |
/// | sliding(W, F) | W+1, W+1+F, … | W | 0 … W−1 | head k → N_max − W + 1 + k |
/// | none(N) | N | 1 | 0 | head 0 → N |
/// | multiObjective(N) | N | N − 1 | 0 … N−2 | head k → k + 2 |
///
/// Sliding window follows the reference code: its W heads are reused, head k always answering the
/// k-th N of the current window (so after a shift head 0 answers the window's new smallest N).
///
/// Multi-objective (the paper's appendix on a curriculum that emerges without being imposed) has
/// the heads of multi-head level N from the first epoch and one level: every head is in the loss
/// from the start and nothing is added; the level passes by the same rule (then nothing is left
/// to learn), else the run ends at its epoch budget.
public enum Curriculum: Hashable, Sendable, Codable, CustomStringConvertible {
  case single
  case multi
  case slidingWindow(width: Int, shift: Int)
  case none(n: Int)
  case multiObjective(n: Int)

  /// "single", "multi", "sliding-W-F", "none-N", "multiobjective-N".
  public var description: String {
    switch self {
    case .single: "single"
    case .multi: "multi"
    case .slidingWindow(let w, let f): "sliding-\(w)-\(f)"
    case .none(let n): "none-\(n)"
    case .multiObjective(let n): "multiobjective-\(n)"
    }
  }

  /// Parses `description`'s forms ("sliding" alone means W = 10, F = 5, the reference values).
  public init?(name: String) {
    let parts = name.split(separator: "-").map(String.init)
    switch parts.first {
    case "single" where parts.count == 1: self = .single
    case "multi" where parts.count == 1, "cumulative" where parts.count == 1: self = .multi
    case "sliding":
      if parts.count == 1 { self = .slidingWindow(width: 10, shift: 5); return }
      guard parts.count == 3, let w = Int(parts[1]), let f = Int(parts[2]), w >= 1, f >= 1, f <= w else { return nil }
      self = .slidingWindow(width: w, shift: f)
    case "none":
      guard parts.count == 2, let n = Int(parts[1]), n >= 2 else { return nil }
      self = .none(n: n)
    case "multiobjective":
      guard parts.count == 2, let n = Int(parts[1]), n >= 2 else { return nil }
      self = .multiObjective(n: n)
    default: return nil
    }
  }

  /// The first level.
  public var firstLevel: Int {
    switch self {
    case .single, .multi: 2
    case .slidingWindow(let w, _): w + 1
    case .none(let n), .multiObjective(let n): n
    }
  }

  /// The level after `level` (nil for `none`, which has one level).
  public func nextLevel(after level: Int) -> Int? {
    switch self {
    case .single, .multi: level + 1
    case .slidingWindow(_, let f): level + f
    case .none, .multiObjective: nil
    }
  }

  /// Whether `level` is one of this curriculum's levels.
  public func isLevel(_ level: Int) -> Bool {
    switch self {
    case .single, .multi: level >= 2
    case .slidingWindow(let w, let f): level >= w + 1 && (level - w - 1) % f == 0
    case .none(let n), .multiObjective(let n): level == n
    }
  }

  /// Every level from the first up to `maxLevel`.
  public func levels(upTo maxLevel: Int) -> [Int] {
    var out: [Int] = []
    var l: Int? = firstLevel
    while let v = l, v <= maxLevel { out.append(v); l = nextLevel(after: v) }
    return out
  }

  /// The heads and N values trained at `level`.
  public func stage(level: Int) -> CurriculumStage {
    precondition(isLevel(level), "Curriculum \(self): \(level) is not a level")
    switch self {
    case .single, .none: return CurriculumStage(level: level, headCount: 1, activeHeads: 0..<1, ns: [level])
    case .multi, .multiObjective:
      return CurriculumStage(level: level, headCount: level - 1, activeHeads: 0..<(level - 1), ns: Array(2...level))
    case .slidingWindow(let w, _):
      return CurriculumStage(level: level, headCount: w, activeHeads: 0..<w, ns: Array((level - w + 1)...level))
    }
  }

  /// The head the streaming protocol reads for N (SPEC §5): 0 for single-head and no-curriculum
  /// networks, N − 2 for multi-head ones; nil for sliding windows, whose heads move with the window.
  public func streamingHead(n: Int) -> Int? {
    switch self {
    case .single, .none: 0
    case .multi, .multiObjective: n - 2
    case .slidingWindow: nil
    }
  }

  /// The advance rule of SPEC §3: mean accuracy over the active heads > `threshold` AND accuracy
  /// of the newest head (the largest N, the last entry) > `threshold`. Accuracies are fractions.
  public static func passes(accuracies: [Double], threshold: Double = 0.98) -> Bool {
    guard let newest = accuracies.last else { return false }
    let mean = accuracies.reduce(0, +) / Double(accuracies.count)
    return mean > threshold && newest > threshold
  }
}

/// What is trained at one curriculum level.
public struct CurriculumStage: Hashable, Sendable {
  /// N_max.
  public var level: Int
  /// Heads the network must have.
  public var headCount: Int
  /// The heads in the loss (contiguous).
  public var activeHeads: Range<Int>
  /// The N answered by each active head, in head order (ascending; the last is the newest).
  public var ns: [Int]

  public init(level: Int, headCount: Int, activeHeads: Range<Int>, ns: [Int]) {
    self.level = level; self.headCount = headCount; self.activeHeads = activeHeads; self.ns = ns
  }
}
