import Artifacts
import Experiments
import Foundation
import Networks
import Numerics
import Pipeline

/// Perturbation (SPEC §6) of the recurrent weights or the timescales by ε times a random direction
/// scaled to the parameter's norm (`NetworkSurgery`); a fresh direction per (ε, trial), drawn from
/// `RandomStream(seed).derive("perturbation").split(εindex).split(trial)`; streaming accuracy at the
/// network's level; relative accuracy (acc − 0.5)/(mean baseline − 0.5).
///
/// Writes (E values of ε):
/// ```
/// /epsilon float64 [E]   /accuracy float64 [E×trials]   /relative_accuracy float64 [E×trials]
/// /baseline/accuracy float64 [trials]   (unperturbed, the same streams)
/// /source attributes stage, config, level, level_reached, n, head, target
/// ```
/// An unreached level gives only `/source` (with its target). codeVersion history: 1 initial; 2 the
/// target is in `/source` of an unreached level too (the figure and the claims group by it).
public enum PerturbationStage: StageKind {
  public static let name = "perturbation"
  public static let codeVersion = 2
  public static let summary = "streaming accuracy after random perturbations of W^R or τ of growing size ε"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// "recurrent" (W^R) or "tau".
    public var target: String = "recurrent"
    /// ε values; left out: SPEC's grid ({0} ∪ 10 log-spaced in [1e-2, 10] for W^R, 13 in [1e-3, 10] for τ).
    public var epsilons: [Double]? = nil
    public var trials: Int = 10
    public var steps: Int = 1000
    public var warmup: Int = 100
    public var seed: Int = 0
  }

  public static func validate(_ p: Params) -> [(String, String)] {
    var out: [(String, String)] = []
    if !["recurrent", "tau"].contains(p.target) { out.append(("target", "must be \"recurrent\" or \"tau\" (got \"\(p.target)\")")) }
    if let e = p.epsilons {
      if e.isEmpty { out.append(("epsilons", "is empty: give at least one ε ≥ 0, or leave it out for SPEC's grid")) }
      if let bad = e.first(where: { !($0 >= 0) }) { out.append(("epsilons", "must all be ≥ 0 (got \(bad))")) }
    }
    for (name, v) in [("trials", p.trials), ("steps", p.steps)] where v < 1 { out.append((name, "must be ≥ 1 (got \(v))")) }
    return out
  }

  /// SPEC §6's ε grid for a target.
  public static func defaultEpsilons(target: String) -> [Double] {
    let (lo, count) = target == "tau" ? (-3.0, 13) : (-2.0, 10)
    let step: Double = (1 - lo) / Double(count - 1)
    let grid: [Double] = (0..<count).map { (i: Int) -> Double in pow(10, lo + step * Double(i)) }
    return [0] + grid
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let source = try NetworkInput.read(inputs, context: context)
    guard source.reached else {
      var a = source.missingData()
      a.setAttribute("target", .string(p.target), at: "/source")
      return a
    }
    let n = source.level, head = source.head(n: n)
    func score(_ network: LeakyRNN) throws -> [Double] {
      try Evaluation.streaming(network: network, task: source.config.task, n: n, head: head, trials: p.trials,
                               warmup: p.warmup, steps: p.steps, seed: UInt64(p.seed)).trialAccuracies
    }
    let epsilons = p.epsilons ?? defaultEpsilons(target: p.target)
    let baseline = try score(source.network)
    let baselineMean = baseline.reduce(0, +) / Double(baseline.count)
    let root = RandomStream(seed: UInt64(p.seed)).derive("perturbation")
    var accuracy: [Double] = []
    for (e, epsilon) in epsilons.enumerated() {
      context.progress("ε = \(epsilon) (\(e + 1)/\(epsilons.count))")
      for trial in 0..<p.trials {
        var rng = root.split(e).split(trial)
        let perturbed = p.target == "tau"
          ? NetworkSurgery.perturbingTau(source.network, epsilon: epsilon, rng: &rng)
          : NetworkSurgery.perturbingRecurrent(source.network, epsilon: epsilon, rng: &rng)
        // The baseline's trial-th stream.
        let streams = try Evaluation.streaming(network: perturbed, task: source.config.task, n: n, head: head, trials: 1,
                                               warmup: p.warmup, steps: p.steps, seed: UInt64(p.seed), firstTrial: trial)
        accuracy.append(streams.trialAccuracies[0])
      }
    }
    var a = Artifact()
    source.describe(into: &a)
    a.setAttribute("n", .int(Int64(n)), at: "/source")
    a.setAttribute("head", .int(Int64(head)), at: "/source")
    a.setAttribute("target", .string(p.target), at: "/source")
    a["/epsilon"] = NDArray(epsilons)
    a["/accuracy"] = NDArray(accuracy, shape: [epsilons.count, p.trials])
    a["/relative_accuracy"] = NDArray(accuracy.map { ($0 - 0.5) / (baselineMean - 0.5) }, shape: [epsilons.count, p.trials])
    a["/baseline/accuracy"] = NDArray(baseline)
    return a
  }
}
