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
    return box.messages.first
  }

  static var version: String {
    var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
    H5get_libversion(&major, &minor, &release)
    return "\(major).\(minor).\(release)"
  }
}

/// An HDF5 identifier closed when the last reference goes away.
final class H5ID {
  let id: hid_t
  private let closer: (hid_t) -> herr_t
  init(_ id: hid_t, _ closer: @escaping (hid_t) -> herr_t) {
    self.id = id
    self.closer = closer
  }
  deinit { _ = closer(id) }
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
