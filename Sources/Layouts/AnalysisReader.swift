import Artifacts

/// Reads the datasets and `/source` attributes of an analysis artifact, throwing a `LayoutError`
/// that names the analysis kind and the missing object.
public struct AnalysisReader {
  public let artifact: Artifact
  public let kind: String

  public init(_ artifact: Artifact, kind: String) {
    self.artifact = artifact; self.kind = kind
  }

  public func dataset(_ path: String) throws -> NDArray {
    guard let v = artifact[path] else { throw LayoutError(kind, path: path, reason: "missing dataset") }
    return v
  }

  public func sourceInt(_ name: String) throws -> Int {
    guard let v = artifact.attribute(name, at: "/source")?.intValue else {
      throw LayoutError(kind, path: "/source", reason: "missing integer attribute \(name)")
    }
    return v
  }

  public func sourceString(_ name: String) throws -> String {
    guard let v = artifact.attribute(name, at: "/source")?.stringValue else {
      throw LayoutError(kind, path: "/source", reason: "missing string attribute \(name)")
    }
    return v
  }
}
