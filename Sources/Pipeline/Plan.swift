/// One expanded stage: a kind, its resolved parameters and the stages it reads.
public struct PlannedStage: Sendable {
  public struct Dependency: Sendable, Equatable {
    /// The `as` name from pipeline.json, if the dependency was given one.
    public var role: String?
    public var stage: String
    public init(role: String?, stage: String) {
      self.role = role
      self.stage = stage
    }
  }
  public var name: String
  /// The id of the template in pipeline.json's `stages` it was expanded from.
  public var template: String
  public var kind: String
  public var codeVersion: Int
  /// Canonical, defaults-filled parameters (they enter the cache key).
  public var params: JSONValue
  /// The kind's `keyExtras` for these parameters (script contents, tool versions), if any.
  public var keyExtras: JSONValue? = nil
  public var inputs: [Dependency]
  public var resources: Resources
  /// The kind is short (`StageKind.isShort`): on a cluster it may share a job with others.
  public var isShort = false
}

/// The stages of one profile in topological order (every stage after its inputs).
public struct Plan: Sendable {
  public var profile: String
  public var stages: [PlannedStage]
  public var index: [String: Int]
  /// Default targets when `make` is given none.
  public var defaultTargets: [String]
  /// SHA-256 of the pipeline.json this plan was expanded from (nil for a plan made in memory).
  public var pipelineHash: String?

  init(profile: String, stages: [PlannedStage], defaultTargets: [String]) {
    self.profile = profile
    self.stages = stages
    self.defaultTargets = defaultTargets
    index = Dictionary(uniqueKeysWithValues: stages.enumerated().map { ($1.name, $0) })
  }

  public subscript(name: String) -> PlannedStage? { index[name].map { stages[$0] } }

  /// Indices of the stages each stage feeds.
  public var dependents: [[Int]] {
    var out = [[Int]](repeating: [], count: stages.count)
    for (i, s) in stages.enumerated() {
      for d in s.inputs { out[index[d.stage]!].append(i) }
    }
    return out
  }

  /// `roots` and every stage they depend on, directly or not.
  public func withAncestors(_ roots: Set<Int>) -> Set<Int> {
    var seen = roots
    var stack = Array(roots)
    while let i = stack.popLast() {
      for d in stages[i].inputs {
        let j = index[d.stage]!
        if seen.insert(j).inserted { stack.append(j) }
      }
    }
    return seen
  }

  /// Every stage downstream of `roots` (not including them).
  public func descendants(of roots: Set<Int>) -> Set<Int> {
    let deps = dependents
    var seen = Set<Int>()
    var stack = Array(roots)
    while let i = stack.popLast() {
      for j in deps[i] where seen.insert(j).inserted { stack.append(j) }
    }
    return seen
  }

  /// Stages matching the targets: exact names, template ids, prefixes (`train/parity`) or globs
  /// (`*` within a path segment, `**` across segments). An unmatched target is a usage error.
  public func select(_ targets: [String]) throws -> Set<Int> {
    var out = Set<Int>()
    for t in targets {
      let matches = stages.indices.filter { i in
        let n = stages[i].name
        return n == t || stages[i].template == t || n.hasPrefix(t.hasSuffix("/") ? t : t + "/") || Glob.matches(t, n)
      }
      if matches.isEmpty {
        let hint = didYouMean(t, stages.map(\.name) + Set(stages.map(\.template)).sorted()).map { " (\($0))" } ?? ""
        throw UsageError("no stage of profile \"\(profile)\" matches \"\(t)\"\(hint); `timescales dag` lists them")
      }
      out.formUnion(matches)
    }
    return out
  }
}

/// Path globs over stage names: `*` matches within one segment, `**` any number of segments.
public enum Glob {
  public static func hasWildcard(_ s: String) -> Bool { s.contains("*") }

  public static func matches(_ pattern: String, _ name: String) -> Bool {
    guard hasWildcard(pattern) else { return pattern == name }
    return match(
      pattern.split(separator: "/", omittingEmptySubsequences: false)[...],
      name.split(separator: "/", omittingEmptySubsequences: false)[...])
  }

  private static func match(_ p: ArraySlice<Substring>, _ n: ArraySlice<Substring>) -> Bool {
    guard let first = p.first else { return n.isEmpty }
    if first == "**" {
      var rest = n
      while true {
        if match(p.dropFirst(), rest) { return true }
        if rest.isEmpty { return false }
        rest = rest.dropFirst()
      }
    }
    guard let segment = n.first, segmentMatch(Array(first), Array(segment)) else { return false }
    return match(p.dropFirst(), n.dropFirst())
  }

  private static func segmentMatch(_ p: [Character], _ s: [Character]) -> Bool {
    var pi = 0, si = 0, star = -1, mark = 0
    while si < s.count {
      if pi < p.count, p[pi] == s[si] {
        pi += 1; si += 1
      } else if pi < p.count, p[pi] == "*" {
        star = pi; mark = si; pi += 1
      } else if star >= 0 {
        pi = star + 1; mark += 1; si = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}
