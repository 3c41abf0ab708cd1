import Artifacts
import Experiments
import Figures
import Foundation
import Layouts
import Networks
import Stages
import Tasks

/// Hand-made ablation, perturbation and retraining artifacts (written through their layouts:
/// `AblationLayout`, `PerturbationLayout`, `RetrainingLayout`) with numbers shaped like
/// the paper's: single-head networks lose more when a slow neuron is removed, multi-head ones when
/// a fast one is; multi-head networks withstand larger perturbations and keep more accuracy when
/// retrained on larger N′.
enum SyntheticAnalyses {
  typealias Net = SyntheticRuns.Network

  static let noise = SyntheticRuns.noise

  /// The network `net` at `level` as an analysis records it.
  static func analysisSource(_ net: Net, level: Int, reached: Bool) -> AnalysisSource {
    AnalysisSource(
      config: SyntheticRuns.config(net), level: level, levelReached: reached,
      stage: "train/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(level)")
  }

  /// `/source` (plus provenance.kind, as a stored artifact has).
  static func source(_ net: Net, level: Int, reached: Bool, kind: String, into a: inout Artifact) {
    analysisSource(net, level: level, reached: reached).write(into: &a)
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
      func group(_ group: String) -> AblationLayout.Group {
        let tau = (0..<k).map { j -> Float in
          let slow = group == "slow"
          let top: Double = net.curriculum == .single ? 2.5 + Double(level) * 0.2 : 1.9
          return Float(slow ? top - 0.05 * Double(j) : 1.01 + 0.01 * Double(j))
        }
        let acc = (0..<k).flatMap { j in
          (0..<trials).map { ablatedAccuracy(net, group: group, level: level, neuron: j, trial: $0) }
        }
        return AblationLayout.Group(neurons: (0..<k).map { group == "fast" ? $0 : 31 - $0 }, tau: tau, accuracy: acc)
      }
      AblationLayout(
        n: level, head: net.curriculum == .multi ? level - 2 : 0,
        baseline: (0..<trials).map { 0.985 + 0.01 * noise(Int(net.seed), level, $0, 9) },
        fast: group("fast"), slow: group("slow")
      )
      .write(source: analysisSource(net, level: level, reached: reached), into: &a)
    }
    return FigureInput(
      stage: "ablation/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(level)", role: nil, artifact: a)
  }

  /// Four seeds per curriculum at levels 5 and 12; seed 4's single-head network never reached 12.
  static var ablationInputs: [FigureInput] {
    var out: [FigureInput] = []
    for c in [Curriculum.single, .multi] {
      for seed in UInt64(1)...4 {
        let net = Net(task: .parity, curriculum: c, seed: seed, lastLevel: 12)
        for level in [5, 12] {
          out.append(ablation(net, level: level, reached: !(c == .single && seed == 4 && level == 12)))
        }
      }
    }
    return out
  }

  // MARK: Perturbation

  /// docs/method.md §6's grids, as the stage uses them.
  static func epsilons(_ target: PerturbationTarget) -> [Double] {
    PerturbationAnalysis.defaultEpsilons(target: target)
  }

  static func perturbation(_ net: Net, target: PerturbationTarget, level: Int, reached: Bool = true, trials: Int = 5)
    -> FigureInput
  {
    var a = PerturbationLayout.missingData(source: analysisSource(net, level: level, reached: reached), target: target)
    a.setAttribute("provenance.kind", .string("perturbation"))
    if reached {
      let eps = epsilons(target)
      // ε at which the relative accuracy halves: the paper's multi-head networks hold out longer.
      let half: Double =
        switch (target, net.curriculum) {
        case (.tau, .single): 0.07
        case (.tau, _): 0.5
        case (_, .single): 0.3
        default: 0.8
        }
      let baseline = (0..<trials).map { 0.97 + 0.02 * noise(Int(net.seed), $0, 5) }
      let base = baseline.reduce(0, +) / Double(trials)
      var acc: [Double] = []
      for (e, x) in eps.enumerated() {
        for t in 0..<trials {
          if x == 0 { acc.append(baseline[t]); continue }
          let rel = 1 / (1 + pow(x / half, 2)) + 0.08 * noise(Int(net.seed), e, t, target == .tau ? 7 : 8)
          acc.append(0.5 + rel * (base - 0.5))
        }
      }
      PerturbationLayout(
        n: level, head: net.curriculum == .multi ? level - 2 : 0, target: target, epsilons: eps,
        accuracy: acc, relativeAccuracy: acc.map { ($0 - 0.5) / (base - 0.5) }, baseline: baseline
      )
      .write(source: analysisSource(net, level: level, reached: reached), into: &a)
    }
    return FigureInput(
      stage: "perturbation/\(target)/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(level)", role: nil, artifact: a)
  }

  /// Three seeds per curriculum and both targets at level 12.
  static var perturbationInputs: [FigureInput] {
    [Curriculum.single, .multi].flatMap { c in
      (UInt64(1)...3).flatMap { seed in
        PerturbationTarget.allCases.map {
          perturbation(Net(task: .parity, curriculum: c, seed: seed, lastLevel: 12), target: $0, level: 12)
        }
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
    let s = analysisSource(net, level: level, reached: reached)
    if reached {
      RetrainingLayout(nPrime: nPrime, accuracy: retrainedAccuracy(net, level: level, nPrime: nPrime), history: [])
        .write(source: s, into: &a)
    } else {
      a = RetrainingLayout.missingData(source: s, nPrime: nPrime)
    }
    a.setAttribute("provenance.kind", .string("retraining"))
    return FigureInput(
      stage: "retraining/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(nPrime)", role: nil, artifact: a)
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

// MARK: τ_net, dimensionality and forgetting

extension SyntheticAnalyses {
  /// A τ_net artifact (`TauNetLayout`). `tauNet` per neuron
  /// (NaN: no fit, selected model 0); each neuron's AC is e^{−t/τ_net} (single selected, τ_net < 4) or
  /// 0.3·e^{−t} + 0.7·e^{−t/τ_net} (double), times its variance, with 2 % deterministic noise; the fit
  /// parameters are the generating ones.
  static func tauNet(
    _ net: Net, level: Int, reached: Bool = true, tauNet: [Double], population: Double = 5,
    components: [Int] = [3, 4], lags: Int = 60, fitLags: Int = 31, tau: [Double]? = nil,
    stage: String? = nil
  ) -> FigureInput {
    var a = Artifact()
    source(net, level: level, reached: reached, kind: "tau-net", into: &a)
    if reached {
      let H = tauNet.count
      var ac = [Double](repeating: 0, count: lags * H)
      var single: [Double] = [], double: [Double] = [], selected: [Int] = []
      var aic1: [Double] = [], aic2: [Double] = []
      for (i, tn) in tauNet.enumerated() {
        let variance = 0.2 + 0.05 * Double(i)
        let twoScales = tn.isFinite && tn >= 4
        for t in 0..<lags {
          let x = Double(t)
          let clean =
            !tn.isFinite ? (t == 0 ? 1 : 0.0) : (twoScales ? 0.3 * exp(-x) + 0.7 * exp(-x / tn) : exp(-x / tn))
          ac[t * H + i] = variance * clean * (t == 0 ? 1 : 1 + 0.02 * noise(Int(net.seed), level, i, t))
        }
        if tn.isFinite {
          single += [1, tn]
          double += twoScales ? [1, 1, tn, 0.3] : [1, tn, tn, 0.5]
          selected.append(twoScales ? 2 : 1)
          aic1.append(twoScales ? -150 : -200); aic2.append(twoScales ? -190 : -196)
        } else {
          single += [.nan, .nan]; double += [.nan, .nan, .nan, .nan]
          selected.append(0); aic1.append(1e5); aic2.append(1e5)
        }
      }
      func fits(_ parameters: [Double], _ aic: [Double]) -> TauNetLayout.Fits {
        TauNetLayout.Fits(
          parameters: parameters, aic: aic, rss: aic.map { $0 == 1e5 ? .nan : 0.01 },
          converged: aic.map { $0 != 1e5 })
      }
      let R = components.count
      TauNetLayout(
        tau: tau.map { $0.map(Float.init) } ?? (0..<H).map { Float(1.2 + 0.1 * Double($0)) }, autocovariance: ac,
        neurons: TauNetLayout.Estimates(
          tauNet: tauNet, selectedModel: selected, single: fits(single, aic1), double: fits(double, aic2)),
        populationAutocovariance: (0..<lags).map { exp(-Double($0) / population) },
        population: TauNetLayout.Estimates(
          tauNet: [population], selectedModel: [1], single: fits([1, population], [-200]),
          double: fits([1, population, population, 0.5], [-196])),
        explainedVarianceRatio: [Double](repeating: 1 / Double(H), count: R * H), components90: components,
        referenceDimensionality: components.map { $0 - 1 },
        inputProbability: (0..<R).map { Double($0 + 1) / Double(R + 1) },
        settings: TauNetLayout.Settings(
          steps: 1000, burnIn: 100, trials: R, trialBatch: R, lags: lags, fitLags: fitLags, seed: net.seed,
          normalization: "unbiased")
      ).write(into: &a)
    }
    return FigureInput(
      stage: stage ?? "tau-net/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(level)", role: nil, artifact: a)
  }

  /// τ_net of `net`'s H neurons at `level`, shaped like the paper: grows with N, multi-head about
  /// half of single-head; neuron 0 below 1 (left out of the mean), neuron 1 without a fit.
  static func tauNetValues(_ net: Net, level: Int) -> [Double] {
    let scale = net.curriculum == .single ? 1.0 : 0.5
    return (0..<net.neurons).map { i in
      if i == 0 { return 0.6 }
      if i == 1 { return .nan }
      let u = noise(Int(net.seed), level, i, 11) * 0.5 + 0.5
      return 1.2 + scale * Double(level) * (0.4 + 0.8 * u)
    }
  }

  /// Both tasks, three seeds per curriculum, levels 2…8 (single-head seed 3 never reached 7 and 8).
  static var tauNetInputs: [FigureInput] {
    var out: [FigureInput] = []
    for task in TaskKind.allCases {
      for c in [Curriculum.single, .multi] {
        for seed in UInt64(1)...3 {
          let net = Net(task: task, curriculum: c, seed: seed, lastLevel: 8)
          for level in 2...8 {
            let reached = !(c == .single && seed == 3 && level >= 7)
            let dim = c == .single ? max(2, 7 - level / 2) : 4 + level / 3
            let comps = (0..<3).map { dim + Int(noise(Int(seed), level, $0, 12) + 1) }
            out.append(
              tauNet(
                net, level: level, reached: reached, tauNet: tauNetValues(net, level: level),
                population: (c == .single ? 3.0 : 1.8) * Double(level) + noise(Int(seed), level, 13),
                components: comps))
          }
        }
      }
    }
    return out
  }

  /// `nonlinearity-location`: `tauNetInputs` (default form, both tasks) and mod-form parity networks,
  /// three seeds per curriculum, levels 2…8, with trained τ growing with N (mod: faster) and τ_net
  /// 0.7× the default form's (mod single-head seed 2 never reached 8).
  static var nonlinearityInputs: [FigureInput] {
    var out = tauNetInputs
    for c in [Curriculum.single, .multi] {
      for seed in UInt64(1)...3 {
        let net = Net(task: .parity, curriculum: c, seed: seed, lastLevel: 8, form: .mod)
        for level in 2...8 {
          let reached = !(c == .single && seed == 2 && level == 8)
          let values = tauNetValues(Net(task: .parity, curriculum: c, seed: seed, lastLevel: 8), level: level).map {
            $0 * 0.7
          }
          let tau = (0..<net.neurons).map {
            1.5 + (c == .single ? 0.4 : 0.1) * Double(level) + 0.2 * noise(Int(seed), level, $0, 14)
          }
          out.append(
            tauNet(
              net, level: level, reached: reached, tauNet: values, tau: tau,
              stage: "tau-net-mod/parity/\(c)/seed\(seed)/N\(level)"))
        }
      }
    }
    return out
  }

  /// A forgetting artifact (`ForgettingLayout`): accuracy per N′ tested.
  static func forgetting(_ net: Net, level: Int, reached: Bool = true, accuracy: [Int: Double], stage: String? = nil)
    -> FigureInput
  {
    var a = Artifact()
    source(net, level: level, reached: reached, kind: "forgetting", into: &a)
    if reached {
      let ns = accuracy.keys.sorted()
      ForgettingLayout(
        pairs: ns.map { (net.curriculum == .multi ? $0 - 2 : 0, $0) }, accuracy: ns.compactMap { accuracy[$0] },
        testBatches: 1, batchSize: 1, seed: 0, heads: net.curriculum == .multi ? "own" : "single", lengths: "each"
      )
      .write(source: analysisSource(net, level: level, reached: reached), into: &a)
    }
    return FigureInput(
      stage: stage ?? "forgetting/\(net.task)/\(net.curriculum)/seed\(net.seed)", role: nil, artifact: a)
  }

  /// Single-head networks forget the small N′ (accuracy falls towards chance away from N_max = 10);
  /// multi-head networks keep them. Both tasks, four seeds; DMS single-head seed 4 never reached 10.
  static var forgettingInputs: [FigureInput] {
    var out: [FigureInput] = []
    for task in TaskKind.allCases {
      for c in [Curriculum.single, .multi] {
        for seed in UInt64(1)...4 {
          let net = Net(task: task, curriculum: c, seed: seed, lastLevel: 10)
          let acc = Dictionary(
            uniqueKeysWithValues: (2...10).map { n -> (Int, Double) in
              let d = Double(10 - n)
              let v = c == .single ? 0.5 + 0.47 * exp(-d / 3) : 0.97 - 0.004 * d
              return (n, min(1, v + 0.02 * noise(Int(seed), n, task == .parity ? 14 : 15)))
            })
          out.append(forgetting(net, level: 10, reached: !(task == .dms && c == .single && seed == 4), accuracy: acc))
        }
      }
    }
    return out
  }
}
