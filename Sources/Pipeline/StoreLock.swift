import Foundation
import Glibc

/// An exclusive lock on one cache key, held while a process computes it.
///
/// The lock is a kernel lock (`flock`) on `<key>.lock`. The kernel drops it when the holding
/// process ends, however it ends, so a dead holder never blocks anyone, two processes can never
/// both hold it (no take-over step to race on), and a reused PID cannot pass for the holder.
/// The file names its holder (PID, host, process start time, Slurm job id, since when) for
/// messages and `gc` only. Release unlinks the file while still holding the lock; a process that
/// locked a file no longer at the path tries again. Two `make`s on one project therefore never
/// compute a key twice: the second waits, then finds the artifact cached.
///
/// On a cluster the kernel lock may outlive its holder: a network filesystem can keep the lock of
/// a node that died or lost the network. So the holder refreshes the file's time while it holds
/// the lock, and a waiter takes the lock over — removes the file, then locks a new one — when the
/// holder ran in a Slurm job that Slurm says is no longer running (asked once per
/// `Self.slurmCheckInterval`), or when the file was not refreshed for `staleAfter` seconds.
public final class StoreLock {
  let path: String
  private let fd: Int32
  private let refresher: Refresher?

  private init(path: String, fd: Int32, refreshEvery: Double?) {
    self.path = path
    self.fd = fd
    refresher = refreshEvery.map { Refresher(fd: fd, every: $0) }
  }

  /// Seconds after which a lock file nobody refreshed is stale, unless the project says otherwise
  /// (timescales.json `lockStaleAfter`).
  public static let defaultStaleAfter = 600.0
  /// Seconds between two questions to Slurm about the job of a lock's holder.
  static let slurmCheckInterval = 10.0

  /// Takes the lock, waiting while a live process holds it. `onWait` is called when waiting
  /// starts, and every minute after, with who holds it and since when; and when it takes over
  /// a lock abandoned by its holder.
  public static func acquire(
    _ path: String, staleAfter: Double = defaultStaleAfter, slurm: SlurmClient = SlurmClient(),
    onWait: (String) -> Void = { _ in }
  ) throws -> StoreLock {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    var lastNotice: Date?
    var lastSlurmCheck: Date?
    while true {
      if let lock = try tryLock(path, refreshEvery: min(60, staleAfter / 4)) { return lock }
      let askSlurm = lastSlurmCheck.map { Date().timeIntervalSince($0) >= slurmCheckInterval } ?? true
      if askSlurm { lastSlurmCheck = Date() }
      if let why = takeOverIfAbandoned(path, staleAfter: staleAfter, slurm: askSlurm ? slurm : nil) {
        onWait("took over the lock of this stage: \(why)")
        continue
      }
      if lastNotice.map({ Date().timeIntervalSince($0) >= 60 }) ?? true {
        onWait(
          "waiting for the lock of this stage: "
            + (holder(path)?.description ?? "held by a process that has not written its name yet"))
        lastNotice = Date()
      }
      usleep(50_000)
    }
  }

  /// Removes the lock file at `path` if its holder is gone though the lock is still held (it has
  /// not refreshed the file for `staleAfter` seconds, or — asked only with `slurm` — its Slurm job
  /// no longer runs). Returns why it did, or nil.
  static func takeOverIfAbandoned(_ path: String, staleAfter: Double, slurm: SlurmClient?) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    let refreshed = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    let idle = Date().timeIntervalSince1970 - refreshed
    guard idle > staleAfter || slurm != nil else { return nil }
    let h = holder(path)
    var why: String?
    if idle > staleAfter {
      why = "its holder has not refreshed it for \(Int(idle)) s (more than \(Int(staleAfter)) s)"
    } else if let slurm, let job = h?.slurmJob, SlurmClient.which("squeue") != nil,
      let states = try? slurm.queryJobs([job]), states[job]?.isActive != true
    {
      why = "its holder's Slurm job \(job) is \(states[job].map { "\($0.state)" } ?? "no longer known to Slurm")"
    }
    // Only the file examined: another waiter may have taken over already.
    guard let why, isStillAt(fd, path) else { return nil }
    unlink(path)
    return why + (h.map { " (\($0.description))" } ?? "")
  }

  /// The lock if no live process holds it, else nil. `refreshEvery`: seconds between two
  /// refreshes of the file's time while held (nil: none).
  static func tryLock(_ path: String, refreshEvery: Double? = nil) throws -> StoreLock? {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw UsageError("\(path): cannot create the lock (\(String(cString: strerror(errno))))") }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let reason = errno
      close(fd)
      if reason == EWOULDBLOCK { return nil }
      throw UsageError("\(path): cannot lock (\(String(cString: strerror(reason))))")
    }
    guard isStillAt(fd, path) else {
      close(fd)
      return try tryLock(path, refreshEvery: refreshEvery)
    }
    let me = Holder.current.json
    _ = ftruncate(fd, 0)
    _ = me.withCString { pwrite(fd, $0, strlen($0), 0) }
    return StoreLock(path: path, fd: fd, refreshEvery: refreshEvery)
  }

  /// Whether the file open as `fd` is still the one at `path` (not unlinked by a releasing holder).
  private static func isStillAt(_ fd: Int32, _ path: String) -> Bool {
    var a = stat(), b = stat()
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev
  }

  public func release() {
    refresher?.stop()
    // Not a file that replaced this one after a take-over: that is someone else's lock.
    if Self.isStillAt(fd, path) { unlink(path) }
    close(fd)
  }

  /// Touches the lock file every `every` seconds on a thread of its own, until stopped.
  final class Refresher: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    init(fd: Int32, every: Double) {
      Thread.detachNewThread { [self] in
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
          _ = condition.wait(until: Date().addingTimeInterval(every))
          if !stopped { _ = futimens(fd, nil) }
        }
      }
    }

    func stop() {
      condition.lock()
      stopped = true
      condition.signal()
      condition.unlock()
    }
  }

  /// Whether a live process holds the lock at `path` (false when there is no lock file).
  static func isHeld(_ path: String) -> Bool {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK
  }

  /// Removes the lock file if nobody holds it (a leftover of a killed holder). Returns whether it did.
  static func removeIfStale(_ path: String) -> Bool {
    guard let lock = try? tryLock(path) else { return false }
    lock.release()
    return true
  }

  /// Who holds (or last held) a lock, as it wrote itself into the file.
  struct Holder {
    var pid: Int32
    var host: String
    var processStart: String
    var slurmJob: String?
    var since: Double

    static var current: Holder {
      Holder(
        pid: getpid(), host: FileIO.hostName, processStart: FileIO.processStartTime(getpid()) ?? "",
        slurmJob: slurmJob(ProcessInfo.processInfo.environment), since: Date().timeIntervalSince1970)
    }

    /// The Slurm job this process runs in, as `squeue -j` names it: `ARRAY_TASK` for a task of an
    /// array, the job id otherwise; nil outside Slurm.
    static func slurmJob(_ environment: [String: String]) -> String? {
      if let array = environment["SLURM_ARRAY_JOB_ID"], let task = environment["SLURM_ARRAY_TASK_ID"] {
        return "\(array)_\(task)"
      }
      return environment["SLURM_JOB_ID"]
    }

    var json: String {
      var pairs: [(String, JSONValue)] = [
        ("pid", .int(Int64(pid))), ("host", .string(host)), ("processStart", .string(processStart)),
        ("since", .double(since)),
      ]
      if let slurmJob { pairs.append(("slurmJob", .string(slurmJob))) }
      return JSONValue.object(pairs).canonical
    }

    var description: String {
      let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: since))
      return "process \(pid) on \(host)" + (slurmJob.map { " (Slurm job \($0))" } ?? "") + " holds it since \(when)"
    }
  }

  static func holder(_ path: String) -> Holder? {
    guard let data = FileManager.default.contents(atPath: path),
      let j = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
      let pid = j["pid"]?.intValue, let host = j["host"]?.stringValue
    else { return nil }
    return Holder(
      pid: Int32(pid), host: host, processStart: j["processStart"]?.stringValue ?? "",
      slurmJob: j["slurmJob"]?.stringValue, since: j["since"]?.doubleValue ?? 0)
  }
}
