import Artifacts
import Experiments
import Pipeline

/// Ablation (docs/method.md §6): the K fastest and the K slowest neurons by raw τ, removed one at a time, each
/// scored with the streaming protocol at the network's level (`AblationAnalysis`).
///
/// Reads: one `train` checkpoint of a leaky RNN as role `network` (a GRU/LSTM is refused by
/// `NetworkInput`). Writes `AblationLayout` (K = `k` ≤ H/2): `/baseline/accuracy`, `/fast/*`,
/// `/slow/*`, `/source`; an unreached level gives only `/source`.
/// codeVersion history: 1 initial; 2 self-describing: every dataset has description, units and
/// dimensions (ArtifactLayouts), the root its layout and layout version.
public enum AblationStage: StageKind {
  public static let name = "ablation"
  public static let codeVersion = 2
  public static let isShort = true
  public static let summary = "streaming accuracy after removing each of the K fastest / slowest neurons"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// Neurons ablated at each end of the τ ranking (paper: 20).
    public var k: Int = 20
    public var trials: Int = 10
    public var steps: Int = 1000
    public var warmup: Int = 100
    public var seed: Int = 0
  }

  public static var ranges: [String: ParameterRange] {
    ParameterRanges.streaming.merging(["k": .integer(1...65_536)]) { a, _ in a }
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let (checkpoint, stage) = try NetworkInput.leakyCheckpoint(inputs, context: context)
    return try AblationAnalysis.run(
      checkpoint: checkpoint, stage: stage, k: p.k,
      scoring: NetworkInput.scoring(trials: p.trials, warmup: p.warmup, steps: p.steps, seed: p.seed),
      progress: context.progress)
  }
}
