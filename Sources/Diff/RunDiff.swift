import Artifacts
import Foundation
import Pipeline

/// What changed in the results between two runs (`RunHistory`: a run stands for every stage's
/// artifact as it was when the run ended), stage by stage:
///
/// - **unchanged**: same cache key and content;
/// - **identical**: same content, recomputed since A or under a different key (early cutoff:
///   its descendants kept their cache);
/// - **within tolerance**: different content, but every value within the tolerances;
/// - **changed**: different content, with why (parameters old → new, code version, inputs —
///   from the two cache records, else from the artifacts' provenance) and the dataset-level
///   diff of the two artifacts;
/// - **only in A / only in B**: the stage has an artifact after one run only.
///
/// Changed and one-sided stages are differences; the others are not.
public struct RunDiff: Sendable {
  public enum Change: String, Sendable, CaseIterable {
    case changed
    case onlyInA = "only in A"
    case onlyInB = "only in B"
    case withinTolerance = "within tolerance"
    case identical
    case unchanged

    public var isDifference: Bool { self == .changed || self == .onlyInA || self == .onlyInB }
    /// The name in JSON output (`onlyInA`, `withinTolerance`, …).
    public var jsonName: String {
      switch self {
      case .onlyInA: "onlyInA"
      case .onlyInB: "onlyInB"
      case .withinTolerance: "withinTolerance"
      default: rawValue
      }
    }
  }

  public struct RunInfo: Sendable {
    public var id: String
    public var profile: String
    public var command: String
    public var started: Double
  }

  public struct Stage: Sendable {
    public var name: String
    public var change: Change
    /// Why the key or content differs (`params.value 1 → 2`, `input a changed`, …).
    public var reasons: [String]
    public var a: RunHistory.StageState?
    public var b: RunHistory.StageState?
    /// The artifacts' diff, for stages whose content differs and whose files are still stored.
    public var artifact: ArtifactDiff?
    /// A failure in run B, or why the artifacts could not be compared.
    public var notes: [String]
  }

  public var a: RunInfo
  public var b: RunInfo
  /// Differences first (changed, one-sided), then within tolerance, identical, unchanged;
  /// by stage name (numbers in names in numeric order) within each group.
  public var stages: [Stage]

  public var hasDifferences: Bool { stages.contains { $0.change.isDifference } }
  public func count(_ c: Change) -> Int { stages.lazy.filter { $0.change == c }.count }

  public static func compare(_ history: RunHistory, _ ia: Int, _ ib: Int, options: DiffOptions) -> RunDiff {
    let store = history.store
    let sa = history.state(after: ia), sb = history.state(after: ib)
    let failures = history.failures(in: ib)
    func info(_ i: Int) -> RunInfo {
      let r = history.runs[i]
      return RunInfo(id: r.id, profile: r.profile, command: r.command, started: r.started)
    }
    var stages: [Stage] = []
    for name in Set(sa.keys).union(sb.keys) {
      var s = Stage(name: name, change: .unchanged, reasons: [], a: sa[name], b: sb[name], artifact: nil, notes: [])
      if let f = failures[name] { s.notes.append(f) }
      switch (sa[name], sb[name]) {
      case (nil, _): s.change = .onlyInB
      case (_, nil): s.change = .onlyInA
      case (let x?, let y?):
        let why = reasons(store, x, y)
        if x.contentHash == y.contentHash {
          if x.key != y.key {
            s.change = .identical
            s.reasons = why + ["same content: stages that read it kept their cache"]
          } else if let c = y.computedIn, c > ia {
            s.change = .identical
            s.reasons = ["recomputed in run \(history.runs[c].id), same content"]
          }
          break
        }
        s.reasons =
          x.key == y.key
          ? [
            "recomputed with the same parameters, inputs and code, to different content: the stage is not deterministic"
          ]
          : why
        guard let fa = store.artifactFile(key: x.key, contentHash: x.contentHash),
          let fb = store.artifactFile(key: y.key, contentHash: y.contentHash)
        else {
          s.change = .changed
          s.notes.append("an artifact is no longer in the store (removed by gc): values not compared")
          break
        }
        do {
          let diff = ArtifactDiff.compare(try ArtifactReader.read(fa), try ArtifactReader.read(fb), options: options)
          s.artifact = diff
          s.change = diff.hasDifferences ? .changed : .withinTolerance
          if s.reasons.isEmpty { s.reasons = diff.provenance.filter { !$0.volatile }.map(\.description) }
        } catch {
          s.change = .changed
          s.notes.append("values not compared: \(error)")
        }
      }
      if s.reasons.isEmpty && s.change == .changed { s.reasons = ["the cache records are gone: cause unknown"] }
      stages.append(s)
    }
    let order = Dictionary(uniqueKeysWithValues: Change.allCases.enumerated().map { ($1, $0) })
    stages.sort { x, y in
      x.change == y.change
        ? x.name.compare(y.name, options: .numeric) == .orderedAscending : order[x.change]! < order[y.change]!
    }
    return RunDiff(a: info(ia), b: info(ib), stages: stages)
  }

  /// Why two artifacts of a stage have different keys, from their cache records.
  static func reasons(_ store: Store, _ x: RunHistory.StageState, _ y: RunHistory.StageState) -> [String] {
    guard x.key != y.key, let ra = store.record(x.key), let rb = store.record(y.key) else { return [] }
    return Staleness.changesFrom(ra.parts, to: rb.parts)
  }
}
