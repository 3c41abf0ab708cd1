import CHDF5
import Foundation

/// Process-wide HDF5 set-up: the library is opened once and its automatic error printing
/// is switched off, so errors reach the user through `ArtifactsError` with HDF5's own message.
enum HDF5Library {
  static let ready: Bool = {
    H5open()
    _ = ts_silence_errors()
    return true
  }()

  static func ensure() { _ = ready }

  /// The innermost (most specific) message on HDF5's error stack, if any.
  static func lastErrorMessage() -> String? {
    final class Box { var messages: [String] = [] }
    let box = Box()
    let stack = H5Eget_current_stack()
    defer { H5Eclose_stack(stack) }
    _ = withExtendedLifetime(box) {
      H5Ewalk2(
        stack, H5E_WALK_UPWARD,
        { _, desc, data in
          guard let desc, let data, let msg = desc.pointee.desc else { return 0 }
          Unmanaged<Box>.fromOpaque(data).takeUnretainedValue().messages.append(String(cString: msg))
          return 0
        }, Unmanaged.passUnretained(box).toOpaque())
    }
    return box.messages.first.map(systemReason)
  }

  /// A failed read or write of the file driver as "file write failed: No space left on device": HDF5
  /// puts the system's reason inside a long line of buffer addresses and byte counts.
  static func systemReason(_ message: String) -> String {
    guard let start = message.range(of: "error message = '"),
      let end = message[start.upperBound...].firstIndex(of: "'")
    else { return message }
    let what = message.prefix { $0 != ":" && $0 != "," && $0 != "\n" }
    return "\(what): \(message[start.upperBound..<end])"
  }

  static var version: String {
    var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
    H5get_libversion(&major, &minor, &release)
    return "\(major).\(minor).\(release)"
  }
}

/// An HDF5 identifier, closed by `close` or, on an error path, when the last reference goes away.
final class H5ID {
  let id: hid_t
  private let closer: (hid_t) -> herr_t
  private var isOpen = true
  init(_ id: hid_t, _ closer: @escaping (hid_t) -> herr_t) {
    self.id = id
    self.closer = closer
  }

  /// Closes now and checks it: closing a dataset or a file writes what HDF5 still caches, so on a
  /// full disk this is where a write fails.
  func close(file: String, object: String?, _ what: @autoclosure () -> String) throws {
    isOpen = false
    try h5check(closer(id), file: file, object: object, what())
  }

  deinit { if isOpen { _ = closer(id) } }
}

/// Checks an HDF5 id / status and turns failure into an `ArtifactsError`.
@discardableResult
func h5check(_ value: hid_t, file: String, object: String?, _ what: @autoclosure () -> String) throws -> hid_t {
  if value < 0 {
    let detail = HDF5Library.lastErrorMessage().map { " (HDF5: \($0))" } ?? ""
    throw ArtifactsError(file: file, object: object, what() + detail)
  }
  return value
}

@discardableResult
func h5check(_ status: herr_t, file: String, object: String?, _ what: @autoclosure () -> String) throws -> herr_t {
  if status < 0 {
    let detail = HDF5Library.lastErrorMessage().map { " (HDF5: \($0))" } ?? ""
    throw ArtifactsError(file: file, object: object, what() + detail)
  }
  return status
}
