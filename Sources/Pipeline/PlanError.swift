/// A problem in pipeline.json or in a request against it, located by its JSON path
/// (`stages.train.needs[0]`), with what would fix it.
public struct PlanError: Error, CustomStringConvertible, Sendable, Equatable {
  public var file: String
  public var path: String
  public var message: String
  public var hint: String?
  /// How many more expansions of the same template had the same problem.
  public var repeats = 0

  public init(file: String = "pipeline.json", path: String, _ message: String, hint: String? = nil) {
    self.file = file
    self.path = path
    self.message = message
    self.hint = hint
  }

  public var description: String {
    var s = path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    if repeats > 0 { s += " — and in \(repeats) more expansion\(repeats == 1 ? "" : "s") of this template" }
    if let hint { s += "\n  hint: \(hint)" }
    return s
  }
}

/// Every problem found while reading and expanding pipeline.json (validation does not stop at the first).
public struct PlanErrors: Error, CustomStringConvertible, Sendable {
  public var errors: [PlanError]
  /// Repeats of one problem across a template's expansions are reported once, with a count.
  public init(_ errors: [PlanError]) {
    var seen: [String: Int] = [:]
    var unique: [PlanError] = []
    for e in errors {
      let base = e.message.components(separatedBy: " (with ").first! + e.path
      if let i = seen[base] {
        unique[i].repeats += 1
      } else {
        seen[base] = unique.count
        unique.append(e)
      }
    }
    self.errors = unique
  }
  public var description: String { errors.map { "error: \($0)" }.joined(separator: "\n") }
}

/// A user request that cannot be served (unknown stage, unknown profile, bad argument).
public struct UsageError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The closest candidate by edit distance, for "did you mean" hints.
func closest(to word: String, in candidates: [String]) -> String? {
  func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    var row = Array(0...b.count)
    for i in 1...a.count {
      var prev = row[0]
      row[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        let cur = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
        prev = cur
      }
    }
    return row[b.count]
  }
  let w = Array(word)
  let best = candidates.map { ($0, distance(w, Array($0))) }.min { $0.1 < $1.1 }
  guard let best, best.1 <= max(2, word.count / 3) else { return nil }
  return best.0
}

public func didYouMean(_ word: String, _ candidates: [String]) -> String? {
  closest(to: word, in: candidates).map { "did you mean \"\($0)\"?" }
}
