import Foundation
import Layouts

/// `training-speed` (SPEC §6 "Training speed", §7): the largest N reached against the epoch,
/// one line per network, single- vs multi-head, parity and DMS; and, when no-curriculum runs
/// (curriculum `none-N`) are given, their accuracy against the epoch for each N.
///
/// "Reached by the end of epoch e" = the highest level whose last epoch is ≤ e and that passed
/// (the run moved on from it, or it is the latest checkpoint and that checkpoint reached it).
/// Each network's history comes from its highest-level checkpoint. Fixed-τ networks and other
/// curricula are left out of the curves. p-values: epochs needed to reach N, single vs multi
/// (two-sided exact Mann–Whitney test), for every N both reached.
///
/// Tables: `<task>-<curriculum>` (epoch, reached N; a blank line between networks),
/// `none-<task>-N<n>` (epoch, accuracy; a blank line between networks), `epochs-to-reach`.
/// Variables: `has_<task>`, `nmax_<task>` (largest N reached or trained), `ceiling_<task>` (highest level trained), `has_none` (any no-curriculum run), `has_none_<task>`,
/// `none_ns_<task>` (the N values, space-separated), `label_<task>` (a p-value line).
public enum TrainingSpeed {
  public static let builder = FigureBuilder(
    name: "training-speed", summary: "N_max reached vs epoch, single vs multi-head; no-curriculum accuracy vs epoch",
    version: 2, build: build)

  /// (epoch, largest N reached by the end of that epoch), from epoch 0 (nothing reached yet).
  static func reachedCurve(_ net: TrainedNetwork) -> [(epoch: Int, reached: Int)] {
    let h = net.history, latest = net.latest
    var reached = net.config.curriculum.firstLevel - 1
    var out = [(epoch: 0, reached: reached)]
    for (e, r) in h.enumerated() {
      let movedOn = e + 1 < h.count && h[e + 1].level > r.level
      let passedLast = e + 1 == h.count && latest.reached && latest.level == r.level
      if movedOn || passedLast { reached = max(reached, r.level) }
      out.append((r.epoch, reached))
    }
    return out
  }

  /// The first epoch by whose end `n` was reached, or nil.
  static func epochsToReach(_ n: Int, _ curve: [(epoch: Int, reached: Int)]) -> Int? {
    curve.first { $0.reached >= n }?.epoch
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let all = try TrainedNetworks.read(inputs, figure: "training-speed")
    let trained = all.filter { $0.config.tau.isTrained }
    let curricula = trained.filter { $0.curriculumGroup != nil }
    let none = trained.filter { if case .none = $0.config.curriculum { true } else { false } }
    var data = FigureData()
    for net in curricula + none { data.scale.add(net) }
    let left = all.count - curricula.count - none.count
    if left > 0 { data.notes.append("left out \(left) network(s) with fixed τ or a sliding-window curriculum") }
    data.set("has_none", !none.isEmpty)

    var reach = Table(
      name: "epochs-to-reach",
      title:
        "epochs needed to reach N, single- vs multi-head, with two-sided exact Mann–Whitney tests (scipy.stats.mannwhitneyu, exact)",
      columns: [
        .init("task", "parity or dms"), .init("n", "curriculum level N"),
        .init("single_mean", "mean epochs of the single-head networks that reached N"),
        .init("single_std", "their std (ddof 0)"), .init("single", "single-head networks that reached N"),
        .init("multi_mean", "mean epochs of the multi-head networks that reached N"),
        .init("multi_std", "their std (ddof 0)"), .init("multi", "multi-head networks that reached N"),
        .init("p", "two-sided p (NaN: too few networks)"),
      ])
    reach.sources = curricula.flatMap(\.sources)

    for task in TaskKind.allCases {
      let ofTask = curricula.filter { $0.config.task == task }
      data.set("has_\(task.rawValue)", !ofTask.isEmpty)
      var curves: [CurriculumGroup: [[(epoch: Int, reached: Int)]]] = [:]
      for group in CurriculumGroup.allCases {
        var t = Table(
          name: "\(task.rawValue)-\(group.rawValue)",
          title:
            "largest N reached by the end of each epoch, \(group.rawValue)-head \(task.rawValue) networks (blank line between networks)",
          columns: [
            .init("epoch", "epochs trained (0: before training)"),
            .init("n_reached", "largest level passed so far (first level − 1 before any)"),
            .init("seed", "network seed"),
          ])
        let nets = ofTask.filter { $0.curriculumGroup == group }
        t.sources = nets.flatMap(\.sources)
        for net in nets {
          let curve = reachedCurve(net)
          curves[group, default: []].append(curve)
          if !t.rows.isEmpty { t.appendBreak() }
          for p in curve {
            t.append([.number(Double(p.epoch)), .number(Double(p.reached)), .number(Double(net.config.seed))])
          }
        }
        data.tables.append(t)
      }
      // Epochs to reach each N that networks of both curricula reached.
      let top = ofTask.map(\.largestReached).max() ?? 0
      // The highest level trained: a network there passed every level it was given (a ceiling of the profile).
      let ceiling = ofTask.flatMap { $0.checkpoints.keys }.max() ?? 2
      data.set("nmax_\(task.rawValue)", Double(max(top, ceiling, 2)))
      data.set("ceiling_\(task.rawValue)", Double(ceiling))
      var label = ""
      for n in stride(from: 2, through: top, by: 1) {
        let a = (curves[.single] ?? []).compactMap { epochsToReach(n, $0) }.map(Double.init)
        let b = (curves[.multi] ?? []).compactMap { epochsToReach(n, $0) }.map(Double.init)
        guard !a.isEmpty || !b.isEmpty else { continue }
        let sa = meanAndStd(a), sb = meanAndStd(b), p = networkGroupsP(a, b)
        reach.append([
          .text(task.rawValue), .number(Double(n)), .number(sa.mean), .number(sa.std), .number(Double(a.count)),
          .number(sb.mean), .number(sb.std), .number(Double(b.count)), .number(p),
        ])
        // The label cites the largest N that every network of both curricula reached.
        if a.count == (curves[.single] ?? []).count, b.count == (curves[.multi] ?? []).count, !a.isEmpty, !b.isEmpty {
          label =
            String(format: "epochs to reach N = %d: single-head %.0f, multi-head %.0f, ", n, sa.mean, sb.mean)
            + formatP(p)
        }
      }
      data.set("label_\(task.rawValue)", label)

      // No-curriculum runs: accuracy of the one head against the epoch, one table per N.
      let noneOfTask = none.filter { $0.config.task == task }
      var ns: [Int] = []
      for net in noneOfTask { if case .none(let n) = net.config.curriculum, !ns.contains(n) { ns.append(n) } }
      ns.sort()
      data.set("has_none_\(task.rawValue)", !ns.isEmpty)
      data.set("none_ns_\(task.rawValue)", ns.map(String.init).joined(separator: " "))
      for n in ns {
        var t = Table(
          name: "none-\(task.rawValue)-N\(n)",
          title: "test accuracy per epoch, no curriculum, \(task.rawValue) N = \(n) (blank line between networks)",
          columns: [
            .init("epoch", "epochs trained"), .init("accuracy", "test accuracy (fraction correct)"),
            .init("seed", "network seed"),
          ])
        let nets = noneOfTask.filter { $0.config.curriculum == .none(n: n) }
        t.sources = nets.flatMap(\.sources)
        for net in nets {
          if !t.rows.isEmpty { t.appendBreak() }
          for r in net.history {
            t.append([.number(Double(r.epoch)), .number(r.accuracy.first ?? .nan), .number(Double(net.config.seed))])
          }
        }
        data.tables.append(t)
      }
    }
    data.tables.append(reach)
    return data
  }
}
