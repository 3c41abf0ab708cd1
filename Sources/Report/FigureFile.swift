import Figures
import Foundation
import Pipeline

/// A published figure file (PNG, SVG or PDF) and what its embedded provenance says about it
/// against a project: current (its cache key is what the stage's key is now) or stale, and why.
public struct FigureFile: Sendable {
  public var path: String
  public var format: FigureProvenance.Format
  public var provenance: FigureProvenance

  /// Reads the provenance written into `path`.
  /// - Throws: `UsageError` naming the file when it is not a PNG, SVG or PDF, or holds no provenance.
  public init(path: String) throws {
    guard let format = FigureProvenance.Format(path: path) else {
      throw UsageError("\(path): not a figure file (.png, .svg or .pdf)")
    }
    guard let bytes = FileManager.default.contents(atPath: path) else {
      throw UsageError("\(path): cannot read the file")
    }
    guard let provenance = FigureProvenance.read(from: Array(bytes), format: format) else {
      throw UsageError(
        "\(path) holds no timescales provenance\n"
          + "hint: figures get it when `timescales make` publishes them to figures/out/<profile>/")
    }
    self.path = path
    self.format = format
    self.provenance = provenance
  }

  public struct Freshness: Equatable, Sendable {
    public var current: Bool
    /// Why it is stale, as `timescales status` says it (empty when current).
    public var reasons: [String]
    /// The stage's cache key now, when its inputs are all cached.
    public var currentKey: String?
  }

  /// Whether the figure is what `project` (opened at the figure's profile) would draw now.
  public func freshness(in project: Project) -> Freshness {
    Self.freshness(stage: provenance.stage, cacheKey: provenance.cacheKey, in: project)
  }

  /// Whether `stage`'s artifact under `cacheKey` is what `project` would make now.
  public static func freshness(stage: String, cacheKey: String, in project: Project) -> Freshness {
    guard let i = project.plan.index[stage] else {
      return Freshness(
        current: false, reasons: ["pipeline.json has no stage \(stage) in profile \(project.plan.profile)"],
        currentKey: nil)
    }
    let resolver = KeyResolver(plan: project.plan, store: project.store)
    if let key = resolver.key(i), let parts = resolver.parts(i) {
      if key == cacheKey { return Freshness(current: true, reasons: [], currentKey: key) }
      var reasons = project.store.record(cacheKey).map { Staleness.changesFrom($0.parts, to: parts) } ?? []
      if reasons.isEmpty {
        reasons = [
          "its cache key \(cacheKey.prefix(12)) is not in this project's cache; the stage's key is now \(key.prefix(12))"
        ]
      }
      return Freshness(current: false, reasons: reasons, currentKey: key)
    }
    // Some input is not up to date: say which, as status does.
    let status = Staleness.statuses(resolver)[i]
    return Freshness(
      current: false, reasons: status.reasons.isEmpty ? ["its inputs are not all made yet"] : status.reasons,
      currentKey: nil)
  }
}
