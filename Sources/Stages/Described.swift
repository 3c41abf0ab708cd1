import Artifacts
import Foundation
import Layouts
import Pipeline

/// A stage kind whose artifacts leave with their layout's self-description (`ArtifactLayouts`):
/// `layout` and `layout_version` on the root, `description`, `units`, `dimensions` (and
/// `missing_value`, `note`) on every dataset. Everything else is the wrapped kind's.
enum Described<Kind: StageKind>: StageKind {
  typealias Params = Kind.Params
  static var name: String { Kind.name }
  static var codeVersion: Int { Kind.codeVersion }
  static var summary: String { Kind.summary }
  static var resources: Resources { Kind.resources }
  static var ranges: [String: ParameterRange] { Kind.ranges }
  static var isShort: Bool { Kind.isShort }
  static func validate(_ params: Params) -> [(String, String)] { Kind.validate(params) }
  static func keyExtras(_ params: Params, projectRoot: URL) throws -> JSONValue? {
    try Kind.keyExtras(params, projectRoot: projectRoot)
  }
  static func publish(_ params: Params, artifact: () throws -> Artifact, context: PublishContext) throws {
    try Kind.publish(params, artifact: artifact, context: context)
  }

  static func run(_ params: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    var a = try Kind.run(params, inputs: inputs, context: context)
    if let layout = ArtifactLayouts.layout(ofKind: Kind.name) { ArtifactLayouts.describe(&a, as: layout) }
    return a
  }
}
