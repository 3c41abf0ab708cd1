import Artifacts
import Experiments
import Networks
import Pipeline
import Tasks

/// Retraining beyond the training regime (SPEC §6): a network's checkpoint (input `network`, level L)
/// gets ONE new head (initialised as in SPEC §1.1) and is trained single-head on N′ = `nPrime` for
/// exactly `epochs` epochs with the given hyperparameters; the last epoch's test accuracy is the
/// result. One stage per (network, N′); relative accuracy to N′ = L is formed by the figure.
///
/// Writes:
/// ```
/// /accuracy float64 [1]   test accuracy after the last epoch
/// /history/*              the retraining epochs (layout of Checkpoint.writeHistory)
/// /source attributes stage, config (of the source network), level, level_reached, n_prime
/// ```
/// An unreached source level gives only `/source`. Resumes per epoch like `train`.
/// codeVersion history: 1 initial.
public enum RetrainingStage: StageKind {
  public static let name = "retraining"
  public static let codeVersion = 1
  public static let summary = "retrains a network single-head on a larger N′ with a new head for a fixed number of epochs"
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

  public static func validate(_ p: Params) -> [(String, String)] {
    var out: [(String, String)] = []
    if p.nPrime < 2 { out.append(("nPrime", "must be ≥ 2 (got \(p.nPrime))")) }
    for (name, v) in [("epochs", p.epochs), ("batch", p.batch), ("stepsPerEpoch", p.stepsPerEpoch),
                      ("testBatches", p.testBatches)] where v < 1 {
      out.append((name, "must be ≥ 1 (got \(v))"))
    }
    if !(p.learningRate > 0) { out.append(("learningRate", "must be > 0")) }
    if !(p.momentum >= 0 && p.momentum < 1) { out.append(("momentum", "must be in [0, 1)")) }
    if !(p.clipNorm > 0) { out.append(("clipNorm", "must be > 0")) }
    return out
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let source = try NetworkInput.read(inputs, context: context)
    guard source.reached else { return source.missingData() }
    let net = source.network.config
    let config = TrainingConfig(neurons: net.hidden, batchSize: p.batch, stepsPerEpoch: p.stepsPerEpoch,
                                testBatches: p.testBatches, epochBudget: p.epochs, learningRate: Float(p.learningRate),
                                momentum: Float(p.momentum), clipNorm: Float(p.clipNorm), task: source.config.task,
                                curriculum: .single, form: net.form, nonlinearity: net.nonlinearity, tau: net.tau,
                                seed: source.config.seed)
    let scratch = ScratchCheckpoint(directory: context.scratchDirectory)
    var start = TrainingState.retraining(source.network, level: p.nPrime, config: config)
    if let resumed: TrainingState = scratch.load(config: config, level: p.nPrime) {
      context.progress("resuming after epoch \(resumed.epochInLevel)")
      start = resumed
    }
    let result = try Trainer.trainLevel(config: config, level: p.nPrime, from: start, stopOnPass: false,
                                        progress: context.progress, onEpochEnd: { try scratch.save($0, config: config) })
    var a = Artifact()
    source.describe(into: &a)
    a.setAttribute("n_prime", .int(Int64(p.nPrime)), at: "/source")
    a["/accuracy"] = NDArray([result.history.last?.accuracy.first ?? .nan])
    Checkpoint.writeHistory(result.history, into: &a)
    return a
  }
}
