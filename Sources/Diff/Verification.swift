import Artifacts
import Foundation
import Pipeline

/// The outcome of recomputing one stage of a manifest.
public struct StageVerification: Sendable {
  public enum Outcome: String, Sendable { case equal, differs, failed }
  public var stage: String
  public var outcome: Outcome
  /// True for a stage the caller chose; false for an input it needed that was not cached.
  public var chosen: Bool
  public var seconds: Double
  public var expected: String?
  public var actual: String?
  /// Why it differs (the first differing dataset, when an artifact with the manifest's hash is
  /// at hand) or why it failed.
  public var detail: String?
}

extension Project {
  /// Recomputes `chosen` (forced, even when cached) and whatever they need that is not cached,
  /// into the local cache, and compares every stage that ran with `manifest`.
  public func verify(
    _ manifest: Manifest, chosen: Set<Int>, jobs: Int, cores: Int, executor: Executor,
    display: ProgressDisplay?, command: String
  ) -> [StageVerification] {
    let before = Dictionary(
      uniqueKeysWithValues: chosen.compactMap { i in
        store.head(profile: plan.profile, stage: plan.stages[i].name).map { (i, $0) }
      })
    let journal = RunJournal(store: store, profile: plan.profile, command: command, planned: plan.stages.map(\.name))
    let scheduler = Scheduler(
      resolver: KeyResolver(plan: plan, store: store), executor: executor, journal: journal, display: display)
    let report = scheduler.make(plan.withAncestors(chosen), forced: chosen, jobs: jobs, cores: cores)
    var out: [StageVerification] = []
    for e in report.entries where e.result != .cached {
      guard let i = plan.index[e.stage] else { continue }
      let expected = manifest[e.stage]
      var v = StageVerification(
        stage: e.stage, outcome: .failed, chosen: chosen.contains(i), seconds: e.seconds,
        expected: expected, actual: nil, detail: e.message)
      if e.result == .ran, let head = store.head(profile: plan.profile, stage: e.stage) {
        v.actual = head.contentHash
        if expected == nil {
          v.outcome = .differs
          v.detail = "not in the manifest"
        } else if head.contentHash == expected {
          v.outcome = .equal
        } else {
          v.outcome = .differs
          v.detail = firstDifference(stage: e.stage, now: head, manifest: manifest, before: before[i])
        }
      } else if e.result == .skipped {
        v.detail = e.message ?? "an input failed"
      }
      out.append(v)
    }
    return out
  }

  /// The first dataset that differs between the recomputed artifact and one with the manifest's
  /// content hash, if such an artifact is in the local store (it was cached before verifying).
  private func firstDifference(stage: String, now: Store.Head, manifest: Manifest, before: Store.Head?) -> String {
    let expected = manifest[stage] ?? ""
    var inputs = ""
    if let rec = store.record(now.key),
      let input = rec.parts.inputs.first(where: { manifest[$0.stage] != $0.contentHash })
    {
      inputs = "; its input \(input.stage) differs from the manifest too"
    }
    // An artifact with the manifest's content: cached under the stage's key before it was
    // recomputed (kept under data/previous/ when the recomputation replaced it), or under the key
    // the stage had before verifying.
    let keys = [now.key, now.previousKey, before?.key, before?.previousKey].compactMap { $0 }
    guard let oldFile = keys.lazy.compactMap({ self.store.artifactFile(key: $0, contentHash: expected) }).first,
      let newFile = store.artifactFile(key: now.key, contentHash: now.contentHash),
      let old = try? ArtifactReader.read(oldFile), let new = try? ArtifactReader.read(newFile)
    else {
      return "content \(now.contentHash.prefix(12)) instead of \(expected.prefix(12))" + inputs
    }
    let diff = ArtifactDiff.compare(new, old)
    if let d = diff.datasets.first(where: \.differs) { return "first differing dataset \(d.path)" + inputs }
    if let o = diff.onlyInA.first ?? diff.onlyInB.first {
      return "\(o.kind.rawValue) \(o.path) on one side only" + inputs
    }
    if let a = diff.attributes.first(where: \.differs) { return "first differing attribute \(a.path)" + inputs }
    return "content \(now.contentHash.prefix(12)) instead of \(expected.prefix(12))" + inputs
  }
}
