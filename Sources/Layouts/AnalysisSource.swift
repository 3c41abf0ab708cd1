import Artifacts
import Foundation

/// The identity of the trained network an analysis reads, copied into the analysis artifact as the
/// group `/source` so figure code can group results by task, curriculum, seed and level without
/// parsing stage names.
///
/// `/source` attributes:
/// ```
/// config         string   the input's TrainingConfig JSON (sorted keys), verbatim
/// level          int64    the curriculum level N_max of the checkpoint
/// level_reached  int64    1 if the level passed the advance rule, 0 if its epoch budget ran out
/// task           string   "parity" | "dms"
/// curriculum     string   "single" | "multi" | "sliding-W-F" | "none-N"
/// seed           int64    the training seed
/// neurons        int64    H
/// form           string   "default" | "mod"
/// nonlinearity   string   "leakyReLU" | "relu" | "tanh" | "sigmoid"
/// tau_mode       string   "trained" | "fixed";  fixed_tau float64 (only when fixed)
/// stage          string   the input's stage name (when known)
/// ```
/// Analyses add their own attributes (the N evaluated, the head, the perturbation target, …; see
/// each analysis layout). A level that was not reached is missing data, not an error: analyses then
/// write only `/source` (`missingDataArtifact`).
public struct AnalysisSource: Sendable {
  public var configJSON: String
  public var config: TrainingConfig
  public var level: Int
  public var levelReached: Bool
  public var stage: String?

  /// Reads `/training` of a checkpoint.
  /// - Throws: `LayoutError` naming the missing attribute.
  public init(checkpoint a: Artifact, stage: String? = nil) throws {
    let position = try TrainingPosition(a)
    self.configJSON = position.configJSON
    self.config = position.config
    self.level = position.level
    self.levelReached = position.levelReached
    self.stage = stage
  }

  /// Reads `/source` of an analysis artifact.
  /// - Throws: `LayoutError` naming `/source` and what is missing.
  public init(analysis a: Artifact) throws {
    guard let json = a.attribute("config", at: "/source")?.stringValue else {
      throw LayoutError("analysis", path: "/source", reason: "no attribute config")
    }
    do {
      config = try JSONDecoder().decode(TrainingConfig.self, from: Data(json.utf8))
    } catch {
      throw LayoutError("analysis", path: "/source", reason: "config does not decode (\(error))")
    }
    guard let level = a.attribute("level", at: "/source")?.intValue,
      let reached = a.attribute("level_reached", at: "/source")?.intValue
    else {
      throw LayoutError("analysis", path: "/source", reason: "no integer attributes level and level_reached")
    }
    self.configJSON = json
    self.level = level
    self.levelReached = reached != 0
    self.stage = a.attribute("stage", at: "/source")?.stringValue
  }

  public init(config: TrainingConfig, level: Int, levelReached: Bool, stage: String?) {
    self.configJSON = Checkpoint.configJSON(config)
    self.config = config
    self.level = level
    self.levelReached = levelReached
    self.stage = stage
  }

  /// Writes the `/source` group (see the type's documentation).
  public func write(into a: inout Artifact) {
    let g = "/source"
    a.makeGroup(g)
    a.setAttribute("config", .string(configJSON), at: g)
    a.setAttribute("level", .int(Int64(level)), at: g)
    a.setAttribute("level_reached", .int(levelReached ? 1 : 0), at: g)
    a.setAttribute("task", .string(config.task.rawValue), at: g)
    a.setAttribute("curriculum", .string(config.curriculum.description), at: g)
    a.setAttribute("seed", .int(Int64(bitPattern: config.seed)), at: g)
    a.setAttribute("neurons", .int(Int64(config.neurons)), at: g)
    Checkpoint.writeLeakyForm(form: config.form, nonlinearity: config.nonlinearity, tau: config.tau, into: &a, at: g)
    if let stage { a.setAttribute("stage", .string(stage), at: g) }
  }

  /// The artifact an analysis writes for a level that was not reached: `/source` only.
  public func missingDataArtifact() -> Artifact {
    var a = Artifact()
    write(into: &a)
    return a
  }

  /// The streaming protocol's head for N: 0 single-head, N − 2 multi-head (0 for sliding windows).
  public func head(n: Int) -> Int { config.curriculum.streamingHead(n: n) ?? 0 }
}
