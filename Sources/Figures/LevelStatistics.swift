import Artifacts
import Foundation
import Layouts

/// Shared by the figures that draw a per-network analysis against the curriculum level N
/// (`tau-net-vs-n`, `dimensionality`): read the analysis artifacts one at a time, group them by the
/// network config in `/source` (never by stage name), and aggregate across networks per
/// curriculum and level, with single- vs multi-head t-tests.
///
/// Each network at each level contributes a few numbers (`metrics`, e.g. its mean τ_net over
/// neurons); per curriculum and N the line is their mean over networks and the band their std
/// across networks (ddof 0). A level the network did not reach — or a metric the network has no
/// value for (NaN) — is missing data: the network is left out there, and a level no network has a
/// value at is a gap.
struct LevelStatistics {
  /// One network analysed at one level.
  struct Point {
    var source: AnalysisInput
    /// One value per metric; NaN: none (level not reached, or no neuron qualified).
    var values: [Double]
    /// Further per-network numbers, listed only in the `networks` table.
    var extras: [Double]
    var task: TaskKind { source.config.task }
    var group: CurriculumGroup { source.curriculumGroup! }
    var level: Int { source.level }
  }

  struct Metric {
    var name: String
    /// What the per-network value is ("mean τ_net over the network's neurons with τ_net > 1").
    var description: String
  }

  var figure: String
  var metrics: [Metric]
  var extras: [Table.Column]
  var points: [Point] = []
  var notes: [String] = []

  /// Reads every input (`kind` artifacts), keeping single- and multi-head networks; `extract`
  /// takes the numbers of a reached analysis (`metrics.count` values, then `extras.count`).
  init(
    figure: String, kind: String, metrics: [Metric], extras: [Table.Column], inputs: [FigureInput],
    extract: (AnalysisInput, Artifact) throws -> (values: [Double], extras: [Double])
  ) throws {
    self.figure = figure
    self.metrics = metrics
    self.extras = extras
    var seen: [String: String] = [:]
    var leftOut = 0
    for input in inputs {
      let (s, a) = try AnalysisInput.read(input, kind: kind, figure: figure)
      let id = "\(s.networkID) N\(s.level)"
      if let other = seen[id] {
        throw FigureError(
          "figure \(figure): inputs \(other) and \(input.stage) are the same network (config) at the same level \(s.level)",
          hint: "\(kind) stages that differ must analyse different networks or levels")
      }
      seen[id] = input.stage
      guard s.curriculumGroup != nil else { leftOut += 1; continue }
      if s.reached {
        let e = try extract(s, a)
        precondition(
          e.values.count == metrics.count && e.extras.count == extras.count,
          "LevelStatistics: extract returned the wrong count")
        points.append(Point(source: s, values: e.values, extras: e.extras))
      } else {
        points.append(Point(source: s, values: metrics.map { _ in .nan }, extras: extras.map { _ in .nan }))
      }
    }
    if leftOut > 0 { notes.append("left out \(leftOut) input(s) of another curriculum than single/multi") }
    points.sort {
      ($0.task.rawValue, $0.group.rawValue, $0.source.networkID, $0.level) < (
        $1.task.rawValue, $1.group.rawValue, $1.source.networkID, $1.level
      )
    }
    // Gaps, per network.
    var byNetwork: [String: [Point]] = [:]
    for p in points { byNetwork[p.source.networkID, default: []].append(p) }
    for id in byNetwork.keys.sorted() {
      let missing = byNetwork[id]!.filter { !$0.source.reached }.map(\.level).sorted()
      if let first = missing.first {
        notes.append(
          "\(byNetwork[id]![0].source.label): level\(missing.count > 1 ? "s" : "") \(first)\(missing.count > 1 ? "–\(missing.last!)" : "") not reached (gaps)"
        )
      }
    }
  }

  /// The levels of `task`'s panel: every level from the smallest to the largest given.
  func grid(_ task: TaskKind) -> [Int] {
    let levels = points.filter { $0.task == task }.map(\.level)
    return levels.isEmpty ? [] : Array(levels.min()!...levels.max()!)
  }

  /// Values of metric `m` at level `n`, per curriculum: one per network with a finite value.
  func values(_ task: TaskKind, _ group: CurriculumGroup, n: Int, metric m: Int) -> [Double] {
    points.filter { $0.task == task && $0.group == group && $0.level == n }.map { $0.values[m] }.filter(\.isFinite)
  }

  /// `has_<task>`, `has_<task>_<curriculum>_<metric>` (a curve to draw: gnuplot warns about a table
  /// with no valid point), `nmin_<task>`, `nmax_<task>` (one level alone gets a neighbour on each side:
  /// gnuplot refuses an empty range).
  func setVariables(_ data: inout FigureData, task: TaskKind) {
    data.set("has_\(task.rawValue)", points.contains { $0.task == task && $0.values.contains(where: \.isFinite) })
    for g in CurriculumGroup.allCases {
      for (m, metric) in metrics.enumerated() {
        data.set(
          "has_\(task.rawValue)_\(g.rawValue)_\(metric.name)",
          points.contains { $0.task == task && $0.group == g && $0.values[m].isFinite })
      }
    }
    let g = grid(task)
    data.set("nmin_\(task.rawValue)", Double((g.first ?? 2) - (g.count == 1 ? 1 : 0)))
    data.set("nmax_\(task.rawValue)", Double((g.last ?? 3) + (g.count == 1 ? 1 : 0)))
  }

  /// `ymin_<metric>`, `ymax_<metric>`: a y range shared by the tasks' panels around the bands (mean ±
  /// std across networks): from a tenth of their span below the lowest (never below 0; not from 0,
  /// which flattens small changes) to `headroom` × the span above that, so the top ~30 % stays free for
  /// the key and the * row; 0…1 when there is nothing.
  func setRange(_ data: inout FigureData, headroom: Double = 1.4) {
    for (m, metric) in metrics.enumerated() {
      var top = -Double.infinity, bottom = Double.infinity
      for task in TaskKind.allCases {
        for g in CurriculumGroup.allCases {
          for n in grid(task) {
            let s = meanAndStd(values(task, g, n: n, metric: m))
            if (s.mean + s.std).isFinite { top = max(top, s.mean + s.std); bottom = min(bottom, s.mean - s.std) }
          }
        }
      }
      guard top.isFinite else { data.set("ymin_\(metric.name)", 0.0); data.set("ymax_\(metric.name)", 1.0); continue }
      let span = max(top - bottom, 0.05 * abs(top), 1e-3)
      let low = max(0, bottom - 0.1 * span)
      data.set("ymin_\(metric.name)", low)
      data.set("ymax_\(metric.name)", low + (top - low) * headroom)
    }
  }

  /// `networks`: one row per network and level given.
  func networksTable(title: String) -> Table {
    var t = Table(
      name: "networks", title: title,
      columns: [
        .init("task", "parity or dms"), .init("curriculum", "single or multi"), .init("seed", "network seed"),
        .init("n", "curriculum level N"),
        .init("reached", "1 if the level passed within its epoch budget, else 0 (then NaN)"),
      ] + metrics.map { .init($0.name, $0.description) } + extras)
    t.sources = points.map(\.source.source)
    for p in points {
      t.append(
        [
          .text(p.task.rawValue), .text(p.group.rawValue), .number(Double(p.source.config.seed)),
          .number(Double(p.level)),
          .number(p.source.reached ? 1 : 0),
        ] + (p.values + p.extras).map(Table.Cell.number))
    }
    return t
  }

  /// `<task>-<curriculum>`: per N, for each metric the mean over networks and the std across them
  /// (ddof 0), and the number of networks with a value of the first metric.
  func curveTable(_ task: TaskKind, _ group: CurriculumGroup, title: String) -> Table {
    var columns: [Table.Column] = [.init("n", "curriculum level N")]
    for m in metrics {
      columns.append(.init("\(m.name)", "mean over networks of: \(m.description)"))
      columns.append(.init("\(m.name)_sd", "std across networks (ddof 0)"))
    }
    columns.append(.init("networks", "networks with a value (of \(metrics[0].name)) at this level"))
    let total = Set(points.filter { $0.task == task && $0.group == group }.map(\.source.networkID)).count
    columns.append(.init("label", "\"n = k\" where only k of the \(total) networks have a value, else -"))
    var t = Table(name: "\(task.rawValue)-\(group.rawValue)", title: title, columns: columns)
    t.sources = points.filter { $0.task == task && $0.group == group }.map(\.source.source)
    for n in grid(task) {
      var row: [Table.Cell] = [.number(Double(n))]
      for m in metrics.indices {
        let s = meanAndStd(values(task, group, n: n, metric: m))
        row += [.number(s.mean), .number(s.std)]
      }
      let count = values(task, group, n: n, metric: 0).count
      row += [.number(Double(count)), .text(count == 0 ? "-" : networksLabel(count, of: total))]
      t.append(row)
    }
    return t
  }

  /// `<task>-pvalues`: per N and metric, single vs multi, two-sided exact Mann–Whitney test across
  /// networks (`scipy.stats.mannwhitneyu`, exact), and a "*" where p < 0.05.
  func pTable(_ task: TaskKind) -> Table {
    var columns: [Table.Column] = [.init("n", "curriculum level N")]
    for m in metrics {
      columns.append(.init("p_\(m.name)", "two-sided p for \(m.name) (NaN: too few networks or no spread)"))
    }
    for m in metrics { columns.append(.init("mark_\(m.name)", "* where p_\(m.name) < 0.05")) }
    columns += [
      .init("single", "single-head networks with a value of \(metrics[0].name)"),
      .init("multi", "multi-head networks with a value of \(metrics[0].name)"),
    ]
    var t = Table(
      name: "\(task.rawValue)-pvalues",
      title:
        "single- vs multi-head \(task.rawValue) networks per level: two-sided exact Mann–Whitney tests across networks (scipy.stats.mannwhitneyu, exact)",
      columns: columns)
    t.sources = points.filter { $0.task == task }.map(\.source.source)
    for n in grid(task) {
      let ps = metrics.indices.map {
        networkGroupsP(values(task, .single, n: n, metric: $0), values(task, .multi, n: n, metric: $0))
      }
      t.append(
        [.number(Double(n))] + ps.map(Table.Cell.number) + ps.map { .text($0 < 0.05 ? "*" : "-") }
          + [
            .number(Double(values(task, .single, n: n, metric: 0).count)),
            .number(Double(values(task, .multi, n: n, metric: 0).count)),
          ])
    }
    return t
  }
}
