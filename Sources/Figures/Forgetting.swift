import Artifacts
import Foundation
import Layouts

/// `forgetting` (SPEC §6 "Catastrophic forgetting", §7): after training to N_max, how well a
/// network still answers the smaller N′ it was trained on earlier. A single-head network answers
/// every N′ with its one head; a multi-head network keeps a head per N′ (head k on N′ = k + 2).
///
/// Per network (a `forgetting` artifact): the training-protocol accuracy at each N′ tested. One
/// thin line per network, a thick line for the mean over the networks of each curriculum, the
/// chance level 0.5. A network whose level N_max was not reached is missing data: no line (noted).
/// p-values: single vs multi per N′, two-sided exact Mann–Whitney test across networks
/// (`scipy.stats.mannwhitneyu`, exact).
///
/// Panels: one per task given (parity if none). Tables: `<task>-single`, `<task>-multi` (N′,
/// accuracy, seed, head, N_max; a blank line between networks), `<task>-means` (per N′: means,
/// stds, counts, p). Variables: `tasks` (panel ids), `npanels`, `has_<task>`, `title_<task>`,
/// `has_<task>_<curriculum>`, `nmin_<task>`/`nmax_<task>`, `np_<task>` (N′ with a p), `acc_lo`/`acc_hi`.
public enum Forgetting {
  public static let builder = FigureBuilder(
    name: "forgetting",
    summary: "accuracy on earlier N′ after training to N_max: single-head (its one head) vs multi-head (each head)",
    version: 2, build: build)

  /// One tested network: accuracy (and head) per N′.
  struct Network {
    var source: AnalysisInput
    var accuracy: [Int: Double] = [:]
    var head: [Int: Int] = [:]
  }

  /// One entry per forgetting artifact of a single- or multi-head network (no accuracy when its
  /// level was not reached); `notes` gets what was left out.
  static func networks(_ inputs: [FigureInput], figure: String, notes: inout [String]) throws -> [Network] {
    var networks: [Network] = []
    var seen: [String: String] = [:]
    var leftOut = 0
    for input in inputs {
      let (s, a) = try AnalysisInput.read(input, kind: "forgetting", figure: figure)
      if let other = seen[s.networkID] {
        throw FigureError(
          "figure \(figure): inputs \(other) and \(input.stage) test the same network (config)",
          hint: "give the figure one forgetting stage per network (at its N_max)")
      }
      seen[s.networkID] = input.stage
      guard s.curriculumGroup != nil else { leftOut += 1; continue }
      var net = Network(source: s)
      if s.reached {
        let layout = try s.layout { try ForgettingLayout(a) }
        for (pair, acc) in zip(layout.pairs, layout.accuracy) {
          net.accuracy[pair.n] = acc; net.head[pair.n] = pair.head
        }
      } else {
        notes.append("\(s.label): level \(s.level) not reached, not tested (left out)")
      }
      networks.append(net)
    }
    if leftOut > 0 { notes.append("left out \(leftOut) input(s) of another curriculum than single/multi") }
    return networks.sorted {
      ($0.source.config.seed, $0.source.networkID) < ($1.source.config.seed, $1.source.networkID)
    }
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    var data = FigureData()
    let networks = try Self.networks(inputs, figure: "forgetting", notes: &data.notes)
    for net in networks { data.scale.add(net.source) }

    var tasks = TaskKind.allCases.filter { t in networks.contains { $0.source.config.task == t } }
    if tasks.isEmpty { tasks = [.parity] }
    var accValues: [Double] = []
    for task in tasks {
      let id = task.rawValue
      let given = networks.filter { $0.source.config.task == task }
      let drawn = given.filter { !$0.accuracy.isEmpty }
      data.set("has_\(id)", !drawn.isEmpty)
      let levels = Set(given.map(\.source.level)).sorted()
      let levelText =
        levels.isEmpty ? "" : ", after training to N_{max} = \(levels.map(String.init).joined(separator: ", "))"
      data.set("title_\(id)", "\(task == .parity ? "N-parity" : "N-DMS")\(levelText)")
      let nPrimes = Set(drawn.flatMap(\.accuracy.keys)).sorted()
      data.set("nmin_\(id)", Double((nPrimes.first ?? 2) - (nPrimes.count <= 1 ? 1 : 0)))
      data.set("nmax_\(id)", Double((nPrimes.last ?? 3) + (nPrimes.count <= 1 ? 1 : 0)))

      for c in CurriculumGroup.allCases {
        data.set("has_\(id)_\(c.rawValue)", drawn.contains { $0.source.curriculumGroup == c })
        var t = Table(
          name: "\(id)-\(c.rawValue)",
          title:
            "accuracy on each earlier N′ after training to N_max, \(c.rawValue)-head \(task.rawValue) networks (\(c == .single ? "the one head" : "head k on N′ = k + 2"); blank line between networks)",
          columns: [
            .init("n_prime", "N′ tested"), .init("accuracy", "training-protocol accuracy"),
            .init("seed", "network seed"), .init("head", "head used"),
            .init("n_max", "level the network was trained to"),
          ])
        t.sources = given.filter { $0.source.curriculumGroup == c }.map(\.source.source)
        for net in drawn where net.source.curriculumGroup == c {
          if !t.rows.isEmpty { t.appendBreak() }
          for n in net.accuracy.keys.sorted() {
            t.append([
              .number(Double(n)), .number(net.accuracy[n]!), .number(Double(net.source.config.seed)),
              .number(Double(net.head[n]!)), .number(Double(net.source.level)),
            ])
            accValues.append(net.accuracy[n]!)
          }
        }
        data.tables.append(t)
      }

      var m = Table(
        name: "\(id)-means",
        title:
          "per N′, \(task.rawValue): mean accuracy over networks and single- vs multi-head two-sided exact Mann–Whitney test across networks (scipy.stats.mannwhitneyu, exact)",
        columns: [
          .init("n_prime", "N′"),
          .init("single", "mean accuracy, single-head networks"), .init("single_sd", "std across them (ddof 0)"),
          .init("single_networks", "single-head networks tested on N′"),
          .init("multi", "mean accuracy, multi-head networks"), .init("multi_sd", "std (ddof 0)"),
          .init("multi_networks", "multi-head networks tested on N′"),
          .init("p", "two-sided p (NaN: too few networks or no spread)"), .init("mark", "* where p < 0.05"),
          .init("p_text", "p as printed"),
        ])
      m.sources = given.map(\.source.source)
      var finite = 0
      for n in nPrimes {
        func values(_ c: CurriculumGroup) -> [Double] {
          drawn.filter { $0.source.curriculumGroup == c }.compactMap { $0.accuracy[n] }.filter(\.isFinite)
        }
        let a = values(.single), b = values(.multi)
        let sa = meanAndStd(a), sb = meanAndStd(b), p = networkGroupsP(a, b)
        if p.isFinite { finite += 1 }
        m.append([
          .number(Double(n)), .number(sa.mean), .number(sa.std), .number(Double(a.count)),
          .number(sb.mean), .number(sb.std), .number(Double(b.count)), .number(p), .text(p < 0.05 ? "*" : "-"),
          .text(Perturbation.shortP(p)),
        ])
      }
      data.tables.append(m)
      data.set("np_\(id)", Double(finite))
    }
    data.set("tasks", tasks.map(\.rawValue).joined(separator: " "))
    data.set("npanels", Double(tasks.count))
    let acc = axisRange(accValues, include: [0.45, 1], headroom: 0.1)
    data.set("acc_lo", acc.lo); data.set("acc_hi", acc.hi)
    return data
  }
}
