/// An artifact that does not hold the layout its reader expects: which kind of artifact, the object
/// path inside it (`/training`, `/network/w_rec`) and what is missing or wrong.
public struct LayoutError: Error, Equatable, CustomStringConvertible {
  /// "checkpoint", "analysis", …: what the artifact was read as.
  public var artifact: String
  public var path: String
  public var reason: String

  public init(_ artifact: String, path: String, reason: String) {
    self.artifact = artifact; self.path = path; self.reason = reason
  }

  public var description: String { "\(artifact) \(path): \(reason)" }
}
