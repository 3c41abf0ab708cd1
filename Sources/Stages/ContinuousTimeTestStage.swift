import Artifacts
import Experiments
import Foundation
import Layouts
import Pipeline

/// Generalisation in time (docs/method.md §1.1 continuous-time variant, §6): a trained network's
/// training-protocol accuracy per head at a grid of Δt = 1/k, inside and outside the k it was
/// trained with (`train` with `stepsPerDigit`).
///
/// Reads: one `train` checkpoint as role `network` (a leaky RNN). A level that was not reached gives
/// a small artifact holding only `/source` (missing data, not an error).
/// Writes: `ContinuousTimeLayout`, `/source` (see `AnalysisSource`) and `/continuous_time/{steps_per_digit,
/// dt, training_steps_per_digit, head, n, accuracy}`.
/// codeVersion history: 1 initial; 2 self-describing: every dataset has description, units and
/// dimensions (ArtifactLayouts), the root its layout and layout version.
public enum ContinuousTimeTestStage: StageKind {
  public static let name = "continuous-time-test"
  public static let codeVersion = 2
  public static let isShort = true
  public static let summary = "accuracy per head of a (continuous-time) network at a grid of Δt = 1/k"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// The k tested (Δt = 1/k, whole k ≥ 1). nil: `ContinuousTimeTest.defaultGrid`, 18 log-spaced
    /// k from 1 to 200 (Δt from 1 to 1/200).
    public var stepsPerDigit: [Int]? = nil
    /// Test batches, the same batches at every k (paper protocol: 50).
    public var testBatches: Int = 50
    /// Sequences per test batch (paper: 256).
    public var batchSize: Int = 256
    /// Seed of the test batches.
    public var seed: Int = 0
  }

  public static var ranges: [String: ParameterRange] {
    [
      "stepsPerDigit": ParameterRanges.stepsPerDigit, "testBatches": ParameterRanges.testBatches,
      "batchSize": ParameterRanges.batch, "seed": ParameterRanges.seed,
    ]
  }

  public static func validate(_ p: Params) -> [(String, String)] {
    p.stepsPerDigit?.isEmpty == true
      ? [("stepsPerDigit", "must list at least one k (Δt = 1/k); leave it out for the default grid 1…200")] : []
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    guard let input = inputs["network"] else {
      throw StageError(
        "continuous-time-test needs one input with role \"network\" (a train stage's checkpoint)",
        hint: "in pipeline.json: \"needs\": [{\"stage\": \"train-ct/…/N{n}\", \"as\": \"network\"}]")
    }
    return try ContinuousTimeTest.run(
      checkpoint: try input.load(), stage: input.stage,
      grid: p.stepsPerDigit ?? ContinuousTimeTest.defaultGrid, testBatches: p.testBatches,
      batchSize: p.batchSize, seed: UInt64(bitPattern: Int64(p.seed)), progress: context.progress)
  }
}
