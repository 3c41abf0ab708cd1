import Artifacts
import Foundation
import Layouts

/// `perturbation` (docs/method.md §6 "Perturbation", §7): relative accuracy against the perturbation size ε,
/// for random perturbations of the recurrent weights W^R and of the timescales τ, single- vs
/// multi-head.
///
/// One line per network: the mean over trials of the relative accuracy (acc − 0.5)/(mean baseline
/// − 0.5) at each ε, with a ± std band over trials (ddof 0). ε = 0 (the unperturbed network: its
/// relative accuracy is 1 on average by definition) cannot sit on the log ε axis: the lines leave it
/// out, the p-value table keeps it. An analysis of a level the network did not reach is missing
/// data (left out; a panel with no network is empty).
///
/// p-values: single vs multi per ε, two-sided exact Mann–Whitney test (`scipy.stats.mannwhitneyu`, exact)
/// across networks, each network its mean over trials (the network is the unit; the paper pooled
/// networks × trials).
///
/// Panels: one per (target, task), id `<target>_<task>` (target recurrent or tau). Tables:
/// `<id>-single`, `<id>-multi` (ε, mean, std; a blank line between networks), `<id>-pvalues`
/// (one row per ε, also the drawn table). Variables: `panels`, `npanels`, `has_<id>`,
/// `title_<id>`, `nrows_<id>`, `xmin_<id>`/`xmax_<id>` (ε range, log axis), `rel_lo`/`rel_hi`.
public enum Perturbation {
  public static let builder = FigureBuilder(
    name: "perturbation",
    summary: "relative accuracy vs ε for perturbed W^R and τ, single vs multi-head, with p-values",
    version: 2, build: build)

  static let targets = ["recurrent", "tau"]

  /// One network's perturbation curve: per ε, the relative accuracy of every trial.
  struct Curve {
    var source: AnalysisInput
    var epsilons: [Double]
    /// [ε][trial]
    var relative: [[Double]]
  }

  static func read(_ s: AnalysisInput, _ a: Artifact) throws -> Curve {
    let layout = try s.layout { try PerturbationLayout(a) }
    let eps = layout.epsilons, trials = layout.baseline.count, v = layout.relativeAccuracy
    return Curve(
      source: s, epsilons: eps, relative: (0..<eps.count).map { Array(v[($0 * trials)..<(($0 + 1) * trials)]) })
  }

  /// "0.001", "0.0215", "10".
  static func formatEpsilon(_ e: Double) -> String { e == 0 ? "0" : String(format: "%.3g", e) }

  /// p for the table: "0.012", "<0.001", "n/a".
  static func shortP(_ p: Double) -> String {
    if !p.isFinite { return "n/a" }
    if p < 0.001 { return "<0.001" }
    return String(format: "%.3f", p)
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    var data = FigureData()
    var sources: [(target: String, source: AnalysisInput)] = []
    var read: [String: Curve] = [:]  // by stage: the curve of every reached analysis
    var seen: [String: String] = [:]
    for input in inputs {
      let (s, a) = try AnalysisInput.read(input, kind: "perturbation", figure: "perturbation")
      let target = try s.layout { try PerturbationLayout.target(a) }.rawValue
      let id = "\(target) \(s.networkID) N\(s.level)"
      if let other = seen[id] {
        throw FigureError(
          "figure perturbation: inputs \(other) and \(input.stage) perturb the same network (config) at the same level \(s.level) and target \(target)",
          hint: "perturbation stages that differ must analyse different networks, levels or targets")
      }
      seen[id] = input.stage
      sources.append((target, s))
      if s.reached, s.curriculumGroup != nil { read[input.stage] = try Self.read(s, a) }
    }
    let kept = sources.filter { $0.source.curriculumGroup != nil }
    for k in kept { data.scale.add(k.source) }
    if kept.count < sources.count {
      data.notes.append("left out \(sources.count - kept.count) input(s) of another curriculum than single/multi")
    }
    var tasks = TaskKind.allCases.filter { t in kept.contains { $0.source.config.task == t } }
    if tasks.isEmpty { tasks = [.parity] }

    var ids: [String] = []
    var relValues: [Double] = []
    for target in targets {
      for task in tasks {
        let id = "\(target)_\(task.rawValue)"
        ids.append(id)
        let mine = kept.filter { $0.target == target && $0.source.config.task == task }.map(\.source)
          .sorted {
            ("\($0.config.curriculum)", $0.config.seed, $0.level) < (
              "\($1.config.curriculum)", $1.config.seed, $1.level
            )
          }
        var curves: [Curve] = []
        for s in mine {
          if s.reached {
            curves.append(read[s.source.stage]!)
          } else {
            data.notes.append("\(s.label): level \(s.level) not reached, no \(target) perturbation (left out)")
          }
        }
        let levels = Set(mine.map(\.level)).sorted()
        let what = target == "tau" ? "Timescales τ" : "Recurrent weights W^R"
        let taskName = task == .parity ? "N-parity" : "N-DMS"
        data.set("title_\(id)", "\(what): \(taskName), N = \(levels.map(String.init).joined(separator: ", "))")
        data.set("has_\(id)", !curves.isEmpty)

        let positive = Set(curves.flatMap(\.epsilons)).filter { $0 > 0 }.sorted()
        data.set("xmin_\(id)", (positive.first ?? 1e-2) / 1.5)
        data.set("xmax_\(id)", (positive.last ?? 10) * 1.5)

        for c in CurriculumGroup.allCases {
          var t = Table(
            name: "\(id)-\(c.rawValue)",
            title:
              "relative accuracy vs ε, \(target) perturbed, \(c.rawValue)-head \(task.rawValue) networks (blank line between networks; ε = 0 left out: log axis)",
            columns: [
              .init("epsilon", "perturbation size ε (> 0)"),
              .init("rel_mean", "mean over trials of the relative accuracy"),
              .init("rel_std", "std over trials (ddof 0)"),
              .init("seed", "network seed"), .init("n", "level N"),
            ])
          let nets = curves.filter { $0.source.curriculumGroup == c }
          t.sources = mine.filter { $0.curriculumGroup == c }.map(\.source)
          for net in nets {
            if !t.rows.isEmpty { t.appendBreak() }
            for (e, eps) in net.epsilons.enumerated() where eps > 0 {
              let s = meanAndStd(net.relative[e])
              t.append([
                .number(eps), .number(s.mean), .number(s.std), .number(Double(net.source.config.seed)),
                .number(Double(net.source.level)),
              ])
              relValues += [s.mean - s.std, s.mean + s.std]
            }
          }
          data.tables.append(t)
        }

        var p = Table(
          name: "\(id)-pvalues",
          title:
            "single- vs multi-head per ε, \(target) perturbed, \(task.rawValue): two-sided exact Mann–Whitney test across networks (each network's mean over trials; scipy.stats.mannwhitneyu, exact)",
          columns: [
            .init("epsilon", "perturbation size ε"),
            .init("single_mean", "mean over single-head networks of their mean relative accuracy"),
            .init("single_std", "their std (ddof 0)"),
            .init("single", "single-head values (networks, each its mean over trials)"),
            .init("multi_mean", "mean over multi-head networks of their mean relative accuracy"),
            .init("multi_std", "their std (ddof 0)"),
            .init("multi", "multi-head values (networks, each its mean over trials)"),
            .init("p", "two-sided p (NaN: too few values or no spread)"),
            .init("mark", "* where p < 0.05"),
            .init("eps_text", "ε as printed"), .init("single_text", "single_mean as printed"),
            .init("multi_text", "multi_mean as printed"),
            .init("p_text", "p as printed (– at ε = 0: each network is normalised to 1 there, nothing to compare)"),
          ])
        p.sources = mine.map(\.source)
        p.notes = [
          "ε = 0 is the unperturbed network (relative accuracy 1 on average by definition); the figure's lines leave it out (log axis)"
        ]
        let all = Set(curves.flatMap(\.epsilons)).sorted()
        for eps in all {
          // One value per network (its mean over trials): the network is the unit.
          func values(_ c: CurriculumGroup) -> [Double] {
            curves.filter { $0.source.curriculumGroup == c }.compactMap { net in
              net.epsilons.firstIndex(of: eps).map { mean(net.relative[$0]) }
            }.filter(\.isFinite)
          }
          let a = values(.single), b = values(.multi)
          let sa = meanAndStd(a), sb = meanAndStd(b), pv = networkGroupsP(a, b)
          p.append([
            .number(eps), .number(sa.mean), .number(sa.std), .number(Double(a.count)),
            .number(sb.mean), .number(sb.std), .number(Double(b.count)), .number(pv), .text(pv < 0.05 ? "*" : "-"),
            .text(formatEpsilon(eps)), .text(a.isEmpty ? "–" : String(format: "%.2f", sa.mean)),
            .text(b.isEmpty ? "–" : String(format: "%.2f", sb.mean)),
            .text(eps == 0 ? "–" : shortP(pv) + (pv < 0.05 ? " *" : "")),
          ])
        }
        data.set("nrows_\(id)", Double(all.count))
        data.tables.append(p)
      }
    }
    data.set("panels", ids.joined(separator: " "))
    data.set("npanels", Double(ids.count))
    let rel = axisRange(relValues, include: [0, 1], headroom: 0.1)
    data.set("rel_lo", rel.lo); data.set("rel_hi", rel.hi)
    return data
  }
}
