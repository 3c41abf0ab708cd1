import Foundation
import Layouts

/// `max-n-fixed-tau` (SPEC §6 "Largest N reached", §7): the largest N each network reached,
/// trained τ vs each fixed τ given (the paper: 1, 2, 3), single- vs multi-head, per task.
///
/// A network's largest N is the highest level it passed; one that stopped at an unreached level
/// counts the level before. A network that passed every level given sits at that highest level:
/// a ceiling of the profile, not of the network. Dots per network (spread sideways by seed),
/// a bar at the mean. p-values: single vs multi per τ mode, two-sided equal-variance t-test.
///
/// Tables: `<task>-points`, `<task>-means`, `<task>-pvalues` (one row per τ mode of the task, at
/// x = 0, 1, …; also the x axis labels). Variables: `has_<task>`, `ncategories_<task>`.
public enum MaxNFixedTau {
  public static let builder = FigureBuilder(
    name: "max-n-fixed-tau", summary: "largest N reached: trained τ vs fixed τ, single vs multi-head", version: 1, build: build)

  /// Sideways offset of each curriculum from its τ mode's position.
  static let offset: [CurriculumGroup: Double] = [.single: -0.2, .multi: 0.2]

  /// The τ modes in drawing order: trained, then fixed values ascending.
  static func modes(_ networks: [TrainedNetwork]) -> [TauMode] {
    var fixed = Set<Float>()
    var trained = false
    for n in networks {
      switch n.config.tau {
      case .trained: trained = true
      case .fixed(let v): fixed.insert(v)
      }
    }
    return (trained ? [.trained] : []) + fixed.sorted().map { .fixed($0) }
  }

  static func modeLabel(_ m: TauMode) -> String {
    switch m {
    case .trained: "trained τ"
    case .fixed(let v): "τ = " + formatNumber(Double(v))
    }
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let all = try TrainedNetworks.read(inputs, figure: "max-n-fixed-tau")
    let networks = all.filter { $0.curriculumGroup != nil }
    var data = FigureData()
    if networks.count < all.count {
      data.notes.append("left out \(all.count - networks.count) network(s) of another curriculum than single/multi")
    }
    let ceiling = networks.flatMap { $0.checkpoints.keys }.max() ?? 0
    data.set("ceiling", Double(ceiling))

    for task in TaskKind.allCases {
      let ofTask = networks.filter { $0.config.task == task }
      let modes = modes(ofTask)
      data.set("has_\(task.rawValue)", !ofTask.isEmpty)
      data.set("ncategories_\(task.rawValue)", Double(modes.count))
      var points = Table(name: "\(task.rawValue)-points", title: "largest N reached by each \(task.rawValue) network", columns: [
        .init("x", "position: τ mode + curriculum offset + spread by seed"), .init("largest_n", "largest level passed"),
        .init("curriculum", "single or multi"), .init("tau", "τ mode"), .init("seed", "network seed"),
        .init("ceiling", "1 if the network passed every level given (the profile's ceiling)"),
      ])
      points.notes = ["ceiling: levels were given up to N = \(ceiling); a network that passed them all shows that value"]
      points.sources = ofTask.flatMap(\.sources)
      var means = Table(name: "\(task.rawValue)-means", title: "largest N reached per τ mode and curriculum, \(task.rawValue)", columns: [
        .init("x", "position"), .init("mean", "mean over networks"), .init("std", "std across networks (ddof 0)"),
        .init("networks", "networks"), .init("curriculum", "single or multi"), .init("tau", "τ mode"),
      ])
      means.sources = points.sources
      var pvalues = Table(name: "\(task.rawValue)-pvalues",
                          title: "single- vs multi-head per τ mode, \(task.rawValue): two-sided equal-variance t-test (scipy.stats.ttest_ind)",
                          columns: [
                            .init("x", "position of the τ mode"), .init("y", "height for the label (above every dot)"),
                            .init("label", "p as printed (blank: one curriculum only; n/a: the test is undefined, e.g. no spread)"), .init("p", "two-sided p (NaN: too few networks)"),
                            .init("single_mean", "mean largest N, single-head"), .init("multi_mean", "mean largest N, multi-head"),
                            .init("tau", "τ mode (the x axis label)"),
                          ])
      pvalues.sources = points.sources
      let top = Double(ofTask.map(\.largestReached).max() ?? 0)
      for (i, mode) in modes.enumerated() {
        var values: [CurriculumGroup: [Double]] = [:]
        for group in CurriculumGroup.allCases {
          let nets = ofTask.filter { $0.config.tau == mode && $0.curriculumGroup == group }
            .sorted { $0.config.seed < $1.config.seed }
          let x0 = Double(i) + offset[group]!
          for (k, net) in nets.enumerated() {
            let spread = nets.count > 1 ? (Double(k) / Double(nets.count - 1) - 0.5) * 0.16 : 0
            let n = net.largestReached
            points.append([.number(x0 + spread), .number(Double(n)), .text(group.rawValue), .text(modeLabel(mode)),
                           .number(Double(net.config.seed)), .number(n >= ceiling ? 1 : 0)])
          }
          let v = nets.map { Double($0.largestReached) }
          values[group] = v
          if !v.isEmpty {
            let s = meanAndStd(v)
            means.append([.number(x0), .number(s.mean), .number(s.std), .number(Double(v.count)), .text(group.rawValue), .text(modeLabel(mode))])
          }
        }
        let a = values[.single] ?? [], b = values[.multi] ?? []
        let p = studentP(a, b)
        pvalues.append([.number(Double(i)), .number(top + max(1, top * 0.06)), .text(a.isEmpty || b.isEmpty ? " " : formatP(p)), .number(p),
                        .number(meanAndStd(a).mean), .number(meanAndStd(b).mean), .text(modeLabel(mode))])
      }
      data.tables += [points, means, pvalues]
    }
    return data
  }
}
