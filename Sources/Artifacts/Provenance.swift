import Foundation

/// Where an artifact came from, stored as root attributes named `provenance.*` so that
/// `h5dump -A` tells a stranger what produced the file. Excluded from the content hash.
public struct Provenance: Equatable, Sendable {
  public static let prefix = "provenance."

  public var stage: String
  public var kind: String
  public var codeVersion: Int
  /// Canonical JSON of the resolved parameters.
  public var parameters: String
  /// `name=cacheKey` for each input, in dependency order.
  public var inputs: [String]
  public var cacheKey: String
  public var seed: Int64?
  public var toolVersion: String
  public var started: Date
  public var finished: Date
  public var host: String
  /// The project's git commit (`…-dirty` with uncommitted changes), when the project is a checkout.
  public var projectCommit: String?
  /// CPU time (user + system) and peak resident memory of the process that computed it.
  public var usage: ResourceUsage?

  public init(
    stage: String, kind: String, codeVersion: Int, parameters: String, inputs: [String], cacheKey: String,
    seed: Int64?, toolVersion: String, started: Date, finished: Date, host: String,
    projectCommit: String? = nil, usage: ResourceUsage? = nil
  ) {
    self.stage = stage
    self.kind = kind
    self.codeVersion = codeVersion
    self.parameters = parameters
    self.inputs = inputs
    self.cacheKey = cacheKey
    self.seed = seed
    self.toolVersion = toolVersion
    self.started = started
    self.finished = finished
    self.host = host
    self.projectCommit = projectCommit
    self.usage = usage
  }

  static func timestamp(_ d: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.string(from: d)
  }

  /// The attributes this provenance adds to the root group.
  public var attributes: [String: AttributeValue] {
    var a: [String: AttributeValue] = [
      "provenance.stage": .string(stage),
      "provenance.kind": .string(kind),
      "provenance.code_version": .int(Int64(codeVersion)),
      "provenance.parameters": .string(parameters),
      "provenance.inputs": .string(inputs.joined(separator: "\n")),
      "provenance.cache_key": .string(cacheKey),
      "provenance.tool": .string("timescales " + toolVersion),
      "provenance.started": .string(Self.timestamp(started)),
      "provenance.finished": .string(Self.timestamp(finished)),
      "provenance.wall_seconds": .double(finished.timeIntervalSince(started)),
      "provenance.host": .string(host),
    ]
    if let seed { a["provenance.seed"] = .int(seed) }
    if let projectCommit { a["provenance.project_commit"] = .string(projectCommit) }
    if let usage {
      a["provenance.cpu_seconds"] = .double(usage.cpuSeconds)
      a["provenance.peak_memory_bytes"] = .int(Int64(usage.peakMemoryBytes))
    }
    return a
  }

  public func stamp(_ artifact: inout Artifact) {
    for (k, v) in attributes { artifact.setAttribute(k, v) }
  }
}
