import Artifacts
import Foundation
import Layouts
import Networks

/// Retraining beyond the training regime (docs/method.md §6): a network's checkpoint (level L) gets ONE new
/// head (initialised as in docs/method.md §1.1) and is trained single-head on N′ for exactly `epochs` epochs;
/// the last epoch's test accuracy is the result. Relative accuracy to N′ = L is formed by the figure.
/// Layout: `RetrainingLayout`.
public enum RetrainingAnalysis {
  /// The retraining run's hyperparameters.
  public struct Options: Sendable {
    /// N′, the task size retrained.
    public var nPrime: Int
    /// Epochs of retraining (paper: 20).
    public var epochs: Int
    public var batchSize: Int
    public var stepsPerEpoch: Int
    public var testBatches: Int
    public var learningRate: Float
    public var momentum: Float
    public var clipNorm: Float

    public init(
      nPrime: Int, epochs: Int = 20, batchSize: Int = 256, stepsPerEpoch: Int = 600, testBatches: Int = 50,
      learningRate: Float = 0.05, momentum: Float = 0.1, clipNorm: Float = 2.0
    ) {
      self.nPrime = nPrime; self.epochs = epochs; self.batchSize = batchSize; self.stepsPerEpoch = stepsPerEpoch
      self.testBatches = testBatches; self.learningRate = learningRate; self.momentum = momentum;
      self.clipNorm = clipNorm
    }
  }

  /// Reads the checkpoint and retrains its network, or returns the missing-data artifact (`/source`
  /// with N′ only) when its level was not reached. With `scratch`, the state after every epoch is saved
  /// there and a saved state of the same run is resumed.
  public static func run(
    checkpoint: Artifact, stage: String? = nil, options o: Options, scratch: ScratchCheckpoint? = nil,
    progress: (String) -> Void = { _ in }
  ) throws -> Artifact {
    let (source, opened) = try AnalysisSource.open(checkpoint, stage: stage, progress: progress)
    guard let network = opened else { return RetrainingLayout.missingData(source: source, nPrime: o.nPrime) }
    let net = network.config
    let config = TrainingConfig(
      neurons: net.hidden, batchSize: o.batchSize, stepsPerEpoch: o.stepsPerEpoch,
      testBatches: o.testBatches, epochBudget: o.epochs, learningRate: o.learningRate,
      momentum: o.momentum, clipNorm: o.clipNorm, task: source.config.task, curriculum: .single,
      form: net.form, nonlinearity: net.nonlinearity, tau: net.tau, seed: source.config.seed)
    var start = TrainingState.retraining(network, level: o.nPrime, config: config)
    if let resumed: TrainingState = scratch?.load(config: config, level: o.nPrime) {
      progress("resuming after epoch \(resumed.epochInLevel)")
      start = resumed
    }
    let result = try Trainer.trainLevel(
      config: config, level: o.nPrime, from: start, stopOnPass: false,
      progress: progress, onEpochEnd: { try scratch?.save($0, config: config) })
    let layout = RetrainingLayout(
      nPrime: o.nPrime, accuracy: result.history.last?.accuracy.first ?? .nan,
      history: result.history)
    var a = Artifact()
    layout.write(source: source, into: &a)
    return a
  }
}
