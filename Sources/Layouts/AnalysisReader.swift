import Artifacts

/// Reads the datasets and attributes of an analysis artifact, throwing a `LayoutError` that names
/// the analysis kind and the missing object.
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

  /// An integer attribute of the group at `path` (the root by default).
  public func int(_ name: String, at path: String = "/") throws -> Int {
    guard let v = artifact.attribute(name, at: path)?.intValue else {
      throw LayoutError(kind, path: path, reason: "missing integer attribute \(name)")
    }
    return v
  }

  /// A string attribute of the group at `path` (the root by default).
  public func string(_ name: String, at path: String = "/") throws -> String {
    guard let v = artifact.attribute(name, at: path)?.stringValue else {
      throw LayoutError(kind, path: path, reason: "missing string attribute \(name)")
    }
    return v
  }

  public func sourceInt(_ name: String) throws -> Int { try int(name, at: "/source") }

  public func sourceString(_ name: String) throws -> String { try string(name, at: "/source") }
}
