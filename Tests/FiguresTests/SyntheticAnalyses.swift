import Artifacts
import Experiments
import Figures
import Foundation
import Stages
import Tasks

/// Hand-made ablation, perturbation and retraining artifacts (the layouts of Sources/Stages/
/// AblationStage.swift, PerturbationStage.swift, RetrainingStage.swift) with numbers shaped like
/// the paper's: single-head networks lose more when a slow neuron is removed, multi-head ones when
/// a fast one is; multi-head networks withstand larger perturbations and keep more accuracy when
/// retrained on larger N′.
enum SyntheticAnalyses {
  typealias Net = SyntheticRuns.Network

  static let noise = SyntheticRuns.noise

  /// `/source` as `NetworkInput.describe` writes it (plus provenance.kind, as a stored artifact has).
  static func source(_ net: Net, level: Int, reached: Bool, kind: String, into a: inout Artifact) {
    a.setAttribute("stage", .string("train/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(level)"), at: "/source")
    a.setAttribute("config", .string(Checkpoint.configJSON(SyntheticRuns.config(net))), at: "/source")
    a.setAttribute("level", .int(Int64(level)), at: "/source")
    a.setAttribute("level_reached", .int(reached ? 1 : 0), at: "/source")
    a.setAttribute("provenance.kind", .string(kind))
  }

  // MARK: Ablation

  /// Accuracy of `net` after ablating one neuron of `group` ("fast"/"slow") at `level`, trial `t`.
  static func ablatedAccuracy(_ net: Net, group: String, level: Int, neuron: Int, trial: Int) -> Double {
    let single = net.curriculum == .single
    // Paper (N = 30): single-head 0.93 (fast removed) vs 0.71 (slow); multi-head 0.89 vs 0.99.
    let center = single ? (group == "fast" ? 0.93 : 0.74) : (group == "fast" ? 0.88 : 0.98)
    let hard = Double(level) * 0.004
    return min(1, center - hard + 0.03 * noise(Int(net.seed), level, neuron, trial, group == "fast" ? 1 : 2))
  }

  static func ablation(_ net: Net, level: Int, reached: Bool = true, k: Int = 5, trials: Int = 4) -> FigureInput {
    var a = Artifact()
    source(net, level: level, reached: reached, kind: "ablation", into: &a)
    if reached {
      a.setAttribute("n", .int(Int64(level)), at: "/source")
      a.setAttribute("head", .int(net.curriculum == .multi ? Int64(level - 2) : 0), at: "/source")
      a["/baseline/accuracy"] = NDArray((0..<trials).map { 0.985 + 0.01 * noise(Int(net.seed), level, $0, 9) })
      for group in ["fast", "slow"] {
        let tau = (0..<k).map { j -> Float in
          let slow = group == "slow"
          let top: Double = net.curriculum == .single ? 2.5 + Double(level) * 0.2 : 1.9
          return Float(slow ? top - 0.05 * Double(j) : 1.01 + 0.01 * Double(j))
        }
        a["/\(group)/neuron"] = NDArray((0..<k).map { Int64(group == "fast" ? $0 : 31 - $0) })
        a["/\(group)/tau"] = NDArray(tau)
        let acc = (0..<k).flatMap { j in (0..<trials).map { ablatedAccuracy(net, group: group, level: level, neuron: j, trial: $0) } }
        a["/\(group)/accuracy"] = NDArray(acc, shape: [k, trials])
      }
    }
    return FigureInput(stage: "ablation/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(level)", role: nil, artifact: a)
  }

  /// Four seeds per curriculum at levels 5 and 12; seed 4's single-head network never reached 12.
  static var ablationInputs: [FigureInput] {
    var out: [FigureInput] = []
    for c in [Curriculum.single, .multi] {
      for seed in UInt64(1)...4 {
        let net = Net(task: .parity, curriculum: c, seed: seed, lastLevel: 12)
        for level in [5, 12] { out.append(ablation(net, level: level, reached: !(c == .single && seed == 4 && level == 12))) }
      }
    }
    return out
  }

  // MARK: Perturbation

  /// SPEC §6's grids, as the stage uses them.
  static func epsilons(_ target: String) -> [Double] { PerturbationStage.defaultEpsilons(target: target) }

  static func perturbation(_ net: Net, target: String, level: Int, reached: Bool = true, trials: Int = 5) -> FigureInput {
    var a = Artifact()
    source(net, level: level, reached: reached, kind: "perturbation", into: &a)
    a.setAttribute("target", .string(target), at: "/source")
    if reached {
      let eps = epsilons(target)
      // ε at which the relative accuracy halves: the paper's multi-head networks hold out longer.
      let half: Double = switch (target, net.curriculum) {
      case ("tau", .single): 0.07
      case ("tau", _): 0.5
      case (_, .single): 0.3
      default: 0.8
      }
      let baseline = (0..<trials).map { 0.97 + 0.02 * noise(Int(net.seed), $0, 5) }
      let base = baseline.reduce(0, +) / Double(trials)
      var acc: [Double] = []
      for (e, x) in eps.enumerated() {
        for t in 0..<trials {
          if x == 0 { acc.append(baseline[t]); continue }
          let rel = 1 / (1 + pow(x / half, 2)) + 0.08 * noise(Int(net.seed), e, t, target == "tau" ? 7 : 8)
          acc.append(0.5 + rel * (base - 0.5))
        }
      }
      a.setAttribute("n", .int(Int64(level)), at: "/source")
      a["/epsilon"] = NDArray(eps)
      a["/accuracy"] = NDArray(acc, shape: [eps.count, trials])
      a["/relative_accuracy"] = NDArray(acc.map { ($0 - 0.5) / (base - 0.5) }, shape: [eps.count, trials])
      a["/baseline/accuracy"] = NDArray(baseline)
    }
    return FigureInput(stage: "perturbation/\(target)/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(level)", role: nil, artifact: a)
  }

  /// Three seeds per curriculum and both targets at level 12.
  static var perturbationInputs: [FigureInput] {
    [Curriculum.single, .multi].flatMap { c in
      (UInt64(1)...3).flatMap { seed in
        ["recurrent", "tau"].map { perturbation(Net(task: .parity, curriculum: c, seed: seed, lastLevel: 12), target: $0, level: 12) }
      }
    }
  }

  // MARK: Retraining

  static func retrainedAccuracy(_ net: Net, level: Int, nPrime: Int) -> Double {
    let decay = net.curriculum == .single ? 5.0 : 12.0
    return 0.5 + 0.48 * exp(-Double(nPrime - level) / decay) + 0.015 * noise(Int(net.seed), nPrime, 6)
  }

  static func retraining(_ net: Net, level: Int, nPrime: Int, reached: Bool = true) -> FigureInput {
    var a = Artifact()
    source(net, level: level, reached: reached, kind: "retraining", into: &a)
    a.setAttribute("n_prime", .int(Int64(nPrime)), at: "/source")
    if reached { a["/accuracy"] = NDArray([retrainedAccuracy(net, level: level, nPrime: nPrime)]) }
    return FigureInput(stage: "retraining/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(nPrime)", role: nil, artifact: a)
  }

  /// Four seeds per curriculum from L = 8, N′ = 8…16.
  static var retrainingInputs: [FigureInput] {
    [Curriculum.single, .multi].flatMap { c in
      (UInt64(1)...4).flatMap { seed in
        (8...16).map { retraining(Net(task: .parity, curriculum: c, seed: seed, lastLevel: 8), level: 8, nPrime: $0) }
      }
    }
  }
}
