import Foundation

/// `why STAGE`: each part of a stage's cache key, as recorded with its latest artifact and as
/// it is now.
public struct StageExplanation: Sendable {
  public var upToDate: Bool
  public var lines: [String]
}

extension Project {
  public func why(_ stage: String) throws -> StageExplanation {
    let i = try stageIndex(stage)
    let s = plan.stages[i]
    let resolver = KeyResolver(plan: plan, store: store)
    let recorded = store.head(profile: plan.profile, stage: stage).flatMap { store.record($0.key) }
    if resolver.content(i) != nil, let key = resolver.key(i) {
      var lines = ["\(stage): up to date (key \(key.prefix(12)))"]
      if let a = store.record(key)?.accepted {
        lines.append("  accepted from key \(a.fromKey.prefix(12)) on \(Self.dateText(a.at)), not recomputed")
      }
      return StageExplanation(upToDate: true, lines: lines)
    }
    guard let before = recorded?.parts else {
      return StageExplanation(
        upToDate: false, lines: ["\(stage): never computed (no artifact under profile \(plan.profile))"])
    }
    var lines = ["\(stage): not up to date; recorded → current:"]
    func line(_ part: String, _ text: String) {
      lines.append("  " + part.padding(toLength: max(16, part.count), withPad: " ", startingAt: 0) + "  " + text)
    }
    line("kind", before.kind == s.kind ? "\(s.kind) (unchanged)" : "\(before.kind) → \(s.kind)  CHANGED")
    line(
      "code version",
      before.codeVersion == s.codeVersion
        ? "\(s.codeVersion) (unchanged)" : "\(before.codeVersion) → \(s.codeVersion)  CHANGED")
    let params = Staleness.paramChanges(before.params, s.params)
    if params.isEmpty { line("params", "unchanged") } else { for p in params { line("", p + "  CHANGED") } }
    if before.extras != s.keyExtras {
      for e in Staleness.extrasChanges(before.extras ?? .object([]), s.keyExtras ?? .object([])) {
        line("", e + "  CHANGED")
      }
    }
    let old = Dictionary(before.inputs.map { ($0.stage, $0.contentHash) }, uniquingKeysWith: { a, _ in a })
    for d in s.inputs {
      let part = "input \(d.stage)"
      guard let was = old[d.stage] else { line(part, "new input  CHANGED"); continue }
      guard let now = resolver.content(plan.index[d.stage]!) else {
        line(part, "not up to date itself (see `timescales why \(d.stage)`)")
        continue
      }
      line(
        part,
        was == now ? "content \(now.prefix(12)) (unchanged)" : "content \(was.prefix(12)) → \(now.prefix(12))  CHANGED")
    }
    for r in before.inputs where !s.inputs.contains(where: { $0.stage == r.stage }) {
      line("input \(r.stage)", "removed  CHANGED")
    }
    if let key = resolver.key(i), key == recorded?.key {
      if case .damaged(let why) = store.entry(key) {
        lines.append("  the key is unchanged, but \(why)")
      } else {
        lines.append("  the key is unchanged, but its cached artifact was removed")
      }
    }
    return StageExplanation(upToDate: false, lines: lines)
  }

  public static func dateText(_ t: Double) -> String {
    let f = ISO8601DateFormatter()
    return f.string(from: Date(timeIntervalSince1970: t))
  }
}
