import Artifacts
import Foundation
import Pipeline

/// Stage kinds for the project's own tests, never part of a real pipeline. They are known only to
/// a process whose environment has `TIMESCALES_TEST_KINDS=1` (see `StageKinds.registry`), so a
/// pipeline.json naming them fails to plan anywhere else. A Slurm job inherits the variable from
/// the `make` that submitted it (sbatch exports the submitter's environment by default).
public enum TestStageKinds {
  /// The environment variable that enables them.
  public static let variable = "TIMESCALES_TEST_KINDS"

  public static var enabled: Bool { ProcessInfo.processInfo.environment[variable] == "1" }

  public static let all: [AnyStageKind] = [AnyStageKind(FailStage.self)]

  /// `fail`: always throws — a stage that fails for sure, to test what a failure does to a run.
  public enum FailStage: StageKind {
    public static let name = "fail"
    public static let codeVersion = 1
    public static let summary = "test only (TIMESCALES_TEST_KINDS=1): always fails"
    public struct Params: Codable, DefaultInitializable {
      public init() {}
      /// The error message.
      public var message: String = "failing on purpose"
    }
    public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
      throw StageError(p.message)
    }
  }
}
