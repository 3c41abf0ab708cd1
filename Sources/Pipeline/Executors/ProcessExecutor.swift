import Artifacts
import Foundation

/// Runs each stage as a child process: `timescales run-stage NAME --profile P --root R`.
/// A crash or a kill of one stage cannot take the scheduler with it; each process gets its own
/// BLAS thread count (`OPENBLAS_NUM_THREADS`) before OpenBLAS loads.
public struct ProcessExecutor: Executor {
  public let executable: String
  public let projectRoot: String
  public let profile: String
  public let store: Store

  /// Exit status of `run-stage` when the stage was already cached (another process made it).
  public static let exitCached: Int32 = 3

  public init(executable: String, projectRoot: String, profile: String, store: Store) {
    self.executable = executable
    self.projectRoot = projectRoot
    self.profile = profile
    self.store = store
  }

  public func execute(_ name: String, force: Bool, threads: Int, log: String) -> StageOutcome {
    try? FileManager.default.createDirectory(atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: log) else { return .failed("cannot open the log \(log)") }
    defer { try? handle.close() }
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = String(threads)
    let arguments = ["run-stage", name, "--profile", profile, "--root", projectRoot, "--threads", String(threads)] + (force ? ["--force"] : [])
    let r: ChildProcess.Result
    do {
      r = try ChildProcess.run(executable, arguments, environment: env, stdout: .file(handle), stderr: .file(handle))
    } catch {
      return .failed("cannot start \(executable): \(error)")
    }
    let status = r.status
    if r.killedBySignal { return .failed("killed by signal \(status); see \(log)") }
    guard status == 0 || status == Self.exitCached else {
      let last = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").last { $0.hasPrefix("error:") }
      return .failed(last.map { String($0.dropFirst(7)) } ?? "exit status \(status); see \(log)")
    }
    guard let head = store.head(profile: profile, stage: name), let rec = store.record(head.key) else {
      return .failed("the stage ended but left no artifact; see \(log)")
    }
    return status == 0 ? .ran(rec) : .cached(rec)
  }
}
