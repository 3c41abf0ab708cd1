import Artifacts
import Foundation
import Layouts
import Networks
import Numerics

/// Perturbation (SPEC §6) of the recurrent weights or the timescales by ε times a random direction
/// scaled to the parameter's norm (`NetworkSurgery`); a fresh direction per (ε, trial), drawn from
/// `RandomStream(seed).derive("perturbation").split(εindex).split(trial)`; streaming accuracy at the
/// network's level on the baseline's trial-th stream; relative accuracy (acc − 0.5)/(mean baseline − 0.5).
/// Layout: `PerturbationLayout`.
public enum PerturbationAnalysis {
  /// SPEC §6's ε grid: {0} ∪ 10 log-spaced values in [1e-2, 10] for W^R, 13 in [1e-3, 10] for τ.
  public static func defaultEpsilons(target: PerturbationTarget) -> [Double] {
    let (lo, count) = target == .tau ? (-3.0, 13) : (-2.0, 10)
    let step: Double = (1 - lo) / Double(count - 1)
    let grid: [Double] = (0..<count).map { (i: Int) -> Double in pow(10, lo + step * Double(i)) }
    return [0] + grid
  }

  /// Reads the checkpoint and perturbs its network, or returns the missing-data artifact (`/source`
  /// with the target) when its level was not reached.
  public static func run(
    checkpoint: Artifact, stage: String? = nil, target: PerturbationTarget, epsilons: [Double],
    scoring: StreamingTrials, progress: (String) -> Void = { _ in }
  ) throws -> Artifact {
    let (source, opened) = try AnalysisSource.open(checkpoint, stage: stage, progress: progress)
    guard let network = opened else { return PerturbationLayout.missingData(source: source, target: target) }
    let n = source.level, head = source.head(n: n), task = source.config.task
    let baseline = try scoring.accuracies(network, task: task, n: n, head: head)
    let baselineMean = baseline.reduce(0, +) / Double(baseline.count)
    let root = RandomStream(seed: scoring.seed).derive("perturbation")
    var accuracy: [Double] = []
    for (e, epsilon) in epsilons.enumerated() {
      progress("ε = \(epsilon) (\(e + 1)/\(epsilons.count))")
      for trial in 0..<scoring.trials {
        var rng = root.split(e).split(trial)
        let perturbed =
          target == .tau
          ? NetworkSurgery.perturbingTau(network, epsilon: epsilon, rng: &rng)
          : NetworkSurgery.perturbingRecurrent(network, epsilon: epsilon, rng: &rng)
        accuracy.append(try scoring.accuracy(perturbed, task: task, n: n, head: head, trial: trial))
      }
    }
    let result = PerturbationLayout(
      n: n, head: head, target: target, epsilons: epsilons, accuracy: accuracy,
      relativeAccuracy: accuracy.map { ($0 - 0.5) / (baselineMean - 0.5) }, baseline: baseline)
    var a = Artifact()
    result.write(source: source, into: &a)
    return a
  }
}
