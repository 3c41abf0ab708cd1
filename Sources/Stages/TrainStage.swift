import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Pipeline
import Tasks

/// Training of ONE curriculum level of a leaky RNN (docs/method.md §3–4), or of a GRU/LSTM (docs/method.md §1.2, param
/// `architecture`), or of the continuous-time leaky RNN (docs/method.md §1.1, param `stepsPerDigit`). Level `n` resumes from the
/// checkpoint of the previous level (input `parent`), so raising N_max in a profile reuses every
/// cached level.
///
/// Writes `Checkpoint.artifact(state, config:)` (layout: `Checkpoint` in Sources/Layouts/Checkpoint.swift):
/// the network at the moment the level passed (or after its epoch budget ran out), optimiser state,
/// and the history of the whole run up to this level. `/training` attribute `status`:
/// - "reached": the level passed the advance rule (`level_reached` = 1);
/// - "not-reached": the epoch budget ran out (`level_reached` = 0) — a result, not a failure;
/// - "parent-not-reached": an earlier level was not reached, so this one was not trained: the
///   parent's state is carried over unchanged (`level_reached` = 0). Downstream analyses treat both
///   unreached forms as missing data.
///
/// Resume: after every epoch the state goes to `<scratch>/state.h5` (atomic rename); a killed stage
/// continues from its last epoch and its artifact is identical to an uninterrupted run.
/// codeVersion history: 1 initial; 2 self-describing: every dataset has description, units and
/// dimensions (Layouts/ArtifactDescriptions), the root its layout and layout version. GRU/LSTM stages also key
/// on `gatedCodeVersion`.
public enum TrainStage: StageKind {
  public static let name = "train"
  public static let codeVersion = 2
  /// The version of the gated engine, in the cache key of GRU/LSTM stages only (leaky stages keep their keys).
  /// History: 1 initial (no extras); 2 vectorised sigmoid/tanh and fused gate passes (different rounding).
  public static let gatedCodeVersion = 2
  public static let summary = "trains one curriculum level of a leaky RNN (resumes from the parent level's checkpoint)"
  public static var resources: Resources { Resources(cpus: 1, memory: "4G", time: "24:00:00") }

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// "parity" or "dms".
    public var task: TaskKind = .parity
    /// "single", "multi", "sliding-W-F", "none-N" or "multiobjective-N" (heads for N = 2 … N from the start).
    public var curriculum: CurriculumName = .multi
    /// The level (N_max) this stage trains.
    public var n: Int = 2
    public var seed: Int = 0
    public var neurons: Int = 500
    public var batch: Int = 256
    public var stepsPerEpoch: Int = 600
    public var testBatches: Int = 50
    /// Epochs allowed for this level before it counts as not reached.
    public var epochBudget: Int = 1000
    public var learningRate: Double = 0.05
    public var momentum: Double = 0.1
    public var clipNorm: Double = 2.0
    /// "default" or "mod" (docs/method.md §1.1).
    public var form: RNNForm = .default
    /// "leakyReLU", "relu", "tanh" or "sigmoid".
    public var nonlinearity: Nonlinearity = .leakyReLU
    /// nil: τ trained per neuron; a number: one fixed τ for every neuron.
    public var fixedTau: Double? = nil
    /// nil or "leaky": the leaky RNN; "gru" or "lstm": a gated network trained with Adam (`learningRate`;
    /// the reference protocol uses 0.001) on ±1 inputs with p = 0.5, zero initial state (`momentum`,
    /// `form`, `nonlinearity`, `fixedTau` unused). Optional so leaky stages keep their cache keys.
    public var architecture: NetworkArchitecture? = nil
    /// nil: discrete time. A set of k, e.g. [7, 8, 9, 10]: the continuous-time leaky RNN (docs/method.md §1.1
    /// appendix; needs `form` "mod"): each training step takes one optimiser step per k on a fresh
    /// batch with every digit held for k steps (Δt = 1/k, τ̃ = max(τ·k, 1)); the advance rule uses the
    /// test accuracy pooled over the k. Optional so discrete stages keep their cache keys.
    public var stepsPerDigit: [Int]? = nil
  }

  public static var ranges: [String: ParameterRange] {
    ParameterRanges.training.merging([
      "n": ParameterRanges.level, "seed": ParameterRanges.seed, "neurons": ParameterRanges.neurons,
      "epochBudget": ParameterRanges.epochs, "fixedTau": .number(1...1e6),
      "stepsPerDigit": ParameterRanges.stepsPerDigit,
    ]) { a, _ in a }
  }

  public static func validate(_ p: Params) -> [(String, String)] {
    var out: [(String, String)] = []
    let c = p.curriculum.curriculum
    if !c.isLevel(p.n) { out.append(("n", "\(p.n) is not a level of curriculum \(c) (first level \(c.firstLevel))")) }
    if let a = p.architecture?.cell {
      if p.fixedTau != nil {
        out.append(("fixedTau", "applies to the leaky RNN only (architecture is \"\(a)\"); leave it out"))
      }
      if p.form != .default {
        out.append(("form", "applies to the leaky RNN only (architecture is \"\(a)\"); leave it out"))
      }
      if p.stepsPerDigit != nil {
        out.append(("stepsPerDigit", "applies to the leaky RNN only (architecture is \"\(a)\"); leave it out"))
      }
    }
    if let ks = p.stepsPerDigit {
      if ks.isEmpty {
        out.append(
          (
            "stepsPerDigit",
            "must list at least one k (steps per digit, Δt = 1/k), e.g. [7, 8, 9, 10]; leave it out for discrete time"
          ))
      }
      if Set(ks).count != ks.count { out.append(("stepsPerDigit", "lists a k twice (got \(ks))")) }
      if p.form != .mod && p.architecture?.cell == nil {
        out.append(
          (
            "form",
            "continuous time (stepsPerDigit) uses the \"mod\" form (docs/method.md §1.1); set \"form\": \"mod\" (got \"\(p.form.rawValue)\")"
          ))
      }
    }
    return out
  }

  public static func keyExtras(_ p: Params, projectRoot: URL) throws -> JSONValue? {
    guard p.architecture?.cell != nil else { return nil }
    return .object([("gatedCodeVersion", .int(Int64(gatedCodeVersion)))])
  }

  /// The engine's training configuration for these parameters (validated).
  public static func config(_ p: Params) -> TrainingConfig {
    TrainingConfig(
      neurons: p.neurons, batchSize: p.batch, stepsPerEpoch: p.stepsPerEpoch, testBatches: p.testBatches,
      epochBudget: p.epochBudget, learningRate: Float(p.learningRate), momentum: Float(p.momentum),
      clipNorm: Float(p.clipNorm), task: p.task, curriculum: p.curriculum.curriculum,
      form: p.form, nonlinearity: p.nonlinearity,
      tau: p.fixedTau.map { .fixed(Float($0)) } ?? .trained, seed: UInt64(p.seed),
      cell: p.architecture?.cell, stepsPerDigit: p.stepsPerDigit)
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let config = config(p)
    return config.cell == nil
      ? try train(TrainingState.self, p, config: config, inputs: inputs, context: context)
      : try train(GatedTrainingState.self, p, config: config, inputs: inputs, context: context)
  }

  static func train<State: CheckpointedState>(
    _: State.Type, _ p: Params, config: TrainingConfig, inputs: StageInputs,
    context: StageContext
  ) throws -> Artifact {
    let parent: State? = try parentState(p, config: config, inputs: inputs, context: context)
    if let parent, !parent.levelReached {
      context.progress("level \(parent.level) was not reached: level \(p.n) is not trained")
      var carried = parent
      carried.level = p.n
      carried.epochInLevel = 0
      return artifact(carried, config: config, status: "parent-not-reached")
    }

    let scratch = ScratchCheckpoint(directory: context.scratchDirectory)
    var start = parent
    if let resumed: State = scratch.load(config: config, level: p.n) {
      context.progress("resuming level \(p.n) after epoch \(resumed.epochInLevel)")
      start = resumed
    }
    let result = try Trainer.trainLevel(
      config: config, level: p.n, from: start, progress: context.progress,
      onEpochEnd: { try scratch.save($0, config: config) })
    context.progress(
      result.reached
        ? "level \(p.n) reached after \(result.epochsUsed) epochs"
        : "level \(p.n) not reached within \(config.epochBudget) epochs")
    return artifact(result.state, config: config, status: result.reached ? "reached" : "not-reached")
  }

  /// The previous level's state, checked against this stage (nil at the curriculum's first level).
  static func parentState<State: CheckpointedState>(
    _ p: Params, config: TrainingConfig, inputs: StageInputs,
    context: StageContext
  ) throws -> State? {
    let first = config.curriculum.firstLevel
    let given = inputs["parent"]
    if p.n == first {
      if let given {
        throw StageError(
          "stage \(context.stageName) trains the first level (\(first)) but has a parent input (\(given.stage))",
          hint: "the first level starts from a fresh network; make the parent need \"optional\": true")
      }
      return nil
    }
    guard let given else {
      throw StageError(
        "stage \(context.stageName) trains level \(p.n) and needs the checkpoint of the previous level as input \"parent\"",
        hint: "add { \"stage\": \"<the level-\(p.n - 1) stage>\", \"as\": \"parent\" } to its needs")
    }
    let (state, parentConfig): (State, TrainingConfig)
    do { (state, parentConfig) = try State.read(given.load()) } catch {
      throw StageError("the parent input \(given.stage) is not a training checkpoint: \(error)")
    }
    let previous = config.curriculum.levels(upTo: p.n).dropLast().last
    guard parentConfig == config, state.level == previous else {
      throw StageError(
        "the parent input \(given.stage) is level \(state.level) of another run",
        hint:
          "level \(p.n) must need level \(previous.map(String.init) ?? "-") of the same task, curriculum, seed and hyperparameters"
      )
    }
    return state
  }

  static func artifact<State: CheckpointedState>(_ state: State, config: TrainingConfig, status: String) -> Artifact {
    var a = state.artifact(config: config)
    a.setAttribute("status", .string(status), at: "/training")
    return a
  }
}
