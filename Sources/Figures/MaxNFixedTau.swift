import Foundation
import Layouts

/// `max-n-fixed-tau` (SPEC §6 "Largest N reached", §7): the largest N each network reached,
/// trained τ vs each fixed τ given (the paper: 1, 2, 3), single- vs multi-head, per task.
///
/// A network's largest N is the highest level it passed; one that stopped at an unreached level
/// counts the level before. A network that passed every level given sits at that highest level:
/// a ceiling of the profile, not of the network. Dots per network (spread sideways by seed),
/// a bar at the mean. p-values: within each curriculum, trained τ vs each fixed τ (the paper's
/// comparison), two-sided exact Mann–Whitney test (as the claims). Only the tasks trained with a fixed τ get a panel
/// (every task when none is). The y axis spans the data (from one below the smallest N reached).
///
/// Tables: `<task>-points`, `<task>-means`, `<task>-pvalues` (one row per fixed τ and curriculum,
/// at the curriculum's position), `<task>-categories` (the x axis labels). Variables: `tasks`,
/// `ncategories_<task>`, `xtics_<task>`, `ceiling`, `ymin`, `ymax`.
public enum MaxNFixedTau {
  public static let builder = FigureBuilder(
    name: "max-n-fixed-tau", summary: "largest N reached: trained τ vs fixed τ within each curriculum", version: 2,
    build: build)

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

    // The tasks with a fixed-τ network: the comparison is drawn only where it was trained.
    let isFixed = { (n: TrainedNetwork) -> Bool in !n.config.tau.isTrained }
    var tasks = TaskKind.allCases.filter { t in networks.contains { $0.config.task == t && isFixed($0) } }
    if tasks.isEmpty { tasks = TaskKind.allCases.filter { t in networks.contains { $0.config.task == t } } }
    let dropped = TaskKind.allCases.filter { t in !tasks.contains(t) && networks.contains { $0.config.task == t } }
    if !dropped.isEmpty {
      data.notes.append(
        "no panel for \(dropped.map(\.rawValue).joined(separator: ", ")): no network of it was trained with a fixed τ")
    }
    data.set("tasks", tasks.map(\.rawValue).joined(separator: " "))
    let drawn = networks.filter { tasks.contains($0.config.task) }
    for net in drawn { data.scale.add(net) }
    let lowest = Double(drawn.map(\.largestReached).min() ?? 2)
    data.set("ymin", max(0, lowest - 1))
    data.set("ymax", Double(ceiling) + max(1.6, Double(ceiling) * 0.12))

    for task in tasks {
      let ofTask = networks.filter { $0.config.task == task }
      let modes = modes(ofTask)
      data.set("ncategories_\(task.rawValue)", Double(modes.count))
      data.set(
        "xtics_\(task.rawValue)",
        "(" + modes.enumerated().map { "'\(modeLabel($0.element))' \($0.offset)" }.joined(separator: ", ") + ")")
      var points = Table(
        name: "\(task.rawValue)-points", title: "largest N reached by each \(task.rawValue) network",
        columns: [
          .init("x", "position: τ mode + curriculum offset + spread by seed"),
          .init("largest_n", "largest level passed"),
          .init("curriculum", "single or multi"), .init("tau", "τ mode"), .init("seed", "network seed"),
          .init("ceiling", "1 if the network passed every level given (the profile's ceiling)"),
        ])
      points.notes = [
        "ceiling: levels were given up to N = \(ceiling); a network that passed them all shows that value"
      ]
      points.sources = ofTask.flatMap(\.sources)
      var means = Table(
        name: "\(task.rawValue)-means", title: "largest N reached per τ mode and curriculum, \(task.rawValue)",
        columns: [
          .init("x", "position"), .init("mean", "mean over networks"), .init("std", "std across networks (ddof 0)"),
          .init("networks", "networks"), .init("curriculum", "single or multi"), .init("tau", "τ mode"),
        ])
      means.sources = points.sources
      var categories = Table(
        name: "\(task.rawValue)-categories", title: "the τ modes along the x axis",
        columns: [.init("x", "position of the τ mode"), .init("tau", "τ mode")])
      var pvalues = Table(
        name: "\(task.rawValue)-pvalues",
        title:
          "trained τ vs this fixed τ within one curriculum, \(task.rawValue): two-sided exact Mann–Whitney test (scipy.stats.mannwhitneyu, exact)",
        columns: [
          .init("x", "position of the curriculum at the fixed τ"), .init("y", "height for the label (above every dot)"),
          .init("label", "p as printed (n/a: the test is undefined, e.g. no spread)"),
          .init("p", "two-sided p (NaN: too few networks)"),
          .init("curriculum", "single or multi"), .init("trained_mean", "mean largest N with trained τ"),
          .init("fixed_mean", "mean largest N with this fixed τ"), .init("tau", "the fixed τ"),
        ])
      pvalues.sources = points.sources
      var values: [TauMode: [CurriculumGroup: [Double]]] = [:]
      for (i, mode) in modes.enumerated() {
        categories.append([.number(Double(i)), .text(modeLabel(mode))])
        for group in CurriculumGroup.allCases {
          let nets = ofTask.filter { $0.config.tau == mode && $0.curriculumGroup == group }
            .sorted { $0.config.seed < $1.config.seed }
          let x0 = Double(i) + offset[group]!
          for (k, net) in nets.enumerated() {
            let spread = nets.count > 1 ? (Double(k) / Double(nets.count - 1) - 0.5) * 0.16 : 0
            let n = net.largestReached
            points.append([
              .number(x0 + spread), .number(Double(n)), .text(group.rawValue), .text(modeLabel(mode)),
              .number(Double(net.config.seed)), .number(n >= ceiling ? 1 : 0),
            ])
          }
          let v = nets.map { Double($0.largestReached) }
          values[mode, default: [:]][group] = v
          if !v.isEmpty {
            let s = meanAndStd(v)
            means.append([
              .number(x0), .number(s.mean), .number(s.std), .number(Double(v.count)), .text(group.rawValue),
              .text(modeLabel(mode)),
            ])
          }
        }
      }
      for (i, mode) in modes.enumerated() where !mode.isTrained {
        for group in CurriculumGroup.allCases {
          let trained = values[.trained]?[group] ?? [], fixed = values[mode]?[group] ?? []
          guard !trained.isEmpty, !fixed.isEmpty else { continue }
          let p = networkGroupsP(trained, fixed)
          pvalues.append([
            .number(Double(i) + offset[group]!), .number(Double(ceiling) + 0.8), .text(formatP(p)), .number(p),
            .text(group.rawValue),
            .number(meanAndStd(trained).mean), .number(meanAndStd(fixed).mean), .text(modeLabel(mode)),
          ])
        }
      }
      data.tables += [points, means, categories, pvalues]
    }
    return data
  }
}
