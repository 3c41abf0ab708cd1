import Figures
import Foundation
import Pipeline
import Report
import Stages

extension Show {
  /// A figure file: the provenance written inside it, and whether the project would draw it the same now.
  func showFigure() throws {
    let file = try FigureFile(path: target)
    let p = file.provenance
    let project = try Project.open(
      root: self.project.rootURL, profile: self.project.profile ?? p.profile, registry: StageKinds.registry)
    let fresh = file.freshness(in: project)
    let state = fresh.current ? "current" : "stale"
    if json {
      return printJSON(
        .object([
          ("file", .string(target)), ("format", .string(file.format.rawValue)),
          (
            "provenance",
            .object(
              p.fields.map { name, value in
                name == "inputs"
                  ? (
                    name,
                    .array(
                      p.inputs.map {
                        .object([("stage", .string($0.stage)), ("content_hash", .string($0.contentHash))])
                      })
                  )
                  : (name, .string(value))
              })
          ),
          ("status", .string(state)), ("reasons", .array(fresh.reasons.map(JSONValue.string))),
          ("current_key", fresh.currentKey.map(JSONValue.string) ?? .null),
        ]))
    }
    print("file: \(target)")
    print("figure stage: \(p.stage)  (profile \(p.profile))")
    print("cache key: \(p.cacheKey)")
    print("project commit: \(p.projectCommit)")
    print("tool: \(p.tool)")
    print("inputs (\(p.inputs.count)):")
    for i in p.inputs { print("  \(i.stage)  content \(i.contentHash)") }
    print(
      "status (\(project.plan.profile)): \(state)"
        + (fresh.reasons.isEmpty ? "" : "  " + fresh.reasons.joined(separator: "; ")))
  }
}
