import Artifacts
import Experiments
import Pipeline

/// Retraining beyond the training regime (docs/method.md §6): a network's checkpoint (input `network`, level L)
/// gets ONE new head and is trained single-head on N′ = `nPrime` for exactly `epochs` epochs
/// (`RetrainingAnalysis`). One stage per (network, N′).
///
/// Writes `RetrainingLayout`: `/accuracy` (the last epoch's test accuracy), `/history/*`, `/source`
/// with n_prime; an unreached source level gives only `/source`, with n_prime. Resumes per epoch like `train`.
/// codeVersion history: 1 initial; 2 self-describing: every dataset has description, units and
/// dimensions (ArtifactLayouts), the root its layout and layout version; 3 an unreached source level's
/// `/source` has n_prime too.
public enum RetrainingStage: StageKind {
  public static let name = "retraining"
  public static let codeVersion = 3
  public static let summary =
    "retrains a network single-head on a larger N′ with a new head for a fixed number of epochs"
  public static var resources: Resources { Resources(cpus: 1, memory: "4G", time: "24:00:00") }

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// N′, the task size retrained.
    public var nPrime: Int = 16
    /// Epochs of retraining (paper: 20).
    public var epochs: Int = 20
    public var batch: Int = 256
    public var stepsPerEpoch: Int = 600
    public var testBatches: Int = 50
    public var learningRate: Double = 0.05
    public var momentum: Double = 0.1
    public var clipNorm: Double = 2.0
  }

  public static var ranges: [String: ParameterRange] {
    ParameterRanges.training.merging(["nPrime": ParameterRanges.level, "epochs": ParameterRanges.epochs]) { a, _ in a }
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let (checkpoint, stage) = try NetworkInput.leakyCheckpoint(inputs, context: context)
    let options = RetrainingAnalysis.Options(
      nPrime: p.nPrime, epochs: p.epochs, batchSize: p.batch,
      stepsPerEpoch: p.stepsPerEpoch, testBatches: p.testBatches,
      learningRate: Float(p.learningRate), momentum: Float(p.momentum),
      clipNorm: Float(p.clipNorm))
    return try RetrainingAnalysis.run(
      checkpoint: checkpoint, stage: stage, options: options,
      scratch: ScratchCheckpoint(directory: context.scratchDirectory), progress: context.progress)
  }
}
