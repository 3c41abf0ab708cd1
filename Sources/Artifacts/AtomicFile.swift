import Foundation
import Glibc

/// Crash-safe file replacement: write a temporary file beside the target, flush it to disk, rename
/// it over the target. Readers see the old file or the new one, never half of one.
public enum AtomicFile {
  public struct WriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot write (\(reason))" }
  }

  /// The temporary name used beside `path` (unique per process and call).
  public static func temporaryPath(for path: String) -> String {
    path + ".tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
  }

  /// Writes `bytes` to `path` atomically, creating the folder if needed.
  public static func write<Bytes: ContiguousBytes>(_ bytes: Bytes, to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let tmp = temporaryPath(for: path)
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw WriteError(path: tmp, reason: String(cString: strerror(errno))) }
    var ok = bytes.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
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
      throw WriteError(path: path, reason: reason)
    }
  }

  /// Writes an artifact to `path` atomically (HDF5 to a temporary file, fsync, then rename).
  public static func write(_ artifact: Artifact, to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let tmp = temporaryPath(for: path)
    do { try ArtifactWriter.write(artifact, to: tmp) } catch { unlink(tmp); throw error }
    let fd = open(tmp, O_RDONLY)
    guard fd >= 0, fsync(fd) == 0 else {
      let reason = String(cString: strerror(errno))
      if fd >= 0 { close(fd) }
      unlink(tmp)
      throw WriteError(path: tmp, reason: reason)
    }
    close(fd)
    guard rename(tmp, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(tmp)
      throw WriteError(path: path, reason: reason)
    }
  }
}
