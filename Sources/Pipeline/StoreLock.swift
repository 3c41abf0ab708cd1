import Foundation

/// An exclusive lock on one cache key, held while a process computes it.
///
/// The lock file is created with O_EXCL and names its holder (PID, host, a random token).
/// A lock whose holder is a dead process on this host is stale and taken over; a lock held
/// by a live process is waited for. Two `make`s on one project therefore never compute a
/// key twice: the second waits, then finds the artifact cached.
public final class StoreLock {
  let path: String
  let token: String

  private init(path: String, token: String) {
    self.path = path
    self.token = token
  }

  /// Takes the lock, waiting while another live holder has it. `onWait` is called once when waiting starts.
  public static func acquire(_ path: String, onWait: (String) -> Void = { _ in }) throws -> StoreLock {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let token = UUID().uuidString
    let me = "{\"pid\":\(getpid()),\"host\":\"\(FileIO.hostName)\",\"token\":\"\(token)\"}"
    var announced = false
    while true {
      let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
      if fd >= 0 {
        _ = me.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        return StoreLock(path: path, token: token)
      }
      guard errno == EEXIST else { throw UsageError("\(path): cannot create the lock (\(String(cString: strerror(errno))))") }
      if let holder = holder(path), isStale(holder) {
        // Take over atomically: only one process wins the rename of the stale file.
        let aside = path + ".stale.\(getpid()).\(token.prefix(8))"
        if rename(path, aside) == 0 { unlink(aside) }
        continue
      }
      if !announced {
        onWait(holder(path).map { "waiting for process \($0.pid) on \($0.host), which is computing this stage" } ?? "waiting for a lock")
        announced = true
      }
      usleep(50_000)
    }
  }

  public func release() {
    if let h = Self.holder(path), h.token == token { unlink(path) }
  }

  struct Holder { var pid: Int32; var host: String; var token: String }

  static func holder(_ path: String) -> Holder? {
    guard let data = FileManager.default.contents(atPath: path),
          let j = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
          let pid = j["pid"]?.intValue, let host = j["host"]?.stringValue else {
      // Unreadable: a holder killed between create and write. Stale if old enough.
      if let st = FileIO.fileStatus(path), Date().timeIntervalSince1970 - st.modified > 5 { return Holder(pid: -1, host: FileIO.hostName, token: "") }
      return nil
    }
    return Holder(pid: Int32(pid), host: host, token: j["token"]?.stringValue ?? "")
  }

  static func isStale(_ h: Holder) -> Bool {
    guard h.host == FileIO.hostName else { return false }
    if h.pid <= 0 { return true }
    return FileIO.processHasEnded(h.pid)
  }
}
