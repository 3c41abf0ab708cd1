import Foundation
import Pipeline

/// The runs recorded under `data/runs/`, in the order they started, and the results each one
/// left behind.
///
/// A run stands for **the results as they were when it ended**: for every stage the pipeline
/// had then (the journal header lists them), the artifact (key and content hash) that the run,
/// or the latest earlier run of the same profile, produced or found cached. A `rerun` of one
/// stage thus still stands for the whole pipeline, and a stage removed from pipeline.json is
/// gone from the runs after its removal.
public struct RunHistory {
  public struct Run: Sendable {
    public var id: String
    public var profile: String
    public var command: String
    public var started: Double
    /// The journal's lines after the header.
    public var entries: [JSONValue]
    /// Every stage of the profile's plan at the time (nil in journals written before it was recorded).
    public var planned: Set<String>?
  }

  /// What one stage's artifact was after a run.
  public struct StageState: Equatable, Sendable {
    public var key: String
    public var contentHash: String
    /// The index of the last run that computed this artifact (nil: found cached since).
    public var computedIn: Int?
  }

  public let store: Store
  public let runs: [Run]

  public init(store: Store) {
    self.store = store
    runs = RunJournal.all(store).compactMap { id -> Run? in
      let lines = RunJournal.entries(store, id: id)
      guard let head = lines.first, head["run"] != nil else { return nil }
      return Run(
        id: id, profile: head["profile"]?.stringValue ?? "", command: head["command"]?.stringValue ?? "",
        started: head["started"]?.doubleValue ?? 0, entries: Array(lines.dropFirst()),
        planned: head["planned"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) })
    }.sorted { ($0.started, $0.id) < ($1.started, $1.id) }
  }

  /// The index of the run `reference` names: `latest`, `previous` (the one before it), a run id
  /// or a unique prefix of one. `latest` and `previous` count runs of `profile` only, if given.
  public func resolve(_ reference: String, profile: String?) throws -> Int {
    let candidates = runs.indices.filter { profile == nil || runs[$0].profile == profile }
    let scope = profile.map { " of profile \"\($0)\"" } ?? ""
    switch reference {
    case "latest":
      guard let last = candidates.last else {
        throw UsageError("no run\(scope) is recorded under \(store.root.path)/runs; `timescales make` records one")
      }
      return last
    case "previous":
      guard candidates.count >= 2 else {
        throw UsageError(
          "run:previous: only \(candidates.count) run\(candidates.count == 1 ? " is" : "s are")\(scope) recorded; it needs two"
        )
      }
      return candidates[candidates.count - 2]
    default:
      if let exact = runs.firstIndex(where: { $0.id == reference }) { return exact }
      let matches = runs.indices.filter { runs[$0].id.hasPrefix(reference) }
      if matches.count == 1 { return matches[0] }
      let recent = runs.suffix(5).map(\.id).reversed().joined(separator: ", ")
      if matches.isEmpty {
        throw UsageError(
          "no run \"\(reference)\"" + (recent.isEmpty ? "; none is recorded yet" : " (latest runs: \(recent))"))
      }
      throw UsageError("run \"\(reference)\" is ambiguous: " + matches.map { runs[$0].id }.joined(separator: ", "))
    }
  }

  /// The run before `index` of the same profile.
  public func predecessor(of index: Int) throws -> Int {
    guard let i = runs.indices.last(where: { $0 < index && runs[$0].profile == runs[index].profile }) else {
      throw UsageError(
        "run \(runs[index].id) is the first run of profile \"\(runs[index].profile)\"; there is nothing before it to compare with"
      )
    }
    return i
  }

  /// Every stage's artifact after run `index` (replaying the runs of its profile up to it).
  public func state(after index: Int) -> [String: StageState] {
    var state: [String: StageState] = [:]
    let profile = runs[index].profile
    for r in 0...index where runs[r].profile == profile {
      for e in runs[r].entries {
        guard let stage = e["stage"]?.stringValue, let key = e["key"]?.stringValue,
          let content = e["content"]?.stringValue,
          let outcome = e["outcome"]?.stringValue, outcome == "ran" || outcome == "cached"
        else { continue }
        let before = state[stage]
        let computed =
          outcome == "ran" ? r : (before?.key == key && before?.contentHash == content ? before?.computedIn : nil)
        state[stage] = StageState(key: key, contentHash: content, computedIn: computed)
      }
    }
    if let planned = runs[index].planned { state = state.filter { planned.contains($0.key) } }
    return state
  }

  /// Stages that failed or were skipped in run `index` itself, with the message.
  public func failures(in index: Int) -> [String: String] {
    var out: [String: String] = [:]
    for e in runs[index].entries {
      guard let stage = e["stage"]?.stringValue, let outcome = e["outcome"]?.stringValue else { continue }
      switch outcome {
      case "failed": out[stage] = "failed in run \(runs[index].id): " + (e["message"]?.stringValue ?? "")
      case "skipped":
        out[stage] = "skipped in run \(runs[index].id): " + (e["reason"]?.stringValue ?? "an input failed")
      default: out[stage] = nil
      }
    }
    return out
  }
}
