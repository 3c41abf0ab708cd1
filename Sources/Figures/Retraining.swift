import Foundation
import Layouts

/// `retraining` (docs/method.md §6 "Retraining", §7): networks trained to level L under either curriculum,
/// retrained single-head on N′ = L, L+1, … for a fixed number of epochs; the last-epoch accuracy
/// against N′, raw and relative to N′ = L.
///
/// Per network (config and L): relative accuracy (acc(N′) − 0.5)/(acc(L) − 0.5), NaN if acc(L)
/// is missing or not above chance. One thin line per network, a thick line for the mean over the
/// networks of each curriculum (at N′ where at least one has a value). A source level L the
/// network did not reach is missing data: that network has no line (noted).
///
/// p-values: single vs multi per N′, two-sided exact Mann–Whitney test across networks
/// (`scipy.stats.mannwhitneyu`, exact), for the raw and the relative accuracy (at N′ = L the relative
/// accuracy is 1 for every network: no test).
///
/// Panels: one per (task, L), id `<task>_L<L>`. Tables: `<id>-single`, `<id>-multi` (per network:
/// N′, accuracy, relative; a blank line between networks), `<id>-means` (per N′: means, stds and p).
/// Variables: `panels`, `npanels`, `has_<id>`, `title_<id>`, `nmin_<id>`/`nmax_<id>`, `np_<id>_acc`/`np_<id>_rel`
/// (how many N′ have a p),
/// `acc_lo`/`acc_hi`, `rel_lo`/`rel_hi`.
public enum Retraining {
  public static let builder = FigureBuilder(
    name: "retraining",
    summary: "accuracy vs N′ after single-head retraining, relative to N′ = L, per network; single vs multi-head",
    version: 2, build: build)

  /// One retrained network: its accuracy per N′.
  struct Network {
    var first: AnalysisInput
    var level: Int
    var accuracy: [Int: Double] = [:]
    var sources: [Table.Source] = []
    var reached = true
    var label: String { first.label }
    var seed: UInt64 { first.config.seed }
    func relative(_ nPrime: Int) -> Double {
      guard let a = accuracy[nPrime], let base = accuracy[level] else { return .nan }
      return relativeAccuracy(a, baseline: base)
    }
  }

  /// Groups the retraining artifacts by network (config and L), single- and multi-head only;
  /// `notes` gets the inputs left out.
  static func networks(_ inputs: [FigureInput], figure: String, notes: inout [String]) throws -> [Network] {
    var networks: [String: Network] = [:]
    var seen: [String: String] = [:]
    var leftOut = 0
    for input in inputs {
      let (s, a) = try AnalysisInput.read(input, kind: "retraining", figure: figure)
      let nPrime = try s.layout { try RetrainingLayout.nPrime(a) }
      guard s.curriculumGroup != nil else { leftOut += 1; continue }
      let id = "\(s.networkID) L\(s.level)"
      if let other = seen["\(id) N\(nPrime)"] {
        throw FigureError(
          "figure \(figure): inputs \(other) and \(input.stage) retrain the same network (config) from level \(s.level) on the same N′ = \(nPrime)",
          hint: "retraining stages that differ must differ in network, level or N′")
      }
      seen["\(id) N\(nPrime)"] = input.stage
      var net = networks[id] ?? Network(first: s, level: s.level)
      net.sources.append(s.source)
      if s.reached {
        net.accuracy[nPrime] = try s.layout { try RetrainingLayout(a) }.accuracy
      } else {
        net.reached = false
      }
      networks[id] = net
    }
    if leftOut > 0 { notes.append("left out \(leftOut) input(s) of another curriculum than single/multi") }
    return networks.keys.sorted().map { networks[$0]! }
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    var data = FigureData()
    let all = try networks(inputs, figure: "retraining", notes: &data.notes)
    for net in all { data.scale.add(net.first) }
    for net in all where !net.reached {
      data.notes.append("\(net.label): source level \(net.level) not reached, no retraining (left out)")
    }
    for net in all where net.reached && !(net.accuracy[net.level].map { $0 > 0.5 } ?? false) {
      data.notes.append(
        "\(net.label): no accuracy above chance at N′ = L = \(net.level), relative accuracy undefined (NaN)")
    }
    let drawn = all.filter(\.reached)

    var keys: [(task: TaskKind, level: Int)] = []
    for task in TaskKind.allCases {
      for level in Set(all.filter { $0.first.config.task == task }.map(\.level)).sorted() { keys.append((task, level)) }
    }
    var ids: [String] = []
    var accValues: [Double] = [], relValues: [Double] = []
    for (task, level) in keys {
      let id = "\(task.rawValue)_L\(level)"
      ids.append(id)
      let here = drawn.filter { $0.first.config.task == task && $0.level == level }
      let given = all.filter { $0.first.config.task == task && $0.level == level }
      data.set("has_\(id)", here.contains { !$0.accuracy.isEmpty })
      data.set("title_\(id)", "\(task == .parity ? "N-parity" : "N-DMS"), trained to L = \(level)")
      let nPrimes = Set(here.flatMap(\.accuracy.keys) + [level]).sorted()
      data.set("nmin_\(id)", Double(nPrimes.first! - (nPrimes.count == 1 ? 1 : 0)))
      data.set("nmax_\(id)", Double(nPrimes.last! + (nPrimes.count == 1 ? 1 : 0)))

      var groups: [CurriculumGroup: [Network]] = [:]
      for c in CurriculumGroup.allCases {
        let nets = here.filter { $0.first.curriculumGroup == c }.sorted { $0.seed < $1.seed }
        groups[c] = nets
        var t = Table(
          name: "\(id)-\(c.rawValue)",
          title:
            "last-epoch accuracy after retraining on N′, \(c.rawValue)-head \(task.rawValue) networks trained to L = \(level) (blank line between networks)",
          columns: [
            .init("n_prime", "N′ retrained"), .init("accuracy", "test accuracy after the last retraining epoch"),
            .init("relative", "(accuracy − 0.5)/(accuracy at N′ = L − 0.5)"), .init("seed", "network seed"),
          ])
        t.sources = given.filter { $0.first.curriculumGroup == c }.flatMap(\.sources)
        for net in nets {
          if !t.rows.isEmpty { t.appendBreak() }
          for n in net.accuracy.keys.sorted() {
            t.append([
              .number(Double(n)), .number(net.accuracy[n]!), .number(net.relative(n)), .number(Double(net.seed)),
            ])
            accValues.append(net.accuracy[n]!)
            relValues.append(net.relative(n))
          }
        }
        data.tables.append(t)
      }

      var m = Table(
        name: "\(id)-means",
        title:
          "per N′, \(task.rawValue) from L = \(level): means over networks, and single- vs multi-head two-sided exact Mann–Whitney tests across networks (scipy.stats.mannwhitneyu, exact)",
        columns: [
          .init("n_prime", "N′"),
          .init("single_acc", "mean accuracy, single-head networks"),
          .init("single_acc_std", "std across them (ddof 0)"),
          .init("single_rel", "mean relative accuracy, single-head"), .init("single_rel_std", "std (ddof 0)"),
          .init("single", "single-head networks with a value"),
          .init("multi_acc", "mean accuracy, multi-head networks"), .init("multi_acc_std", "std (ddof 0)"),
          .init("multi_rel", "mean relative accuracy, multi-head"), .init("multi_rel_std", "std (ddof 0)"),
          .init("multi", "multi-head networks with a value"),
          .init("p_acc", "two-sided p, accuracy (NaN: too few networks or no spread)"),
          .init("p_rel", "two-sided p, relative accuracy (NaN at N′ = L: every value is 1)"),
        ])
      m.sources = given.flatMap(\.sources)
      var finiteP = (acc: 0, rel: 0)
      for n in nPrimes {
        var row: [Table.Cell] = [.number(Double(n))]
        var acc: [CurriculumGroup: [Double]] = [:], rel: [CurriculumGroup: [Double]] = [:]
        for c in CurriculumGroup.allCases {
          let a = groups[c]!.compactMap { $0.accuracy[n] }.filter(\.isFinite)
          let r = groups[c]!.map { $0.relative(n) }.filter(\.isFinite)
          acc[c] = a; rel[c] = r
          let sa = meanAndStd(a), sr = meanAndStd(r)
          row += [.number(sa.mean), .number(sa.std), .number(sr.mean), .number(sr.std), .number(Double(a.count))]
        }
        let pa = networkGroupsP(acc[.single]!, acc[.multi]!)
        let pr = n == level ? Double.nan : networkGroupsP(rel[.single]!, rel[.multi]!)
        m.append(row + [.number(pa), .number(pr)])
        if pa.isFinite { finiteP.acc += 1 }
        if pr.isFinite { finiteP.rel += 1 }
      }
      data.tables.append(m)
      data.set("np_\(id)_acc", Double(finiteP.acc))
      data.set("np_\(id)_rel", Double(finiteP.rel))
    }
    if ids.isEmpty {
      ids = ["none"]
      data.set("has_none", false)
      data.set("title_none", "retraining")
      data.set("nmin_none", 1.0); data.set("nmax_none", 2.0)
      data.set("np_none_acc", 0.0); data.set("np_none_rel", 0.0)
    }
    data.set("panels", ids.joined(separator: " "))
    data.set("npanels", Double(ids.count))
    let acc = axisRange(accValues, include: [0.5, 1], headroom: 0.06)
    let rel = axisRange(relValues, include: [0, 1], headroom: 0.06)
    data.set("acc_lo", acc.lo); data.set("acc_hi", acc.hi)
    data.set("rel_lo", rel.lo); data.set("rel_hi", rel.hi)
    return data
  }
}
