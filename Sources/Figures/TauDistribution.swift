import Foundation
import Layouts

/// `tau-distribution`: where the trained τ of single neurons lie, single- vs multi-head, parity and
/// DMS. The paper's effect lives in the slow tail: a few single-head neurons grow long τ while the
/// bulk, and so the mean, barely moves.
///
/// Left: quantiles of τ pooled over every neuron of every network that reached the level, at up to
/// four levels spread over those both curricula reached. Right: per network and level, the mean τ of
/// its slowest ⌈4 % · H⌉ neurons (the paper's ablation takes the 20 slowest of 500), then mean over
/// networks and std across them per N. Quantiles as `numpy.quantile` (linear interpolation).
///
/// Tables: `<task>-quantiles`, `<task>-<curriculum>-tail` (`LevelCurve`). Variables: `has_<task>`,
/// `has_<task>_<curriculum>`, `nmin_<task>`, `nmax_<task>`, `nlevels_<task>`, `xtics_<task>`, `tail_label`.
public enum TauDistribution {
  public static let builder = FigureBuilder(
    name: "tau-distribution",
    summary: "distribution of trained τ at a few levels; mean τ of the slowest 4 % of neurons vs N",
    version: 1, build: build)

  /// The share of neurons counted as the slow tail.
  static let tailFraction = 0.04
  static let quantiles = [0.05, 0.25, 0.5, 0.75, 0.95]

  /// Neurons in the slow tail of a network of `h` neurons: ⌈4 % · H⌉, at least 1.
  static func tailCount(_ h: Int) -> Int { max(1, Int((tailFraction * Double(h)).rounded(.up))) }

  /// The q-quantile of ascending `sorted` values with linear interpolation (`numpy.quantile`'s default).
  public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = q * Double(sorted.count - 1)
    let lo = Int(position.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (position - Double(lo)) * (sorted[hi] - sorted[lo])
  }

  /// Up to `count` levels of `levels` (ascending), evenly spread, first and last included.
  static func spread(_ levels: [Int], count: Int = 4) -> [Int] {
    guard levels.count > count else { return levels }
    var picked: [Int] = []
    for i in 0..<count {
      let l = levels[Int((Double(i) * Double(levels.count - 1) / Double(count - 1)).rounded())]
      if !picked.contains(l) { picked.append(l) }
    }
    return picked
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let all = try TrainedNetworks.read(inputs, figure: "tau-distribution")
    let networks = all.filter { $0.config.cell == nil && $0.config.tau.isTrained && $0.curriculumGroup != nil }
    var data = FigureData()
    if networks.count < all.count {
      data.notes.append(
        "left out \(all.count - networks.count) network(s) with fixed τ, a gated cell or another curriculum than single/multi"
      )
    }
    let sizes = Set(networks.map(\.config.neurons))
    if sizes.count == 1, let h = sizes.first {
      data.set("tail_label", "slowest \(formatNumber(tailFraction * 100)) % (\(tailCount(h)) of \(h) neurons)")
    } else {
      data.set("tail_label", "slowest \(formatNumber(tailFraction * 100)) % of the neurons")
    }
    let metrics: [Table.Column] = [
      .init("tail_mean", "mean τ of the network's slowest ⌈4 % · H⌉ neurons"),
      .init("tau_mean", "mean τ over all the network's neurons"),
    ]
    for task in TaskKind.allCases {
      let ofTask = networks.filter { $0.config.task == task }
      var reachedLevels: [CurriculumGroup: Set<Int>] = [:]
      var allLevels: [Int] = []
      for group in CurriculumGroup.allCases {
        let nets = ofTask.filter { $0.curriculumGroup == group }
        var curve = LevelCurve(metrics: metrics)
        curve.networks = nets.count
        for net in nets {
          for (level, c) in net.checkpoints.sorted(by: { $0.key < $1.key }) where c.reached && !c.tau.isEmpty {
            let sorted = c.tau.sorted(by: >)
            let tail = sorted.prefix(tailCount(c.tau.count))
            curve.add(level: level, values: [tail.reduce(0, +) / Double(tail.count), meanAndStd(c.tau).mean])
            reachedLevels[group, default: []].insert(level)
            data.scale.add(
              condition: "\(task.rawValue)-\(group.rawValue)", seed: net.config.seed, neurons: net.config.neurons,
              level: level)
          }
        }
        allLevels += curve.levels
        data.set("has_\(task.rawValue)_\(group.rawValue)", !curve.isEmpty)
        var t = curve.table(
          name: "\(task.rawValue)-\(group.rawValue)-tail",
          title: "slow tail of trained τ across \(group.rawValue)-head \(task.rawValue) networks, per level reached")
        t.sources = nets.flatMap(\.sources)
        data.tables.append(t)
      }
      data.set("has_\(task.rawValue)", !allLevels.isEmpty)
      data.set("nmin_\(task.rawValue)", Double(allLevels.min() ?? 2))
      data.set("nmax_\(task.rawValue)", Double(max(allLevels.max() ?? 3, (allLevels.min() ?? 2) + 1)))

      // The levels of the left panel: spread over those both curricula reached (else over any reached).
      let both = (reachedLevels[.single] ?? []).intersection(reachedLevels[.multi] ?? [])
      let shown = spread((both.isEmpty ? Set(allLevels) : both).sorted())
      data.set("nlevels_\(task.rawValue)", Double(max(shown.count, 1)))
      data.set(
        "xtics_\(task.rawValue)",
        "(" + shown.enumerated().map { "'\($0.element)' \($0.offset)" }.joined(separator: ", ") + ")")
      var q = Table(
        name: "\(task.rawValue)-quantiles",
        title:
          "trained τ pooled over every neuron of the \(task.rawValue) networks that reached the level: quantiles (numpy.quantile, linear)",
        columns: [
          .init("x", "position: the level's index + curriculum offset"), .init("curriculum", "single or multi"),
          .init("n", "curriculum level N"),
        ]
          + quantiles.map { .init("q\(Int(($0 * 100).rounded()))", "\(formatNumber($0 * 100)) % quantile of τ") }
          + [.init("max", "largest τ"), .init("networks", "networks pooled"), .init("neurons", "neurons pooled")])
      q.sources = ofTask.flatMap(\.sources)
      for (i, level) in shown.enumerated() {
        for group in CurriculumGroup.allCases {
          let nets = ofTask.filter { $0.curriculumGroup == group }.compactMap { $0.checkpoints[level] }.filter {
            $0.reached && !$0.tau.isEmpty
          }
          guard !nets.isEmpty else { continue }
          let pooled = nets.flatMap(\.tau).sorted()
          q.append(
            [.number(Double(i) + (group == .single ? -0.18 : 0.18)), .text(group.rawValue), .number(Double(level))]
              + quantiles.map { .number(quantile(pooled, $0)) }
              + [.number(pooled.last!), .number(Double(nets.count)), .number(Double(pooled.count))])
        }
      }
      data.tables.append(q)
    }
    return data
  }
}
