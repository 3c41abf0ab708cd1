/// Runs one stage to completion. Called from a scheduler worker thread; blocks until done.
public protocol Executor: Sendable {
  /// - Parameters:
  ///   - planned: the stage as the scheduler planned it, with its inputs' keys (nil: the
  ///     executor plans it itself).
  ///   - log: the stage's log file; progress lines go there (the display shows the last one).
  func execute(_ name: String, planned: PlannedRun?, force: Bool, threads: Int, log: String) -> StageOutcome
}
