import Layouts
import Networks

/// How the robustness analyses (ablation, perturbation) score a network: the streaming protocol
/// (`Evaluation.streaming`) with `trials` streams of `warmup + steps` digits from `seed`, every
/// network variant on the same streams.
public struct StreamingTrials: Sendable {
  public var trials: Int
  public var warmup: Int
  public var steps: Int
  public var seed: UInt64

  public init(trials: Int = 10, warmup: Int = 100, steps: Int = 1000, seed: UInt64 = 0) {
    self.trials = trials; self.warmup = warmup; self.steps = steps; self.seed = seed
  }

  /// The accuracy of each trial of `network` on `task` at N = `n`, reading `head`.
  func accuracies(_ network: LeakyRNN, task: TaskKind, n: Int, head: Int) throws -> [Double] {
    try Evaluation.streaming(
      network: network, task: task, n: n, head: head, trials: trials, warmup: warmup,
      steps: steps, seed: seed
    ).trialAccuracies
  }

  /// The accuracy of `network` on trial `trial` alone (the same stream as that trial of `accuracies`).
  func accuracy(_ network: LeakyRNN, task: TaskKind, n: Int, head: Int, trial: Int) throws -> Double {
    try Evaluation.streaming(
      network: network, task: task, n: n, head: head, trials: 1, warmup: warmup, steps: steps,
      seed: seed, firstTrial: trial
    ).trialAccuracies[0]
  }
}
