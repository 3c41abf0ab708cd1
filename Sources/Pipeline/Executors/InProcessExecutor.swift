import Foundation

/// Runs stages on threads of this process. Used by tests (whose stage kinds exist only in the
/// test binary) and by `run-stage`.
public struct InProcessExecutor: Executor, @unchecked Sendable {
  public let runner: StageRunner
  public init(runner: StageRunner) { self.runner = runner }

  public func execute(_ name: String, planned: PlannedRun?, force: Bool, threads: Int, log: String) -> StageOutcome {
    try? FileManager.default.createDirectory(
      atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let outcome = runner.run(name, force: force, threads: threads) { FileIO.appendLine($0, to: log) }
    if case .failed(let message) = outcome { FileIO.appendLine("error: " + message, to: log) }
    return outcome
  }
}
