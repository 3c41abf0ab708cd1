import Artifacts
import Experiments
import Layouts
import Pipeline

/// Perturbation (docs/method.md §6) of the recurrent weights or the timescales by ε times a random direction
/// scaled to the parameter's norm, scored with the streaming protocol at the network's level
/// (`PerturbationAnalysis`).
///
/// Reads: one `train` checkpoint of a leaky RNN as role `network`. Writes `PerturbationLayout`
/// (`/epsilon`, `/accuracy`, `/relative_accuracy`, `/baseline/accuracy`, `/source` with the target);
/// an unreached level gives only `/source` (with its target).
/// codeVersion history: 1 initial; 2 the target is in `/source` of an unreached level too (the
/// figure and the claims group by it); 3 self-describing: every dataset has description, units and
/// dimensions (ArtifactLayouts), the root its layout and layout version.
public enum PerturbationStage: StageKind {
  public static let name = "perturbation"
  public static let codeVersion = 3
  public static let isShort = true
  public static let summary = "streaming accuracy after random perturbations of W^R or τ of growing size ε"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// "recurrent" (W^R) or "tau".
    public var target: PerturbationTarget = .recurrent
    /// ε values; left out: the paper's grid ({0} ∪ 10 log-spaced in [1e-2, 10] for W^R, 13 in [1e-3, 10] for τ).
    public var epsilons: [Double]? = nil
    public var trials: Int = 10
    public var steps: Int = 1000
    public var warmup: Int = 100
    public var seed: Int = 0
  }

  public static var ranges: [String: ParameterRange] {
    ParameterRanges.streaming.merging(["epsilons": .number(0...1e6)]) { a, _ in a }
  }

  public static func validate(_ p: Params) -> [(String, String)] {
    p.epsilons?.isEmpty == true
      ? [("epsilons", "is empty: give at least one ε ≥ 0, or leave it out for the default grid")] : []
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let (checkpoint, stage) = try NetworkInput.leakyCheckpoint(inputs, context: context)
    return try PerturbationAnalysis.run(
      checkpoint: checkpoint, stage: stage, target: p.target,
      epsilons: p.epsilons ?? PerturbationAnalysis.defaultEpsilons(target: p.target),
      scoring: NetworkInput.scoring(trials: p.trials, warmup: p.warmup, steps: p.steps, seed: p.seed),
      progress: context.progress)
  }
}
