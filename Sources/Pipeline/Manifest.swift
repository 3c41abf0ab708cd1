import Foundation

/// What one run of a profile produced, to check elsewhere: every stage → the content hash of its
/// artifact, with the project commit, the tool version, the code version of every stage kind and
/// the OpenBLAS kernel the run used (another kernel sums in another order, so the float results of
/// stages that call BLAS can differ in their last bits).
/// `timescales manifest` writes it; `timescales verify` recomputes stages and compares.
///
/// The file is JSON with one stage per line, so that two manifests diff line by line:
/// ```
/// {
///   "manifest": 1,
///   "profile": "smoke",
///   "commit": "3f2f63e…",
///   "tool": "0.1.0",
///   "blasKernel": "Haswell",
///   "codeVersions": {"ablation": 2, "train": 1, …},
///   "stages": {
///     "ablation/parity/multi/seed1/N3": "9c1e…",
///     …
///   }
/// }
/// ```
public struct Manifest: Equatable, Sendable {
  public static let formatVersion = 1
  public var profile: String
  /// `git rev-parse HEAD` of the project, with "-dirty" when tracked files had changes; nil outside git.
  public var commit: String?
  public var tool: String
  /// `OPENBLAS_CORETYPE` of the run (the binary sets it from the CPU when it is unset); nil if unknown.
  public var blasKernel: String?
  public var codeVersions: [String: Int]
  /// Stage name → content hash, in plan order.
  public let stages: [(name: String, contentHash: String)]
  private let hashes: [String: String]

  public init(
    profile: String, commit: String?, tool: String, blasKernel: String? = Manifest.currentBLASKernel,
    codeVersions: [String: Int], stages: [(name: String, contentHash: String)]
  ) {
    self.profile = profile
    self.commit = commit
    self.tool = tool
    self.blasKernel = blasKernel
    self.codeVersions = codeVersions
    self.stages = stages
    hashes = Dictionary(stages.map { ($0.name, $0.contentHash) }, uniquingKeysWith: { a, _ in a })
  }

  public static func == (a: Manifest, b: Manifest) -> Bool {
    a.profile == b.profile && a.commit == b.commit && a.tool == b.tool && a.blasKernel == b.blasKernel
      && a.codeVersions == b.codeVersions
      && a.stages.map(\.name) == b.stages.map(\.name) && a.stages.map(\.contentHash) == b.stages.map(\.contentHash)
  }

  public subscript(stage: String) -> String? { hashes[stage] }

  /// The OpenBLAS kernel of this process.
  public static var currentBLASKernel: String? { ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] }

  /// The manifest of `project`'s profile as it is in the local cache. Every stage must be up to
  /// date: a manifest describes one complete run.
  public static func of(_ project: Project) throws -> Manifest {
    let plan = project.plan
    let resolver = KeyResolver(plan: plan, store: project.store)
    var stages: [(String, String)] = []
    var missing: [String] = []
    for (i, s) in plan.stages.enumerated() {
      if let c = resolver.content(i) { stages.append((s.name, c)) } else { missing.append(s.name) }
    }
    guard missing.isEmpty else {
      throw UsageError(
        "\(missing.count) stage(s) of profile \"\(plan.profile)\" are not up to date (first: \(missing[0]))"
          + "\nhint: `timescales make --profile \(plan.profile) '**'` makes them")
    }
    var versions: [String: Int] = [:]
    for s in plan.stages { versions[s.kind] = s.codeVersion }
    return Manifest(
      profile: plan.profile, commit: ToolVersion.commit(in: project.root.path, short: false), tool: ToolVersion.current,
      codeVersions: versions, stages: stages)
  }

  public var text: String {
    func quoted(_ s: String) -> String { JSONValue.string(s).canonical }
    let versions = codeVersions.keys.sorted().map { "\(quoted($0)): \(codeVersions[$0]!)" }.joined(separator: ", ")
    var lines = [
      "{", "  \"manifest\": \(Self.formatVersion),", "  \"profile\": \(quoted(profile)),",
      "  \"commit\": \(commit.map(quoted) ?? "null"),", "  \"tool\": \(quoted(tool)),",
      "  \"blasKernel\": \(blasKernel.map(quoted) ?? "null"),",
      "  \"codeVersions\": {\(versions)},", "  \"stages\": {",
    ]
    for (n, s) in stages.enumerated() {
      lines.append("    \(quoted(s.name)): \(quoted(s.contentHash))" + (n + 1 < stages.count ? "," : ""))
    }
    lines += ["  }", "}"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads a manifest; any problem is one line naming the file and what is wrong.
  public static func read(_ path: String) throws -> Manifest {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UsageError("\(path): cannot read the manifest")
    }
    let json: JSONValue
    do {
      json = try JSONParser.parse(String(decoding: data, as: UTF8.self))
    } catch {
      let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid JSON"
      throw UsageError("\(path): not a manifest (not valid JSON: \(reason))")
    }
    func bad(_ what: String) -> UsageError { UsageError("\(path): not a manifest (\(what))") }
    guard json["manifest"]?.intValue == formatVersion else { throw bad("\"manifest\": \(formatVersion) is missing") }
    guard let profile = json["profile"]?.stringValue else { throw bad("no \"profile\"") }
    guard let pairs = json["stages"]?.objectPairs, !pairs.isEmpty else {
      throw bad("no \"stages\" object with stage → content hash")
    }
    var stages: [(String, String)] = []
    for (name, value) in pairs {
      guard let hash = value.stringValue, hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
        throw bad("stage \"\(name)\": the content hash must be 64 hex digits")
      }
      stages.append((name, hash))
    }
    var versions: [String: Int] = [:]
    for (kind, v) in json["codeVersions"]?.objectPairs ?? [] { versions[kind] = v.intValue }
    return Manifest(
      profile: profile, commit: json["commit"]?.stringValue, tool: json["tool"]?.stringValue ?? "",
      blasKernel: json["blasKernel"]?.stringValue, codeVersions: versions, stages: stages)
  }

  /// A warning when this process uses another OpenBLAS kernel than the manifest's run; nil otherwise.
  public var blasKernelWarning: String? {
    let current = Self.currentBLASKernel ?? "the library's own choice"
    guard let recorded = blasKernel, recorded != current else { return nil }
    return "note: the manifest was made with OpenBLAS's \(recorded) kernels, this run uses \(current): they sum in "
      + "another order, so stages that call BLAS can differ in their last bits (OPENBLAS_CORETYPE=\(recorded) "
      + "selects the manifest's kernels where this CPU has them)"
  }

  /// The kinds whose code version in `plan` differs from the manifest's, as "kind 1 → 2".
  public func codeVersionChanges(_ plan: Plan) -> [String] {
    var now: [String: Int] = [:]
    for s in plan.stages { now[s.kind] = s.codeVersion }
    return codeVersions.keys.sorted().compactMap { k in
      guard let v = now[k], v != codeVersions[k] else { return nil }
      return "\(k) \(codeVersions[k]!) → \(v)"
    }
  }
}
