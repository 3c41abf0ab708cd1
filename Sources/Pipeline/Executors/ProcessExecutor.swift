import Foundation

/// Runs each stage as a child process: `timescales run-stage NAME --profile P --root R`.
/// A crash or a kill of one stage cannot take the scheduler with it. Each process runs OpenBLAS with
/// one thread (`OPENBLAS_NUM_THREADS=1` before it loads): BLAS results can depend on the thread
/// count, and content must not depend on scheduling; `--threads` goes to fixed-partition work only.
public struct ProcessExecutor: Executor {
  public let executable: String
  public let projectRoot: String
  public let profile: String
  public let store: Store
  /// Seconds each stage may run (from its `resources.time`); a stage running longer is stopped.
  public var timeLimits: [String: Double] = [:]

  /// Exit status of `run-stage` when the stage was already cached (another process made it).
  public static let exitCached: Int32 = 3

  public init(executable: String, projectRoot: String, profile: String, store: Store) {
    self.executable = executable
    self.projectRoot = projectRoot
    self.profile = profile
    self.store = store
  }

  public func execute(_ name: String, planned: PlannedRun?, force: Bool, threads: Int, log: String) -> StageOutcome {
    try? FileManager.default.createDirectory(
      atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return .failed("cannot open the log \(log): \(String(cString: strerror(errno)))") }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
    defer { try? handle.close() }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments =
      ["run-stage", name, "--profile", profile, "--root", projectRoot, "--threads", String(threads)]
      + (force ? ["--force"] : [])
    // The stage as planned, so that the process need not plan the pipeline again.
    var handOff: String?
    if let planned {
      // Named as a temporary file of this process, so that a sweep removes it if this process is killed.
      let path = store.root.appendingPathComponent(
        "planned/\(planned.key).tmp.\(getpid()).\(UUID().uuidString.prefix(8))"
      ).path
      if (try? planned.write(to: path)) != nil {
        p.arguments! += ["--planned", path]
        handOff = path
      }
    }
    defer { if let handOff { unlink(handOff) } }
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = "1"
    p.environment = env
    p.standardOutput = handle
    p.standardError = handle
    p.standardInput = FileHandle.nullDevice
    do {
      try p.run()
    } catch {
      return .failed("cannot start \(executable): \(error)")
    }
    ChildProcesses.started(p.processIdentifier)
    let timedOut = !waitForExit(p, limit: timeLimits[name])
    ChildProcesses.ended(p.processIdentifier)
    if timedOut {
      return .failed(
        "timed out: still running after its time limit of \(Self.duration(timeLimits[name]!)) (resources.time, or --timeout) and was stopped; see \(log)"
      )
    }
    let status = p.terminationStatus
    if p.terminationReason == .uncaughtSignal { return .failed("killed by signal \(status); see \(log)") }
    guard status == 0 || status == Self.exitCached else {
      let last = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").last {
        $0.hasPrefix("error:")
      }
      return .failed(last.map { String($0.dropFirst(7)) } ?? "exit status \(status); see \(log)")
    }
    guard let head = store.head(profile: profile, stage: name), let rec = store.record(head.key) else {
      return .failed("the stage ended but left no artifact; see \(log)")
    }
    return status == 0 ? .ran(rec) : .cached(rec)
  }

  /// Waits for `p` to end; past `limit` seconds sends SIGTERM, then SIGKILL 5 s later, and returns false.
  private func waitForExit(_ p: Process, limit: Double?) -> Bool {
    guard let limit else {
      p.waitUntilExit()
      return true
    }
    let deadline = Date().addingTimeInterval(limit)
    while p.isRunning && Date() < deadline { usleep(50_000) }
    guard p.isRunning else {
      p.waitUntilExit()
      return true
    }
    kill(p.processIdentifier, SIGTERM)
    let grace = Date().addingTimeInterval(5)
    while p.isRunning && Date() < grace { usleep(50_000) }
    if p.isRunning { kill(p.processIdentifier, SIGKILL) }
    p.waitUntilExit()
    return false
  }

  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
  }
}
