import Foundation
import Glibc

/// Copies a figure's files where people look for them: `figures/out/<profile>/`.
public enum FigurePublisher {
  /// `figures/out/<profile>` under the project folder.
  public static func folder(projectRoot: URL, profile: String) -> URL {
    projectRoot.appendingPathComponent("figures/out/\(profile)")
  }

  /// Writes each file atomically (a temporary file beside it, flushed, then renamed), so a
  /// viewer never sees half a figure. Files whose bytes are already there are left untouched.
  public static func publish(_ files: [(name: String, bytes: [UInt8])], to folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, bytes) in files {
      precondition(!name.contains("/") && !name.hasPrefix("."), "FigurePublisher: bad file name \(name)")
      let path = folder.appendingPathComponent(name).path
      if let existing = FileManager.default.contents(atPath: path), existing.elementsEqual(bytes) { continue }
      try atomicWrite(bytes, to: path)
    }
  }

  static func atomicWrite(_ bytes: [UInt8], to path: String) throws {
    let tmp = path + ".tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw FigureError("cannot create \(tmp): \(String(cString: strerror(errno)))") }
    var ok = bytes.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n <= 0 { return false }
        offset += n
      }
      return true
    }
    ok = ok && fsync(fd) == 0
    close(fd)
    guard ok, rename(tmp, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(tmp)
      throw FigureError("cannot write \(path): \(reason)", hint: "check the folder's permissions and free space")
    }
  }
}
