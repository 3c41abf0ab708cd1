/// Runs one stage to completion. Called from a scheduler worker thread; blocks until done.
public protocol Executor: Sendable {
  /// - Parameters:
  ///   - log: the stage's log file; progress lines go there (the display shows the last one).
  func execute(_ name: String, force: Bool, threads: Int, log: String) -> StageOutcome
}
