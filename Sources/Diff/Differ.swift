import Artifacts
import Foundation
import Pipeline

/// `timescales diff`: resolves the operands (artifact files, stage names, runs) and compares
/// them. The one library entry point the command calls.
public enum Differ {
  public struct Request {
    public var a: String
    public var b: String?
    /// Compare A's previous artifact (a stage) or the run before it (a run) with A.
    public var previous: Bool
    public var profile: String?
    public var root: URL
    public var options: DiffOptions
    public init(a: String, b: String?, previous: Bool, profile: String?, root: URL, options: DiffOptions) {
      self.a = a
      self.b = b
      self.previous = previous
      self.profile = profile
      self.root = root
      self.options = options
    }
  }

  /// One side of an artifact diff: where it was read from, in words.
  public struct Source: Sendable {
    public var path: String
    public var label: String
  }

  public enum Result: Sendable {
    case artifacts(ArtifactDiff, a: Source, b: Source)
    case runs(RunDiff)

    public var hasDifferences: Bool {
      switch self {
      case .artifacts(let d, _, _): d.hasDifferences
      case .runs(let d): d.hasDifferences
      }
    }
  }

  public static func diff(_ r: Request, registry: StageRegistry) throws -> Result {
    let isRun = { (s: String) in s.hasPrefix("run:") }
    if r.previous && r.b != nil {
      throw UsageError("give either a second operand or --previous, not both")
    }
    if !r.previous && r.b == nil {
      throw UsageError(
        "diff needs two artifacts or runs to compare (or one stage or run with --previous)\n"
          + "hint: timescales diff STAGE --previous · timescales diff run:previous run:latest · timescales diff a.h5 b.h5"
      )
    }
    if isRun(r.a) || r.b.map(isRun) == true {
      guard isRun(r.a), r.b.map(isRun) ?? true else {
        throw UsageError(
          "cannot compare a run with an artifact: give two runs (run:ID, run:latest, run:previous) or two artifacts")
      }
      let history = RunHistory(store: Store(projectRoot: r.root))
      let first = try history.resolve(String(r.a.dropFirst(4)), profile: r.profile)
      guard let b = r.b else {
        return .runs(RunDiff.compare(history, try history.predecessor(of: first), first, options: r.options))
      }
      return .runs(
        RunDiff.compare(
          history, first, try history.resolve(String(b.dropFirst(4)), profile: r.profile), options: r.options))
    }
    let resolver = ArtifactResolver(request: r, registry: registry)
    let (sa, sb): (Source, Source)
    if r.previous {
      (sa, sb) = try resolver.previousAndCurrent(r.a)
    } else {
      (sa, sb) = (try resolver.source(r.a), try resolver.source(r.b!))
    }
    let a = try ArtifactReader.read(sa.path), b = try ArtifactReader.read(sb.path)
    return .artifacts(ArtifactDiff.compare(a, b, options: r.options), a: sa, b: sb)
  }
}

/// Finds the artifact an operand names: an HDF5 file, or a stage's latest artifact under the
/// profile (`STAGE`, or `STAGE@PROFILE` for another profile).
final class ArtifactResolver {
  let request: Differ.Request
  let registry: StageRegistry
  private var opened: Project?

  init(request: Differ.Request, registry: StageRegistry) {
    self.request = request
    self.registry = registry
  }

  /// The project, opened on first use: two files compare without one.
  private func project() throws -> Project {
    if let opened { return opened }
    let p = try Project.open(root: request.root, profile: request.profile, registry: registry)
    opened = p
    return p
  }

  func source(_ operand: String) throws -> Differ.Source {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: operand, isDirectory: &isDirectory), !isDirectory.boolValue {
      return Differ.Source(path: operand, label: operand)
    }
    if isDirectory.boolValue { throw UsageError("\(operand) is a folder; give an HDF5 file, a stage name or a run") }
    if [".h5", ".hdf5", ".hdf"].contains(where: operand.hasSuffix)
      || ["/", "./", "../", "~"].contains(where: operand.hasPrefix)
    {
      throw UsageError("\(operand): no such file")
    }
    let (stage, profile, store) = try stageAndProfile(operand)
    let head = try self.head(stage, profile, store)
    guard let path = store.artifactFile(key: head.key, contentHash: head.contentHash) else {
      throw UsageError(
        "stage \(stage): its artifact (key \(head.key.prefix(12))) is no longer in the store\nhint: `timescales make \(stage)` recomputes it"
      )
    }
    return Differ.Source(path: path, label: "\(stage) (profile \(profile), key \(head.key.prefix(12)))")
  }

  /// The artifact the stage had before its latest recomputation or change, and its current one.
  func previousAndCurrent(_ operand: String) throws -> (Differ.Source, Differ.Source) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: operand, isDirectory: &isDirectory) {
      throw UsageError("--previous needs a stage name or a run, not a file (\(operand))")
    }
    let current = try source(operand)
    let (stage, profile, store) = try stageAndProfile(operand)
    let head = try self.head(stage, profile, store)
    guard let key = head.previousKey, let content = head.previousContentHash else {
      throw UsageError(
        "stage \(stage) has no previous artifact under profile \(profile): it has been computed once\n"
          + "hint: after `timescales rerun \(stage)` or a change that recomputes it, --previous compares the two")
    }
    let kept = head.previousFile.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    guard let path = kept ?? store.artifactFile(key: key, contentHash: content) else {
      throw UsageError(
        "stage \(stage): its previous artifact (key \(key.prefix(12))) is no longer in the store (removed by gc)")
    }
    return (Differ.Source(path: path, label: "\(stage) (profile \(profile), previous, key \(key.prefix(12)))"), current)
  }

  private func stageAndProfile(_ operand: String) throws -> (String, String, Store) {
    let project = try self.project()
    if project.plan[operand] == nil, let at = operand.lastIndex(of: "@") {
      let profile = String(operand[operand.index(after: at)...])
      let doc = try Planner.read(root: request.root)
      if Planner.profiles(of: doc).contains(profile) {
        return (String(operand[..<at]), profile, project.store)
      }
    }
    return (operand, project.plan.profile, project.store)
  }

  private func head(_ stage: String, _ profile: String, _ store: Store) throws -> Store.Head {
    if let head = store.head(profile: profile, stage: stage) { return head }
    let project = try self.project()
    if profile == project.plan.profile, project.plan[stage] == nil {
      let hint = didYouMean(stage, project.plan.stages.map(\.name)).map { "; \($0)" } ?? ""
      throw UsageError("\(stage): neither a file nor a stage of profile \"\(profile)\"\(hint)")
    }
    throw UsageError(
      "stage \(stage) has no artifact yet under profile \(profile); run `timescales make \(stage) --profile \(profile)`"
    )
  }
}
