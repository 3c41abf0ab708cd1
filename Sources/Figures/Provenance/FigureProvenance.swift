import Artifacts
import Foundation

/// Where a published figure file came from, written inside the file itself (PNG text chunks, SVG
/// metadata, PDF document info) so it still says so once it leaves `figures/out/`.
///
/// Every value is fixed by the figure stage's artifact and the profile it is published for: no
/// wall-clock time, so the same figure published twice has the same bytes.
public struct FigureProvenance: Equatable, Sendable {
  public struct Input: Equatable, Sendable {
    public var stage: String
    public var contentHash: String
    public init(stage: String, contentHash: String) {
      self.stage = stage
      self.contentHash = contentHash
    }
  }

  /// The figure stage (`fig/tau-vs-n`).
  public var stage: String
  /// The figure stage's cache key.
  public var cacheKey: String
  /// Each input stage with the content hash of the artifact it read, in dependency order.
  public var inputs: [Input]
  public var profile: String
  /// The project's git commit when the figure was drawn (`…-dirty` with uncommitted changes), or `unknown`.
  public var projectCommit: String
  /// `timescales 0.1.0`.
  public var tool: String

  public init(stage: String, cacheKey: String, inputs: [Input], profile: String, projectCommit: String, tool: String) {
    self.stage = stage
    self.cacheKey = cacheKey
    self.inputs = inputs
    self.profile = profile
    self.projectCommit = projectCommit
    self.tool = tool
  }

  /// From a figure stage's artifact (its `provenance.*` attributes) and the profile it is published for.
  public init(artifact a: Artifact, profile: String) {
    func text(_ name: String) -> String { a.attribute(Provenance.prefix + name)?.stringValue ?? "unknown" }
    self.init(
      stage: text("stage"), cacheKey: text("cache_key"), inputs: Self.inputs(text("inputs")), profile: profile,
      projectCommit: text("project_commit"), tool: text("tool"))
  }

  /// The fields as they are written into a file, in this order. `inputs` is one `stage=content hash` per line.
  public var fields: [(name: String, value: String)] {
    [
      ("stage", stage), ("cache_key", cacheKey),
      ("inputs", inputs.map { "\($0.stage)=\($0.contentHash)" }.joined(separator: "\n")),
      ("profile", profile), ("project_commit", projectCommit), ("tool", tool),
    ]
  }

  /// From the fields read back out of a file; nil unless the stage, cache key and profile are there.
  public init?(fields: [String: String]) {
    guard let stage = fields["stage"], let key = fields["cache_key"], let profile = fields["profile"] else {
      return nil
    }
    self.init(
      stage: stage, cacheKey: key, inputs: Self.inputs(fields["inputs"] ?? ""), profile: profile,
      projectCommit: fields["project_commit"] ?? "unknown", tool: fields["tool"] ?? "unknown")
  }

  /// `stage=content hash` lines (as in `provenance.inputs`) → inputs.
  static func inputs(_ lines: String) -> [Input] {
    lines.split(separator: "\n").compactMap { (line: Substring) -> Input? in
      guard let eq = line.lastIndex(of: "=") else { return nil }
      return Input(stage: String(line[..<eq]), contentHash: String(line[eq...].dropFirst()))
    }
  }

  /// The drawing formats that carry provenance, by file extension.
  public enum Format: String, CaseIterable, Sendable {
    case png, svg, pdf

    public init?(path: String) { self.init(rawValue: (path as NSString).pathExtension.lowercased()) }
  }

  /// `bytes` (a drawing in `format`) with these fields written into it.
  public func embed(in bytes: [UInt8], format: Format) throws -> [UInt8] {
    switch format {
    case .png: try PNGText.adding(fields, to: bytes)
    case .svg: try SVGMetadata.adding(fields, to: bytes)
    case .pdf: try PDFInfo.adding(fields, to: bytes)
    }
  }

  /// The provenance written into a drawing, or nil when it holds none.
  public static func read(from bytes: [UInt8], format: Format) -> FigureProvenance? {
    let fields: [String: String]
    switch format {
    case .png: fields = PNGText.fields(in: bytes)
    case .svg: fields = SVGMetadata.fields(in: bytes)
    case .pdf: fields = PDFInfo.fields(in: bytes)
    }
    return FigureProvenance(fields: fields)
  }
}
