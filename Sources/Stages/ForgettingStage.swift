import Artifacts
import Experiments
import Foundation
import Layouts
import Pipeline

/// Catastrophic forgetting (docs/method.md §6): a network saved at level N_max tested on the smaller N of its
/// curriculum with the training-protocol accuracy — a single-head network's one head on every
/// N′ ∈ [2, N_max], a multi-head network's head k on its own N = k + 2.
///
/// Reads: one `train` checkpoint of a leaky RNN as role `network` (a GRU/LSTM is refused by
/// `NetworkInput`). A level that was not reached gives a small
/// artifact holding only `/source` (missing data, not an error).
/// Writes: `/source` (see `AnalysisSource`), `/forgetting/n` int64 M, `/forgetting/head` int64 M,
/// `/forgetting/accuracy` float64 M (layout on `ForgettingAnalysis`).
/// codeVersion history: 1 initial; 2 self-describing: every dataset has description, units and
/// dimensions (ArtifactLayouts), the root its layout and layout version.
public enum ForgettingStage: StageKind {
  public static let name = "forgetting"
  public static let codeVersion = 2
  public static let isShort = true
  public static let summary = "accuracy of a network saved at N_max on every earlier N (catastrophic forgetting)"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// Test batches per tested N′ (paper protocol: 50).
    public var testBatches: Int = 50
    /// Sequences per test batch (paper: 256).
    public var batchSize: Int = 256
    /// Seed of the test batches.
    public var seed: Int = 0
    /// "each": each tested N′ on its own batches, lengths following N′ (as at level N′'s test);
    /// "level": one set of batches with lengths following N_max scores every head (cheaper for
    /// multi-head networks with many heads).
    public var lengths: ForgettingAnalysis.SequenceLengths = .each
  }

  public static var ranges: [String: ParameterRange] {
    ["testBatches": ParameterRanges.testBatches, "batchSize": ParameterRanges.batch, "seed": ParameterRanges.seed]
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let (checkpoint, stage) = try NetworkInput.leakyCheckpoint(inputs, context: context)
    return try ForgettingAnalysis.run(
      checkpoint: checkpoint, stage: stage, testBatches: p.testBatches,
      batchSize: p.batchSize, seed: UInt64(bitPattern: Int64(p.seed)),
      lengths: p.lengths,
      progress: context.progress)
  }
}
