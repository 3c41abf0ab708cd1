import Artifacts
import Experiments
import Figures
import Foundation
import Layouts
import Networks
import Tasks

/// Hand-made train artifacts (the real layout, via `Checkpoint.artifact`) with plausible
/// numbers: single-head τ grows with N, multi-head τ stays near its start; multi-head passes
/// levels in a few epochs, single-head needs more and more; fixed τ reaches less.
enum SyntheticRuns {
  /// One network's plan: which levels it trains, where it stops, how its τ and speed behave.
  struct Network {
    var task: TaskKind
    var curriculum: Curriculum
    var tau: TauMode = .trained
    var seed: UInt64
    /// The highest level trained; it passed iff `lastReached`.
    var lastLevel: Int
    var lastReached = true
    var neurons = 8
    /// docs/method.md §1.1: the default or the "mod" form (nonlinearity-location).
    var form: RNNForm = .default
  }

  /// Deterministic noise in [−1, 1) from integers.
  static func noise(_ parts: Int...) -> Double {
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    for p in parts { x = (x ^ UInt64(bitPattern: Int64(p))) &* 0xBF58_476D_1CE4_E5B9; x ^= x >> 31 }
    return Double(x % 2_000_000) / 1_000_000 - 1
  }

  static func config(_ n: Network) -> TrainingConfig {
    TrainingConfig(
      neurons: n.neurons, batchSize: 4, stepsPerEpoch: 1, testBatches: 1, epochBudget: 40,
      task: n.task, curriculum: n.curriculum, form: n.form, tau: n.tau, seed: n.seed)
  }

  /// Epochs spent on `level`: multi-head ~1–2, single-head growing with N, none-N many.
  static func epochs(_ n: Network, level: Int, reached: Bool) -> Int {
    if !reached { return config(n).epochBudget }
    switch n.curriculum {
    case .multi: return 1 + (noise(Int(n.seed), level, 1) > 0.3 ? 1 : 0)
    case .none: return 30
    default: return 2 + level / 2 + Int(3 * (noise(Int(n.seed), level, 2) + 1))
    }
  }

  static func history(_ n: Network, upTo last: Int, lastReached: Bool) -> [EpochRecord] {
    var out: [[String: Any]] = []
    var epoch = 0
    for level in n.curriculum.levels(upTo: last) {
      let reached = level < last || lastReached
      let count = epochs(n, level: level, reached: reached)
      let ns = n.curriculum.stage(level: level).ns
      for e in 1...count {
        epoch += 1
        let progress = Double(e) / Double(count)
        var acc: [Double]
        if case .none(let N) = n.curriculum {
          // Small N is learned, large N stays at chance.
          let ceiling = N <= 6 ? 1.0 : (N <= 10 ? 0.8 : 0.52)
          acc = [0.5 + (ceiling - 0.5) * (1 - exp(-Double(e) / 6)) + 0.01 * noise(Int(n.seed), e, N)]
        } else {
          let top = reached && e == count ? 0.99 : 0.6 + 0.35 * progress
          acc = ns.map { N in N == level ? top : min(0.995, top + 0.005) }
        }
        out.append([
          "epoch": epoch, "level": level, "epochInLevel": e, "loss": 0.7 * (1 - progress) + 0.05,
          "accuracy": acc, "ns": ns, "wallSeconds": 0.0,
        ])
      }
    }
    let data = try! JSONSerialization.data(withJSONObject: out)
    return try! JSONDecoder().decode([EpochRecord].self, from: data)
  }

  /// Raw τ of the H neurons at `level`.
  static func taus(_ n: Network, level: Int) -> [Float] {
    (0..<n.neurons).map { i in
      let u = noise(Int(n.seed), level, i, 3) * 0.5 + 0.5  // [0, 1)
      switch (n.tau, n.curriculum) {
      case (.fixed(let v), _): return v
      case (_, .single): return Float(1 + u + Double(level - 2) * 0.09 * (1 + 2 * u * u))  // grows, spreads
      default: return Float(1.02 + u * 0.95 + Double(level) * 0.004)  // stays near 1 + U(0,1)
      }
    }
  }

  /// The artifact of `n` at `level` (reached unless it is the last level and `lastReached` is false).
  static func artifact(_ n: Network, level: Int) -> Artifact {
    let reached = level < n.lastLevel || n.lastReached
    let cfg = config(n)
    var state = TrainingState.fresh(cfg)
    state.network.parameters.replaceSubrange(state.network.layout.tau, with: taus(n, level: level))
    state.level = level
    state.levelReached = reached
    state.history = history(n, upTo: level, lastReached: reached)
    state.totalEpochs = state.history.count
    state.epochInLevel = state.history.last?.epochInLevel ?? 0
    return Checkpoint.artifact(state, config: cfg)
  }

  /// Every level's artifact of `n`, named like the pipeline's train stages.
  static func inputs(_ n: Network, everyLevel: Bool = true) -> [FigureInput] {
    let levels = everyLevel ? n.curriculum.levels(upTo: n.lastLevel) : [n.lastLevel]
    return levels.map { level in
      FigureInput(
        stage: "train/rnn/\(n.task)/\(n.curriculum)/\(tauName(n.tau))/seed\(n.seed)/N\(level)", role: nil,
        artifact: artifact(n, level: level))
    }
  }

  static func tauName(_ t: TauMode) -> String {
    switch t {
    case .trained: "trained"
    case .fixed(let v): "fixed\(Int(v))"
    }
  }

  /// Four seeds per task and curriculum, trained τ: single-head stops earlier (its last level not reached).
  static var curriculumNetworks: [Network] {
    var out: [Network] = []
    for task in TaskKind.allCases {
      for seed in UInt64(1)...4 {
        let singleTop = (task == .parity ? 11 : 9) + Int(seed % 3)
        out.append(Network(task: task, curriculum: .single, seed: seed, lastLevel: singleTop + 1, lastReached: false))
        out.append(Network(task: task, curriculum: .multi, seed: seed, lastLevel: 16))
      }
    }
    return out
  }

  /// No-curriculum runs at N = 4, 8, 12 (two seeds each, parity and DMS).
  static var noCurriculumNetworks: [Network] {
    TaskKind.allCases.flatMap { task in
      [4, 8, 12].flatMap { N in
        (UInt64(1)...2).map {
          Network(task: task, curriculum: .none(n: N), seed: $0, lastLevel: N, lastReached: N <= 6)
        }
      }
    }
  }

  /// Fixed τ = 1, 2, 3 with both curricula (parity only), four seeds: their highest level only.
  static var fixedTauNetworks: [Network] {
    var out: [Network] = []
    for v in [1, 2, 3] {
      for seed in UInt64(1)...4 {
        let s = Int(seed % 2)
        out.append(
          Network(
            task: .parity, curriculum: .single, tau: .fixed(Float(v)), seed: seed, lastLevel: 8 + s + (v == 2 ? 1 : 0),
            lastReached: false))
        out.append(
          Network(
            task: .parity, curriculum: .multi, tau: .fixed(Float(v)), seed: seed,
            lastLevel: v == 1 ? 16 : 16 - 2 * v + s, lastReached: v == 1))
      }
    }
    return out
  }
}

/// Hand-made GRU/LSTM train artifacts (the real gated layout, via `Checkpoint.artifact`), with the
/// curriculum histories of `SyntheticRuns` (multi-head fast, single-head slower).
enum SyntheticGatedRuns {
  static let networks: [(cell: GatedCell, run: SyntheticRuns.Network)] = GatedCell.allCases.flatMap { cell in
    [Curriculum.single, .multi].flatMap { c in
      (1...2).map { seed in
        (cell, SyntheticRuns.Network(task: .parity, curriculum: c, seed: UInt64(seed), lastLevel: c == .multi ? 9 : 6))
      }
    }
  }

  static func artifact(_ cell: GatedCell, _ n: SyntheticRuns.Network, level: Int) -> Artifact {
    let reached = level < n.lastLevel || n.lastReached
    var cfg = SyntheticRuns.config(n)
    cfg.cell = cell
    var state = GatedTrainingState.fresh(cfg)
    state.level = level
    state.levelReached = reached
    state.history = SyntheticRuns.history(n, upTo: level, lastReached: reached)
    state.totalEpochs = state.history.count
    state.epochInLevel = state.history.last?.epochInLevel ?? 0
    return Checkpoint.artifact(state, config: cfg)
  }

  /// Every level's artifact, named like the pipeline's train-gated stages.
  static var inputs: [FigureInput] {
    networks.flatMap { cell, n in
      n.curriculum.levels(upTo: n.lastLevel).map { level in
        FigureInput(
          stage: "train-gated/\(cell)/\(n.curriculum)/seed\(n.seed)/N\(level)", role: nil,
          artifact: artifact(cell, n, level: level))
      }
    }
  }
}
