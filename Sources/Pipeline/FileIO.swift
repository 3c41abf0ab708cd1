import Artifacts
import Foundation
import Glibc

/// Small POSIX helpers for crash-safe files.
enum FileIO {
  /// Writes `data` atomically (`AtomicFile`), as a usage error naming the file on failure.
  static func atomicWrite(_ data: Data, to path: String) throws {
    do { try AtomicFile.write(data, to: path) } catch { throw UsageError("\(error)") }
  }

  /// Flushes a file to disk. A failure (ENOSPC, EIO: its data may never reach the disk) throws,
  /// naming the file and the reason.
  static func fsyncFile(_ path: String) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw UsageError("\(path): cannot open it to write it to disk (\(String(cString: strerror(errno))))")
    }
    defer { close(fd) }
    guard fsync(fd) == 0 else {
      throw UsageError("\(path): cannot write it to disk (\(String(cString: strerror(errno))))")
    }
  }

  static func fsyncDirectory(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY)
    if fd >= 0 { fsync(fd); close(fd) }
  }

  /// Appends one line with a single write(2) on an O_APPEND descriptor, so concurrent
  /// writers never interleave within a line.
  static func appendLine(_ line: String, to path: String) {
    let dir = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    guard fd >= 0 else { return }
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
  }

  /// Size, modification time and status-change time (seconds, with nanoseconds) of a file, or nil.
  /// Nobody can set the status-change time: it moves whenever the file is written, touched or copied.
  static func fileStatus(_ path: String) -> (size: Int, modified: Double, changed: Double)? {
    var st = Glibc.stat()
    guard fstatat(AT_FDCWD, path, &st, 0) == 0 else { return nil }
    return (
      Int(st.st_size), Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) * 1e-9,
      Double(st.st_ctim.tv_sec) + Double(st.st_ctim.tv_nsec) * 1e-9
    )
  }

  /// When process `pid` started, as "<boot id>:<clock ticks since boot>": with the PID, names one
  /// process for good (a reused PID has another start time). Nil if there is no such process.
  static func processStartTime(_ pid: Int32) -> String? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 19 else { return nil }
    let boot =
      (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
    return "\(boot):\(fields[19])"
  }

  /// Whether process `pid` on this host has ended: it does not exist, or it is a zombie (dead but
  /// not reaped — its parent was killed and PID 1 of a container need not reap orphans).
  static func processHasEnded(_ pid: Int32) -> Bool {
    if kill(pid, 0) != 0 && errno == ESRCH { return true }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return false }
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
  }

  static var hostName: String { ProcessInfo.processInfo.hostName }
}
