import Layouts

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

extension ExperimentsError {
  /// Runs `body`, which reads a checkpoint's layout, reporting a `LayoutError` as `malformedCheckpoint`.
  static func checkpoint<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as LayoutError {
      throw ExperimentsError.malformedCheckpoint(path: e.path, reason: e.reason)
    }
  }
}
