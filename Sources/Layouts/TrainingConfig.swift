/// Hyperparameters of one training run (SPEC §4; defaults are the paper's scale).
public struct TrainingConfig: Codable, Hashable, Sendable {
  /// H, hidden neurons (paper: 500).
  public var neurons: Int
  /// B, sequences per batch (paper: 256).
  public var batchSize: Int
  /// Optimiser steps per epoch (paper: 600).
  public var stepsPerEpoch: Int
  /// Test batches per epoch for the advance rule (paper: 50).
  public var testBatches: Int
  /// Epochs allowed for ONE curriculum level before it counts as not reached.
  public var epochBudget: Int
  public var learningRate: Float
  public var momentum: Float
  /// Global gradient-norm clip (paper: 2.0).
  public var clipNorm: Float
  public var task: TaskKind
  public var curriculum: Curriculum
  public var form: RNNForm
  public var nonlinearity: Nonlinearity
  public var tau: TauMode
  /// Root seed: every random number of the run is derived from it (see `TrainingStreams`).
  public var seed: UInt64
  /// nil: the leaky RNN (SGD-Nesterov, `form`, `nonlinearity`, `tau`); `.gru`/`.lstm`: a gated network
  /// (SPEC §1.2: Adam with `learningRate`, zero initial state; `form`, `nonlinearity`, `tau`, `momentum`
  /// unused). Optional so that a leaky config encodes exactly as before (no key).
  public var cell: GatedCell?
  /// nil: discrete time. A set of k: the continuous-time leaky RNN (SPEC §1.1 appendix, "mod" form):
  /// every training step takes one optimiser step per k, each on a fresh batch whose digits are held
  /// for k steps (Δt = 1/k, τ̃ = max(τ·k, 1)); test accuracy is pooled over the k. Optional so that a
  /// discrete config encodes exactly as before (no key).
  public var stepsPerDigit: [Int]?

  public init(
    neurons: Int = 500, batchSize: Int = 256, stepsPerEpoch: Int = 600, testBatches: Int = 50,
    epochBudget: Int = 1000, learningRate: Float = 0.05, momentum: Float = 0.1, clipNorm: Float = 2.0,
    task: TaskKind = .parity, curriculum: Curriculum = .multi, form: RNNForm = .default,
    nonlinearity: Nonlinearity = .leakyReLU, tau: TauMode = .trained, seed: UInt64 = 0,
    cell: GatedCell? = nil, stepsPerDigit: [Int]? = nil
  ) {
    self.neurons = neurons; self.batchSize = batchSize; self.stepsPerEpoch = stepsPerEpoch
    self.testBatches = testBatches; self.epochBudget = epochBudget; self.learningRate = learningRate
    self.momentum = momentum; self.clipNorm = clipNorm; self.task = task; self.curriculum = curriculum
    self.form = form; self.nonlinearity = nonlinearity; self.tau = tau; self.seed = seed
    self.cell = cell
    self.stepsPerDigit = stepsPerDigit
  }

  /// The k of each optimiser step within one training step: `stepsPerDigit`, or [1] (discrete time).
  public var digitRepeats: [Int] { stepsPerDigit ?? [1] }

  /// "leaky", "gru" or "lstm".
  public var architecture: String { cell?.rawValue ?? "leaky" }
}
