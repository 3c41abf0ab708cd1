import Foundation

/// Reads pipeline.json and expands one profile into a `Plan`.
///
/// Format (see README "pipeline.json"):
/// ```
/// { "profiles": { "smoke": { "neurons": 16, "seeds": [1] }, "paper": { "extends": "smoke", … } },
///   "targets": ["fig/**"],
///   "stages": {
///     "train": { "kind": "train", "name": "train/{task}/seed{seed}/N{n}",
///                "matrix": { "task": ["parity"], "seed": "$seeds", "n": { "from": 2, "to": "$nMax" } },
///                "params": { "neurons": "$neurons" },
///                "needs": [ { "stage": "train/{task}/seed{seed}/N{n-1}", "as": "parent", "optional": true } ] } } }
/// ```
/// `"$x"` is the profile's value `x` (`"$profile"`: the profile's name); `{v}`, `{v-1}`, `{v+1}`, `{v-$x}` in names, needs and string
/// parameters are matrix values. Matrix values become parameters of the same name.
/// A need's `"as"` names one input; with `"many": true` it names every stage the pattern matches
/// (`{ "stage": "train", "as": "train", "many": true }`: all stages of template train).
///
/// The work is split by step: `Expansion` (top-level schema and the steps in order), `Expansion+Profiles`
/// (`extends`), `Expansion+Templates` (one template → its stages), `Expansion+Matrix` and
/// `Expansion+Placeholders` (bindings and `$x`/`{v}`), `Expansion+Needs` and `Expansion+Order`
/// (dependencies and the topological sort).
public enum Planner {
  public static let fileName = "pipeline.json"

  /// Parses the file; a syntax error becomes a `PlanErrors` naming line and column.
  public static func read(root: URL) throws -> JSONValue {
    try readWithHash(root: root).doc
  }

  /// The parsed file and the SHA-256 of its bytes.
  static func readWithHash(root: URL) throws -> (doc: JSONValue, hash: String) {
    let url = root.appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw UsageError("\(url.path): no pipeline file here; run timescales in a project folder or pass --root DIR")
    }
    return (try parse(data), sha256Hex(data))
  }

  /// SHA-256 of the project's pipeline.json as it is now (nil if there is none).
  public static func pipelineHash(root: URL) -> String? {
    FileManager.default.contents(atPath: root.appendingPathComponent(fileName).path).map(sha256Hex)
  }

  private static func parse(_ data: Data) throws -> JSONValue {
    do {
      return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    } catch let e as JSONParser.SyntaxError {
      throw PlanErrors([PlanError(path: "", "not valid JSON: \(e)")])
    }
  }

  public static func profiles(of doc: JSONValue) -> [String] {
    doc["profiles"]?.objectPairs?.map(\.0) ?? []
  }

  public static func defaultProfile(of doc: JSONValue) -> String {
    doc["defaultProfile"]?.stringValue ?? "default"
  }

  public static func plan(root: URL, profile: String?, registry: StageRegistry) throws -> Plan {
    let (doc, hash) = try readWithHash(root: root)
    var plan = try plan(doc, profile: profile ?? defaultProfile(of: doc), registry: registry, root: root)
    plan.pipelineHash = hash
    return plan
  }

  /// - Parameter root: the project folder, for stage kinds' `keyExtras` (files they read). Without
  ///   it the expansion is checked but extras are not computed, so cache keys of kinds that have
  ///   extras are not final: pass it whenever keys matter.
  public static func plan(_ doc: JSONValue, profile: String, registry: StageRegistry, root: URL? = nil) throws -> Plan {
    var e = Expansion(registry: registry, root: root)
    let plan = e.expand(doc, profile: profile)
    if !e.errors.isEmpty { throw PlanErrors(e.errors) }
    return plan!
  }
}
