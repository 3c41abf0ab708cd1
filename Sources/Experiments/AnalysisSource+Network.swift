import Artifacts
import Layouts
import Networks

extension AnalysisSource {
  /// Reads `checkpoint` for an analysis: its source, and its network when its level was reached
  /// (nil, after a progress line, when it was not: the analysis then writes `missingDataArtifact()`).
  public static func open(_ checkpoint: Artifact, stage: String?, progress: (String) -> Void) throws -> (
    AnalysisSource, LeakyRNN?
  ) {
    let source = try ExperimentsError.checkpoint { try AnalysisSource(checkpoint: checkpoint, stage: stage) }
    guard source.levelReached else {
      progress("level \(source.level) was not reached: writing the missing-data artifact")
      return (source, nil)
    }
    return (source, try Checkpoint.readNetwork(checkpoint))
  }

  /// Throws unless the level is one of the curriculum's (for analyses that pick heads by level).
  public func checkLevel() throws {
    guard config.curriculum.isLevel(level) else {
      throw ExperimentsError.invalidArgument(
        "checkpoint level \(level) is not a level of curriculum \(config.curriculum)")
    }
  }
}
