import Foundation

/// Runs each stage in a child process, a `timescales stage-worker` that may go on to run further
/// short stages (`StageWorkers`), one at a time: a crash or a kill of one stage cannot take the
/// scheduler with it. Each worker runs OpenBLAS with one thread (`OPENBLAS_NUM_THREADS=1` before it
/// loads): BLAS results can depend on the thread count, and content must not depend on scheduling;
/// `--threads` goes to fixed-partition work only.
public struct ProcessExecutor: Executor {
  public let executable: String
  public let projectRoot: String
  public let profile: String
  public let store: Store
  /// Seconds each stage may run (from its `resources.time`); a stage running longer is stopped.
  public var timeLimits: [String: Double] = [:]
  let workers: StageWorkers

  /// Exit status of `run-stage` when the stage was already cached (another process made it).
  public static let exitCached: Int32 = 3

  public init(executable: String, projectRoot: String, profile: String, store: Store) {
    self.executable = executable
    self.projectRoot = projectRoot
    self.profile = profile
    self.store = store
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = "1"
    workers = StageWorkers(
      executable: executable, arguments: ["stage-worker", "--profile", profile, "--root", projectRoot],
      environment: env)
  }

  public func execute(_ name: String, planned: PlannedRun?, force: Bool, threads: Int, log: String) -> StageOutcome {
    try? FileManager.default.createDirectory(
      atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    // The stage as planned, so that the process need not plan the pipeline again.
    var handOff: String?
    if let planned {
      // Named as a temporary file of this process, so that a sweep removes it if this process is killed.
      let path = store.root.appendingPathComponent(
        "planned/\(planned.key).tmp.\(getpid()).\(UUID().uuidString.prefix(8))"
      ).path
      if (try? planned.write(to: path)) != nil { handOff = path }
    }
    defer { if let handOff { unlink(handOff) } }
    let request = StageWorkers.Request(stage: name, planned: handOff, log: log, force: force, threads: threads)
    let outcome: StageWorkers.Outcome
    do {
      outcome = try workers.run(request, limit: timeLimits[name])
    } catch {
      return .failed("cannot start \(executable): \(error)")
    }
    let status: Int32
    switch outcome {
    case .timedOut:
      return .failed(
        "timed out: still running after its time limit of \(Self.duration(timeLimits[name]!)) (resources.time, or --timeout) and was stopped; see \(log)"
      )
    case .died(let code, signalled: true): return .failed("killed by signal \(code); see \(log)")
    case .died(let code, signalled: false): status = code == 0 ? 1 : code
    case .exited(let code): status = code
    }
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

  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
  }
}
