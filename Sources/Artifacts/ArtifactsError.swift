/// Errors reading or writing artifacts. Each names the file, the object inside it and
/// the top message of HDF5's error stack where there is one.
public struct ArtifactsError: Error, CustomStringConvertible, Sendable {
  public var file: String
  public var object: String?
  public var message: String
  public var hint: String?

  public init(file: String, object: String? = nil, _ message: String, hint: String? = nil) {
    self.file = file
    self.object = object
    self.message = message
    self.hint = hint
  }

  public var description: String {
    var s = file
    if let object { s += ":" + object }
    s += ": " + message
    if let hint { s += "\nhint: " + hint }
    return s
  }
}
