import Artifacts
import Foundation
import Layouts

/// `nonlinearity-location` (docs/method.md §1.1 "mod" form, §7): the trained τ and τ_net against the
/// curriculum level N, for the default form h_t = φ((1 − 1/τ)h_{t−1} + (W^R h_{t−1} + …)/τ) (φ wraps the
/// whole update) against the "mod" form h_t = (1 − 1/τ)h_{t−1} + φ(W^R h_{t−1} + …)/τ (φ on the input
/// only), single- and multi-head: the mean and the spread over neurons of each (the paper's 2×2).
///
/// Inputs: `tau-net` artifacts (of both forms); grouped by the `/source` config (task, curriculum,
/// form, seed, …), never by stage name. Per network and level: the mean and std (ddof 0) of the trained
/// τ over all neurons (`/neurons/tau`) and of τ_net over the neurons with τ_net > 1 (NaN τ_net never
/// qualifies; none qualifying is a gap for that network). Per form, curriculum and N: mean over
/// networks (line) and std across networks (ddof 0, band). A level not reached is a gap.
///
/// The figure draws one task: the first (parity before DMS) with a mod-form network among the
/// inputs (else the first with any); the other task's inputs and other curricula are left out
/// (noted).
///
/// Tables: `networks`, `<form>-<curriculum>` (per N and metric: mean over networks and its sd, then
/// networks). Variables: `task_title`, `has_data`, `has_<form>_<curriculum>_<metric>` (metric tau,
/// tau_std, tau_net, tau_net_std), `nmin`, `nmax`, `ymin_<metric>`/`ymax_<metric>` (y ranges around the
/// curves, shared by both curricula).
public enum NonlinearityLocation {
  public static let builder = FigureBuilder(
    name: "nonlinearity-location",
    summary:
      "mean trained τ and τ_net vs N, default form vs the \"mod\" form (nonlinearity outside the leak), single- and multi-head",
    version: 3, build: build)

  static let metrics = ["tau", "tau_std", "tau_net", "tau_net_std"]
  static let descriptions = [
    "mean trained τ over the network's neurons", "std of the trained τ over the network's neurons (ddof 0)",
    "mean τ_net over the network's neurons with τ_net > 1 (NaN: none)", "std of τ_net over those neurons (ddof 0)",
  ]

  struct Point {
    var source: AnalysisInput
    /// Mean and std of τ, then of τ_net over neurons with τ_net > 1; NaN: none.
    var values: [Double]
    var qualifying: Double
    var neurons: Double
    var form: RNNForm { source.config.form }
    var group: CurriculumGroup { source.curriculumGroup! }
    var level: Int { source.level }
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let figure = "nonlinearity-location"
    var points: [Point] = []
    var seen: [String: String] = [:]
    var otherCurricula = 0
    for input in inputs {
      let (s, a) = try AnalysisInput.read(input, kind: "tau-net", figure: figure)
      let id = "\(s.networkID) N\(s.level)"
      if let other = seen[id] {
        throw FigureError(
          "figure \(figure): inputs \(other) and \(input.stage) are the same network (config) at the same level \(s.level)",
          hint: "tau-net stages that differ must analyse different networks or levels")
      }
      seen[id] = input.stage
      guard s.curriculumGroup != nil else { otherCurricula += 1; continue }
      if s.reached {
        let layout = try s.layout { try TauNetLayout(a) }
        let tauNet = layout.neurons.tauNet
        let kept = tauNet.filter { $0 > 1 }
        let tau = layout.tau.map(Double.init)
        let (t, n) = (meanAndStd(tau), meanAndStd(kept))
        points.append(
          Point(
            source: s, values: [t.mean, t.std, n.mean, n.std], qualifying: Double(kept.count),
            neurons: Double(tauNet.count)))
      } else {
        points.append(Point(source: s, values: metrics.map { _ in .nan }, qualifying: .nan, neurons: .nan))
      }
    }
    var data = FigureData()
    if otherCurricula > 0 {
      data.notes.append("left out \(otherCurricula) input(s) of another curriculum than single/multi")
    }

    // The task drawn.
    let task =
      TaskKind.allCases.first { t in points.contains { $0.source.config.task == t && $0.form == .mod } }
      ?? TaskKind.allCases.first { t in points.contains { $0.source.config.task == t } } ?? .parity
    let otherTask = points.filter { $0.source.config.task != task }.count
    if otherTask > 0 {
      data.notes.append(
        "left out \(otherTask) input(s) of another task than \(task.rawValue) (the figure draws one task)")
    }
    points = points.filter { $0.source.config.task == task }
    for p in points { data.scale.add(p.source) }
    points.sort {
      ($0.form.rawValue, $0.group.rawValue, $0.source.networkID, $0.level) < (
        $1.form.rawValue, $1.group.rawValue, $1.source.networkID, $1.level
      )
    }
    var byNetwork: [String: [Point]] = [:]
    for p in points { byNetwork[p.source.networkID, default: []].append(p) }
    for id in byNetwork.keys.sorted() {
      let missing = byNetwork[id]!.filter { !$0.source.reached }.map(\.level).sorted()
      if let first = missing.first {
        let p = byNetwork[id]![0]
        data.notes.append(
          "\(p.source.label) (\(p.form.rawValue) form): level\(missing.count > 1 ? "s" : "") \(first)\(missing.count > 1 ? "–\(missing.last!)" : "") not reached (gaps)"
        )
      }
    }

    let levels = points.map(\.level)
    let grid = levels.isEmpty ? [] : Array(levels.min()!...levels.max()!)
    func values(_ form: RNNForm, _ g: CurriculumGroup, n: Int, metric m: Int) -> [Double] {
      points.filter { $0.form == form && $0.group == g && $0.level == n }.map { $0.values[m] }.filter(\.isFinite)
    }

    // networks
    var nets = Table(
      name: "networks", title: "trained τ and τ_net of each \(task.rawValue) network at each level given",
      columns: [
        .init("form", "default or mod (docs/method.md §1.1)"), .init("curriculum", "single or multi"),
        .init("seed", "network seed"),
        .init("n", "curriculum level N"),
        .init("reached", "1 if the level passed within its epoch budget, else 0 (then NaN)"),
      ] + zip(metrics, descriptions).map { .init($0, $1) } + [
        .init("qualifying", "neurons with τ_net > 1"), .init("neurons", "H"),
      ])
    nets.sources = points.map(\.source.source)
    for p in points {
      nets.append(
        [
          .text(p.form.rawValue), .text(p.group.rawValue), .number(Double(p.source.config.seed)),
          .number(Double(p.level)),
          .number(p.source.reached ? 1 : 0),
        ] + p.values.map(Table.Cell.number) + [.number(p.qualifying), .number(p.neurons)])
    }
    data.tables.append(nets)

    var top = metrics.map { _ in -Double.infinity }, bottom = metrics.map { _ in Double.infinity }
    for form in RNNForm.allCases {
      for g in CurriculumGroup.allCases {
        var t = Table(
          name: "\(form.rawValue)-\(g.rawValue)",
          title:
            "\(form.rawValue)-form \(g.rawValue)-head \(task.rawValue) networks per level: mean over networks, std across them (NaN: no network has a value)",
          columns: [.init("n", "curriculum level N")]
            + zip(metrics, descriptions).flatMap {
              [Table.Column($0, "mean over networks of the \($1)"), .init("\($0)_sd", "std across networks (ddof 0)")]
            }
            + [
              .init("networks", "networks with a τ value at this level"),
              .init("label", "\"n = k\" where only k of the form's and curriculum's networks have a value, else -"),
            ])
        t.sources = points.filter { $0.form == form && $0.group == g }.map(\.source.source)
        let present = points.contains { $0.form == form && $0.group == g }
        let total = Set(points.filter { $0.form == form && $0.group == g }.map(\.source.networkID)).count
        for n in grid where present {
          var row: [Table.Cell] = [.number(Double(n))]
          for m in metrics.indices {
            let s = meanAndStd(values(form, g, n: n, metric: m))
            row += [.number(s.mean), .number(s.std)]
            if (s.mean + s.std).isFinite {
              top[m] = max(top[m], s.mean + s.std); bottom[m] = min(bottom[m], s.mean - s.std)
            }
          }
          let count = values(form, g, n: n, metric: 0).count
          row += [.number(Double(count)), .text(count == 0 ? "-" : networksLabel(count, of: total))]
          t.append(row)
        }
        data.tables.append(t)
        for (m, name) in metrics.enumerated() {
          data.set(
            "has_\(form.rawValue)_\(g.rawValue)_\(name)",
            points.contains { $0.form == form && $0.group == g && $0.values[m].isFinite })
        }
      }
    }
    data.set("task_title", task == .parity ? "N-parity" : "N-DMS")
    data.set("has_data", points.contains { $0.values.contains(where: \.isFinite) })
    data.set("nmin", Double((grid.first ?? 2) - (grid.count == 1 ? 1 : 0)))
    data.set("nmax", Double((grid.last ?? 3) + (grid.count == 1 ? 1 : 0)))
    // A range around the curves (τ changes by tenths of a step: from 0 it would look flat); room above for the key.
    for (m, name) in metrics.enumerated() {
      let found = bottom[m].isFinite && top[m].isFinite
      let span = found ? max(top[m] - bottom[m], 0.05 * abs(top[m]), 1e-3) : 1
      let low = found ? max(0, bottom[m] - 0.1 * span) : 0
      data.set("ymin_\(name)", low)
      data.set("ymax_\(name)", found ? top[m] + 0.4 * span : 1)
    }
    return data
  }
}
