import Foundation
import Glibc

/// The stage processes this process started and that are still running, so that a SIGTERM or
/// SIGINT to `make` ends them too instead of leaving them running on their own. Their locks are
/// kernel locks, released when they end; their temporary files are swept by the next `make`.
public enum ChildProcesses {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var pids: Set<Int32> = []
  nonisolated(unsafe) private static var signalPipe: Int32 = -1
  nonisolated(unsafe) private static var stopping = false

  static func started(_ pid: Int32) { lock.withLock { _ = pids.insert(pid) } }

  /// Called when a stage process ended. While a signal stops everything, the caller waits here for
  /// the exit instead of reporting the stage as failed.
  static func ended(_ pid: Int32) {
    let stop = lock.withLock {
      pids.remove(pid)
      return stopping
    }
    if stop { while true { sleep(60) } }
  }

  /// From now on SIGTERM or SIGINT sends SIGTERM to every running stage process, waits up to 5 s
  /// for them (then SIGKILL), and exits with status 128 + the signal. The handler only writes the
  /// signal to a pipe (all a signal handler may safely do); a thread does the rest.
  public static func stopOnSignals() {
    lock.lock()
    defer { lock.unlock() }
    guard signalPipe < 0 else { return }
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    signalPipe = fds[1]
    let readEnd = fds[0]
    Thread.detachNewThread {
      var sig: Int32 = 0
      while read(readEnd, &sig, MemoryLayout<Int32>.size) == MemoryLayout<Int32>.size { stopAll(exitingWith: sig) }
    }
    // A parent may have blocked them (the mask is inherited); a blocked SIGTERM would never arrive.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for sig in [SIGTERM, SIGINT] { sigaddset(&unblock, sig) }
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    for sig in [SIGTERM, SIGINT] {
      signal(sig) { s in
        var value = s
        _ = write(ChildProcesses.signalPipe, &value, MemoryLayout<Int32>.size)
      }
    }
  }

  private static func stopAll(exitingWith sig: Int32) {
    let running = lock.withLock {
      stopping = true
      return pids
    }
    for pid in running { kill(pid, SIGTERM) }
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline, running.contains(where: { !FileIO.processHasEnded($0) }) { usleep(20_000) }
    for pid in running where !FileIO.processHasEnded(pid) { kill(pid, SIGKILL) }
    let name = sig == SIGINT ? "SIGINT" : "SIGTERM"
    FileHandle.standardError.write(
      Data("\nstopped by \(name): ended \(running.count) running stage process(es); nothing stays locked\n".utf8))
    exit(128 + sig)
  }
}
