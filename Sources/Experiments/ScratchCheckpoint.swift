import Artifacts
import Foundation
import Layouts

/// The per-epoch resume file of a running training (a train or retraining stage), in its scratch
/// directory: a killed stage continues from its last epoch.
public struct ScratchCheckpoint {
  public let directory: URL
  public init(directory: URL) { self.directory = directory }

  public var path: URL { directory.appendingPathComponent("state.h5") }

  /// The saved state when it belongs to this run and level, else nil (a stale or unreadable file is ignored).
  public func load<State: CheckpointedState>(config: TrainingConfig, level: Int) -> State? {
    guard FileManager.default.fileExists(atPath: path.path),
      let artifact = try? ArtifactReader.read(path.path),
      let (state, saved) = try? State.read(artifact),
      saved == config, state.level == level
    else { return nil }
    return state
  }

  public func save<State: CheckpointedState>(_ state: State, config: TrainingConfig) throws {
    try AtomicFile.write(state.artifact(config: config), to: path.path)
  }
}
