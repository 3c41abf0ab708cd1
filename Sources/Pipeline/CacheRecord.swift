import Artifacts
import Foundation

/// What the store knows about one cached artifact (`data/cache/ab/<key>.json`): the parts of
/// its key (for staleness reasons and diffs), its content hash, and the file's size and
/// modification time, used to notice a file changed behind the store's back.
public struct CacheRecord: Equatable, Sendable {
  public var key: String
  public var stage: String
  public var profile: String
  public var parts: CacheKeyParts
  public var contentHash: String
  public var fileSize: Int
  public var fileModified: Double
  /// The file's status-change time when last checked (nil in records of older versions).
  public var fileChanged: Double?
  public var started: Double
  public var finished: Double
  public var host: String
  /// Set when `accept` declared an existing artifact good for this key without recomputing it.
  public var accepted: Acceptance? = nil

  public struct Acceptance: Equatable, Sendable {
    public var fromKey: String
    public var at: Double
  }
  /// CPU time and peak memory of the process that computed it (nil in records written before they were kept).
  public var usage: ResourceUsage?

  var json: JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("key", .string(key)), ("stage", .string(stage)), ("profile", .string(profile)),
      ("kind", .string(parts.kind)), ("codeVersion", .int(Int64(parts.codeVersion))), ("params", parts.params),
      (
        "inputs",
        .array(
          parts.inputs.map {
            .object([
              ("stage", .string($0.stage)), ("role", $0.role.map(JSONValue.string) ?? .null),
              ("content", .string($0.contentHash)),
            ])
          })
      ),
      ("contentHash", .string(contentHash)), ("fileSize", .int(Int64(fileSize))),
      ("fileModified", .double(fileModified)),
      ("started", .double(started)), ("finished", .double(finished)), ("host", .string(host)),
    ]
    if let extras = parts.extras { pairs.insert(("extras", extras), at: 6) }
    if let fileChanged { pairs.append(("fileChanged", .double(fileChanged))) }
    if let accepted {
      pairs.append(("accepted", .object([("fromKey", .string(accepted.fromKey)), ("at", .double(accepted.at))])))
    }
    if let usage {
      pairs += [("cpuSeconds", .double(usage.cpuSeconds)), ("peakMemoryBytes", .int(Int64(usage.peakMemoryBytes)))]
    }
    return .object(pairs)
  }

  init(
    key: String, stage: String, profile: String, parts: CacheKeyParts, contentHash: String, fileSize: Int,
    fileModified: Double, fileChanged: Double?, started: Double, finished: Double, host: String,
    usage: ResourceUsage? = nil
  ) {
    self.key = key
    self.stage = stage
    self.profile = profile
    self.parts = parts
    self.contentHash = contentHash
    self.fileSize = fileSize
    self.fileModified = fileModified
    self.fileChanged = fileChanged
    self.started = started
    self.finished = finished
    self.host = host
    self.usage = usage
  }

  init?(json j: JSONValue) {
    guard let key = j["key"]?.stringValue, let stage = j["stage"]?.stringValue, let kind = j["kind"]?.stringValue,
      let cv = j["codeVersion"]?.intValue, let params = j["params"], let content = j["contentHash"]?.stringValue,
      let inputs = j["inputs"]?.arrayValue
    else { return nil }
    self.key = key
    self.stage = stage
    profile = j["profile"]?.stringValue ?? ""
    parts = CacheKeyParts(
      kind: kind, codeVersion: cv, params: params,
      inputs: inputs.compactMap { i in
        guard let s = i["stage"]?.stringValue, let c = i["content"]?.stringValue else { return nil }
        return .init(stage: s, role: i["role"]?.stringValue, contentHash: c)
      }, extras: j["extras"])
    contentHash = content
    fileSize = j["fileSize"]?.intValue ?? -1
    fileModified = j["fileModified"]?.doubleValue ?? 0
    fileChanged = j["fileChanged"]?.doubleValue
    started = j["started"]?.doubleValue ?? 0
    finished = j["finished"]?.doubleValue ?? 0
    host = j["host"]?.stringValue ?? ""
    if let from = j["accepted"]?["fromKey"]?.stringValue {
      accepted = Acceptance(fromKey: from, at: j["accepted"]?["at"]?.doubleValue ?? 0)
    }
    if let cpu = j["cpuSeconds"]?.doubleValue, let peak = j["peakMemoryBytes"]?.intValue {
      usage = ResourceUsage(cpuSeconds: cpu, peakMemoryBytes: peak)
    }
  }
}
