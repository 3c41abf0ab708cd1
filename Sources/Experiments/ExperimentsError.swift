/// Errors of the experiment layer; each names what is wrong and where.
public enum ExperimentsError: Error, Equatable, CustomStringConvertible {
  /// A checkpoint lacks a dataset/attribute or has a wrong shape.
  case malformedCheckpoint(path: String, reason: String)
  /// A reference state_dict lacks a key or has a wrong shape.
  case malformedStateDict(key: String, reason: String)
  /// Bad arguments (N < 2, head out of range, level not in the curriculum, …).
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .malformedCheckpoint(let path, let reason): "checkpoint \(path): \(reason)"
    case .malformedStateDict(let key, let reason): "reference state_dict key \(key): \(reason)"
    case .invalidArgument(let s): s
    }
  }
}
