import Pipeline

/// Ranges shared by the parameters of several stage kinds (`StageKind.ranges`): wide enough for the
/// paper's scale and beyond, narrow enough that a typo (1e12 for 1e3) is a plan error and not an
/// overflow or a failed allocation inside the stage.
enum ParameterRanges {
  static let seed = ParameterRange.integer(0...Int(Int32.max))
  /// A curriculum level N or N′ (the paper's largest is 100).
  static let level = ParameterRange.integer(2...1_000)
  static let neurons = ParameterRange.integer(1...65_536)
  /// Sequences per batch.
  static let batch = ParameterRange.integer(1...65_536)
  static let testBatches = ParameterRange.integer(1...100_000)
  static let stepsPerEpoch = ParameterRange.integer(1...1_000_000)
  static let epochs = ParameterRange.integer(1...1_000_000)
  /// Streams or simulations of an analysis.
  static let trials = ParameterRange.integer(1...10_000)
  /// Time steps of a stream or a simulation.
  static let steps = ParameterRange.integer(1...10_000_000)
  static let warmup = ParameterRange.integer(0...10_000_000)
  /// k, the steps each digit is held (Δt = 1/k).
  static let stepsPerDigit = ParameterRange.integer(1...1_000)
  static let learningRate = ParameterRange.number(1e-9...10)
  /// Below 1: SGD momentum of 1 never forgets a gradient.
  static let momentum = ParameterRange.number(0...0.999)
  static let clipNorm = ParameterRange.number(1e-6...1e6)

  /// The ranges of the SGD training parameters `train` and `retraining` share.
  static let training: [String: ParameterRange] = [
    "batch": batch, "stepsPerEpoch": stepsPerEpoch, "testBatches": testBatches, "learningRate": learningRate,
    "momentum": momentum, "clipNorm": clipNorm,
  ]

  /// The ranges of the streaming protocol's parameters (`ablation`, `perturbation`).
  static let streaming: [String: ParameterRange] = [
    "trials": trials, "steps": steps, "warmup": warmup, "seed": seed,
  ]
}
