import Artifacts
import Experiments
import Foundation
import Layouts
import Numerics
import Pipeline

/// Network-mediated timescales τ_net and dimensionality of one trained network (docs/method.md §6): simulate
/// it with no readout (`burnIn` + `steps` steps, `trials` trials, inputs Bernoulli(p), p ~ U(0,1) per
/// trial), autocovariance of every neuron and of the summed activity (lags 0…`lags`−1), single and
/// double exponential fits on lags 0…`fitLags`−1 with AIC selection, and PCA per trial.
///
/// Reads: one `train` checkpoint of a leaky RNN as role `network` (`Checkpoint.artifact`; a GRU/LSTM is
/// refused by `NetworkInput`). A level that was not reached gives a small artifact holding only
/// `/source` (missing data, not an error).
/// Writes: `TauNetLayout` (`/source`, `/neurons/*`, `/population/*`, `/dimensionality/*`,
/// `/simulation/*`, `/summary`, timings as `provenance.seconds_*`).
/// Memory: `min(trialBatch, trials)·steps·H` floats of recorded states (2.0 GB at the paper's
/// 10 × 100,500 × 500) plus about 10 MB per thread.
/// codeVersion history: 1 initial; 2 self-describing: every dataset has description, units and
/// dimensions (ArtifactLayouts), the root its layout and layout version; converged flags are uint8.
public enum TauNetStage: StageKind {
  public static let name = "tau-net"
  public static let codeVersion = 2
  public static let isShort = true
  public static let summary = "τ_net (autocorrelation fits) and PCA dimensionality of one trained network"
  public static var resources: Resources { Resources(cpus: 1, memory: "4G", time: "2:00:00") }

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// Recorded steps per trial after the burn-in (paper: 100,500).
    public var steps: Int = 100_500
    /// Steps run before recording (paper: 500).
    public var burnIn: Int = 500
    /// Simulated trials (paper: 10).
    public var trials: Int = 10
    /// Trials simulated together as one GEMM batch (memory: trialBatch·steps·H floats).
    public var trialBatch: Int = 10
    /// Autocovariance lags kept, 0…lags−1 (paper: 200).
    public var lags: Int = 200
    /// Lags fitted, 0…fitLags−1 (paper: 31).
    public var fitLags: Int = 31
    /// Seed of the simulation's inputs and initial states.
    public var seed: Int = 0
    /// "unbiased" (divide lag k by n − k, docs/method.md §6) or "authors" (n − 1 − k, the authors' code).
    public var normalization: Normalization = .unbiased
  }

  /// The autocovariance's normalisation, as the parameter names it.
  public enum Normalization: String, NamedChoice {
    case unbiased, authors
  }

  public static var ranges: [String: ParameterRange] {
    [
      "steps": .integer(2...10_000_000), "burnIn": ParameterRanges.warmup, "trials": ParameterRanges.trials,
      "trialBatch": ParameterRanges.trials, "lags": .integer(5...100_000), "fitLags": .integer(5...10_000),
      "seed": ParameterRanges.seed,
    ]
  }

  /// Consistency of the lags with each other and with the steps (`TauNetOptions.problems`).
  public static func validate(_ p: Params) -> [(String, String)] {
    options(p, threads: 1).problems
  }

  static func options(_ p: Params, threads: Int) -> TauNetOptions {
    TauNetOptions(
      simulation: SimulationProtocol(
        steps: p.steps, burnIn: p.burnIn, trials: p.trials,
        trialBatch: p.trialBatch, seed: UInt64(bitPattern: Int64(p.seed))),
      lags: p.lags, fitLags: p.fitLags, normalization: p.normalization == .authors ? .authorsCode : .unbiased,
      threads: threads)
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let (checkpoint, stage) = try NetworkInput.leakyCheckpoint(inputs, context: context)
    return try TauNetAnalysis.run(
      checkpoint: checkpoint, stage: stage, options: options(p, threads: context.threads),
      progress: context.progress)
  }
}
