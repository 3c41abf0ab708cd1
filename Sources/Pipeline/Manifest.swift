import Foundation

/// What one run of a profile produced, to check elsewhere: every stage → the content hash of its
/// artifact, with the project commit, the tool version and the code version of every stage kind.
/// `timescales manifest` writes it; `timescales verify` recomputes stages and compares.
///
/// The file is JSON with one stage per line, so that two manifests diff line by line:
/// ```
/// {
///   "manifest": 1,
///   "profile": "smoke",
///   "commit": "3f2f63e…",
///   "tool": "0.1.0",
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
  public var codeVersions: [String: Int]
  /// Stage name → content hash, in plan order.
  public let stages: [(name: String, contentHash: String)]
  private let hashes: [String: String]

  public init(
    profile: String, commit: String?, tool: String, codeVersions: [String: Int],
    stages: [(name: String, contentHash: String)]
  ) {
    self.profile = profile
    self.commit = commit
    self.tool = tool
    self.codeVersions = codeVersions
    self.stages = stages
    hashes = Dictionary(stages.map { ($0.name, $0.contentHash) }, uniquingKeysWith: { a, _ in a })
  }

  public static func == (a: Manifest, b: Manifest) -> Bool {
    a.profile == b.profile && a.commit == b.commit && a.tool == b.tool && a.codeVersions == b.codeVersions
      && a.stages.map(\.name) == b.stages.map(\.name) && a.stages.map(\.contentHash) == b.stages.map(\.contentHash)
  }

  public subscript(stage: String) -> String? { hashes[stage] }

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
      codeVersions: versions, stages: stages)
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
