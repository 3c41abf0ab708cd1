import Pipeline

/// The inputs of a figure of one stage kind, summarised: how many, their code versions, the
/// parameters they share (the profile's scale: neurons, batch, epochs …) and those that vary
/// (task, curriculum, seed, N), and each stage with its cache key.
public struct InputSummary: Sendable {
  public var kind: String
  public var codeVersions: [Int]
  /// `neurons = 32`, one per parameter with one value across the inputs.
  public var shared: [String]
  /// `seed ∈ {1, 2}`, one per parameter with several values.
  public var varying: [String]
  /// Each input stage and its cache key (nil when the profile has no artifact for it).
  public var stages: [(name: String, key: String?)]

  /// One summary per stage kind among `inputs` (stage names of the plan), in order of first appearance.
  public static func of(_ inputs: [String], in project: Project) -> [InputSummary] {
    var order: [String] = [], byKind: [String: [PlannedStage]] = [:]
    for name in inputs {
      guard let s = project.plan[name] else { continue }
      if byKind[s.kind] == nil { order.append(s.kind) }
      byKind[s.kind, default: []].append(s)
    }
    return order.map { kind in
      let list = byKind[kind]!
      var values: [String: [String]] = [:], keys: [String] = []
      for s in list {
        for (k, v) in s.params.objectPairs ?? [] {
          if values[k] == nil { keys.append(k) }
          let text = v.stringValue ?? v.canonical
          if !(values[k] ?? []).contains(text) { values[k, default: []].append(text) }
        }
      }
      var shared: [String] = [], varying: [String] = []
      for k in keys {
        let v = values[k]!
        if v.count == 1 {
          if v[0] != "null" { shared.append("\(k) = \(v[0])") }
        } else {
          let shown = v.count > 8 ? v.prefix(8).joined(separator: ", ") + ", … (\(v.count))" : v.joined(separator: ", ")
          varying.append("\(k) ∈ {\(shown)}")
        }
      }
      let stages = list.map { s in (s.name, project.store.head(profile: project.plan.profile, stage: s.name)?.key) }
      return InputSummary(
        kind: kind, codeVersions: Array(Set(list.map(\.codeVersion))).sorted(), shared: shared, varying: varying,
        stages: stages)
    }
  }
}
