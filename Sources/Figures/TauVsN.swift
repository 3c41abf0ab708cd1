import Foundation
import Layouts

/// `tau-vs-n` (SPEC §6 "Trained τ vs N", §7): mean and spread of the trained τ against the
/// curriculum level N, single- vs multi-head, parity and DMS.
///
/// Per network and level: mean and std (over neurons, ddof 0) of the raw τ of that level's
/// checkpoint. Per curriculum and N: the mean over networks of those (the line) and their std
/// across networks (the band). A level not reached is a gap. Networks with fixed τ and other
/// curricula are left out. p-values: two-sided exact Mann–Whitney tests, single vs multi, per N.
///
/// Tables: `networks` (one row per network and level), `<task>-<curriculum>` (per N, for the
/// lines), `<task>-pvalues` (per N). Variables: `has_<task>` (1 if some network reached some level), `nmin_<task>`,
/// `nmax_<task>` (the levels given).
public enum TauVsN {
  public static let builder = FigureBuilder(
    name: "tau-vs-n", summary: "mean and std of trained τ vs N; single vs multi-head; parity and DMS", version: 2,
    build: build)

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let all = try TrainedNetworks.read(inputs, figure: "tau-vs-n")
    let networks = all.filter { $0.config.tau.isTrained && $0.curriculumGroup != nil }
    var data = FigureData()
    for net in networks { data.scale.add(net) }
    if networks.count < all.count {
      data.notes.append(
        "left out \(all.count - networks.count) network(s) with fixed τ or another curriculum than single/multi")
    }
    var perNetwork = Table(
      name: "networks", title: "trained τ of each network at each level given",
      columns: [
        .init("task", "parity or dms"), .init("curriculum", "single or multi"), .init("seed", "network seed"),
        .init("n", "curriculum level N"),
        .init("reached", "1 if the level passed within its epoch budget, else 0 (then τ is NaN)"),
        .init("tau_mean", "mean of raw τ over neurons"), .init("tau_std", "std of raw τ over neurons (ddof 0)"),
        .init("neurons", "H"),
      ])
    perNetwork.sources = networks.flatMap(\.sources)

    for task in TaskKind.allCases {
      let ofTask = networks.filter { $0.config.task == task }
      // A panel needs one reached level to draw (none at all: "no data").
      data.set("has_\(task.rawValue)", ofTask.contains { $0.checkpoints.values.contains(where: \.reached) })
      // Per curriculum: N → per-network (mean τ, std τ) of the networks that reached N.
      var stats: [CurriculumGroup: [Int: [(mean: Double, std: Double)]]] = [:]
      for net in ofTask {
        let group = net.curriculumGroup!
        for level in net.checkpoints.keys.sorted() {
          let c = net.checkpoints[level]!
          let s = c.reached ? meanAndStd(c.tau) : (mean: Double.nan, std: Double.nan)
          perNetwork.append([
            .text(task.rawValue), .text(group.rawValue), .number(Double(net.config.seed)), .number(Double(level)),
            .number(c.reached ? 1 : 0), .number(s.mean), .number(s.std), .number(Double(net.config.neurons)),
          ])
          if c.reached { stats[group, default: [:]][level, default: []].append(s) }
        }
        let missing = net.checkpoints.filter { !$0.value.reached }.keys.sorted()
        if let first = missing.first {
          data.notes.append(
            "\(net.label): level\(missing.count > 1 ? "s" : "") \(first)\(missing.count > 1 ? "–\(missing.last!)" : "") not reached (gaps)"
          )
        }
      }
      let levels = ofTask.flatMap { $0.checkpoints.keys }
      let grid = levels.isEmpty ? [] : Array(levels.min()!...levels.max()!)
      // The x range (one level alone gets a neighbour on each side: gnuplot refuses an empty range).
      data.set("nmin_\(task.rawValue)", Double((grid.first ?? 2) - (grid.count == 1 ? 1 : 0)))
      data.set("nmax_\(task.rawValue)", Double((grid.last ?? 3) + (grid.count == 1 ? 1 : 0)))

      for group in CurriculumGroup.allCases {
        var t = Table(
          name: "\(task.rawValue)-\(group.rawValue)",
          title:
            "trained τ across \(group.rawValue)-head \(task.rawValue) networks, per level (NaN: no network reached it)",
          columns: [
            .init("n", "curriculum level N"),
            .init("mean_of_mean", "mean over networks of the per-network mean τ"),
            .init("std_of_mean", "std across networks of the per-network mean τ (ddof 0)"),
            .init("mean_of_std", "mean over networks of the per-network std of τ"),
            .init("std_of_std", "std across networks of the per-network std of τ (ddof 0)"),
            .init("networks", "networks that reached this level"),
            .init("label", "\"n = k\" where only k of the group's networks reached this level, else -"),
          ])
        t.sources = ofTask.filter { $0.curriculumGroup == group }.flatMap(\.sources)
        for n in grid {
          let s = stats[group]?[n] ?? []
          let m = meanAndStd(s.map(\.mean)), d = meanAndStd(s.map(\.std))
          let total = ofTask.filter { $0.curriculumGroup == group }.count
          t.append([
            .number(Double(n)), .number(m.mean), .number(m.std), .number(d.mean), .number(d.std),
            .number(Double(s.count)),
            .text(s.isEmpty ? "-" : networksLabel(s.count, of: total)),
          ])
        }
        data.tables.append(t)
      }

      var p = Table(
        name: "\(task.rawValue)-pvalues",
        title:
          "single- vs multi-head \(task.rawValue) networks per level: two-sided exact Mann–Whitney tests (scipy.stats.mannwhitneyu, exact)",
        columns: [
          .init("n", "curriculum level N"),
          .init("p_mean", "p for the per-network mean τ (NaN: too few networks)"),
          .init("p_std", "p for the per-network std of τ"),
          .init("single", "single-head networks that reached N"),
          .init("multi", "multi-head networks that reached N"),
          .init("mark_mean", "* where p_mean < 0.05"),
          .init("mark_std", "* where p_std < 0.05"),
        ])
      p.sources = ofTask.flatMap(\.sources)
      for n in grid {
        let a = stats[.single]?[n] ?? [], b = stats[.multi]?[n] ?? []
        let pm = networkGroupsP(a.map(\.mean), b.map(\.mean)), ps = networkGroupsP(a.map(\.std), b.map(\.std))
        p.append([
          .number(Double(n)), .number(pm), .number(ps), .number(Double(a.count)), .number(Double(b.count)),
          .text(pm < 0.05 ? "*" : "-"), .text(ps < 0.05 ? "*" : "-"),
        ])
      }
      data.tables.append(p)
    }
    data.tables.insert(perNetwork, at: 0)
    return data
  }
}
