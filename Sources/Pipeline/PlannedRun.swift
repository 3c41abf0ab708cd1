import Foundation

/// One stage as the scheduler planned it, handed to the process that computes it (a
/// `stage-worker` request's `planned` file, or `run-stage STAGE --planned FILE`), so that the
/// process does not read and expand the whole pipeline again: the stage's resolved definition,
/// the cache keys of its inputs and the key they give.
///
/// The process trusts the hand-off only if pipeline.json still hashes to what the plan was made
/// from, and if the key recomputed from the definition and the inputs' recorded content hashes
/// is the planned key; otherwise it plans again. So the hand-off never changes a cache key or
/// what is computed: it only skips work whose result is already known.
public struct PlannedRun {
  /// SHA-256 of the pipeline.json the plan was made from.
  public var pipelineHash: String
  public var profile: String
  public var stage: PlannedStage
  /// The cache key of each input, in the order of `stage.inputs`.
  public var inputKeys: [String]
  public var key: String

  public init(pipelineHash: String, profile: String, stage: PlannedStage, inputKeys: [String], key: String) {
    self.pipelineHash = pipelineHash
    self.profile = profile
    self.stage = stage
    self.inputKeys = inputKeys
    self.key = key
  }

  public var json: JSONValue {
    var definition: [(String, JSONValue)] = [
      ("name", .string(stage.name)), ("template", .string(stage.template)), ("kind", .string(stage.kind)),
      ("codeVersion", .int(Int64(stage.codeVersion))), ("params", stage.params),
    ]
    if let extras = stage.keyExtras { definition.append(("keyExtras", extras)) }
    let inputs = zip(stage.inputs, inputKeys).map { d, k in
      JSONValue.object([
        ("stage", .string(d.stage)), ("role", d.role.map(JSONValue.string) ?? .null), ("key", .string(k)),
      ])
    }
    return .object([
      ("pipelineHash", .string(pipelineHash)), ("profile", .string(profile)), ("stage", .object(definition)),
      ("inputs", .array(inputs)), ("key", .string(key)),
    ])
  }

  /// Reads a hand-off written by `write(to:)`; nil if the file is missing or not one.
  public static func read(_ path: String) -> PlannedRun? {
    guard let data = FileManager.default.contents(atPath: path),
      let j = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
      let hash = j["pipelineHash"]?.stringValue, let profile = j["profile"]?.stringValue,
      let key = j["key"]?.stringValue, let s = j["stage"], let name = s["name"]?.stringValue,
      let template = s["template"]?.stringValue, let kind = s["kind"]?.stringValue,
      let codeVersion = s["codeVersion"]?.intValue, let params = s["params"], let inputs = j["inputs"]?.arrayValue
    else { return nil }
    var dependencies: [PlannedStage.Dependency] = []
    var keys: [String] = []
    for i in inputs {
      guard let stage = i["stage"]?.stringValue, let key = i["key"]?.stringValue else { return nil }
      dependencies.append(.init(role: i["role"]?.stringValue, stage: stage))
      keys.append(key)
    }
    let stage = PlannedStage(
      name: name, template: template, kind: kind, codeVersion: codeVersion, params: params,
      keyExtras: s["keyExtras"], inputs: dependencies, resources: Resources())
    return PlannedRun(pipelineHash: hash, profile: profile, stage: stage, inputKeys: keys, key: key)
  }

  public func write(to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    // Not fsynced: a hand-off lives as long as its stage's process.
    try Data(json.canonical.utf8).write(to: URL(fileURLWithPath: path))
  }

  /// The key parts from the inputs' recorded content, if every input key is cached and intact.
  func parts(_ store: Store) -> CacheKeyParts? {
    var inputs: [CacheKeyParts.Input] = []
    for (d, k) in zip(stage.inputs, inputKeys) {
      guard case .valid(let rec) = store.entry(k) else { return nil }
      inputs.append(.init(stage: d.stage, role: d.role, contentHash: rec.contentHash))
    }
    return CacheKeyParts(
      kind: stage.kind, codeVersion: stage.codeVersion, params: stage.params, inputs: inputs, extras: stage.keyExtras)
  }
}
