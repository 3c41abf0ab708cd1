import Artifacts
import Foundation
import Layouts

/// `dimensionality` (docs/method.md §6 "Dimensionality", §7): the number of principal components needed to
/// explain more than 90 % of the variance of the free-running activity, against the curriculum
/// level N, single- vs multi-head, parity and DMS.
///
/// Per network and level (a `tau-net` artifact, `/dimensionality`): the mean over trials of the
/// components for > 90 % (`dimensionality_components_90`) and of the reference code's convention,
/// that number − 1 (`dimensionality_reference`), both kept, distinctly named. Per curriculum and
/// N: mean over networks (line) and std across them (band). A level not reached is a gap; other
/// curricula are left out. p-values: single vs multi per N, two-sided exact Mann–Whitney tests across
/// networks (`scipy.stats.mannwhitneyu`, exact).
///
/// Tables: `networks`, `<task>-<curriculum>`, `<task>-pvalues`. Variables: `has_<task>`,
/// `has_<task>_<curriculum>_<metric>`, `nmin_<task>`, `nmax_<task>`, `ymin_<metric>`, `ymax_<metric>` (shared y ranges around the bands).
public enum Dimensionality {
  public static let builder = FigureBuilder(
    name: "dimensionality", summary: "components for > 90 % of the variance vs N; single vs multi-head; parity and DMS",
    version: 2, build: build)

  static let metrics: [LevelStatistics.Metric] = [
    .init(
      name: "components_90", description: "mean over trials of the number of components for > 90 % of the variance"),
    .init(name: "reference", description: "mean over trials of the reference code's convention: components_90 − 1"),
  ]

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let stats = try LevelStatistics(
      figure: "dimensionality", kind: "tau-net", metrics: metrics,
      extras: [
        .init("trials", "trials (PCA per trial)"), .init("neurons", "H"),
        .init("components_90_sd", "std over trials of components_90 (ddof 0)"),
      ],
      inputs: inputs
    ) { s, a in
      let t = try s.layout { try TauNetLayout(a) }
      let c = t.components90.map(Double.init), r = t.referenceDimensionality.map(Double.init)
      let h = t.tau.count
      let sc = meanAndStd(c)
      return ([sc.mean, mean(r)], [Double(c.count), Double(h), sc.std])
    }
    var data = FigureData()
    data.notes = stats.notes
    for p in stats.points { data.scale.add(p.source) }
    var networks = stats.networksTable(
      title: "dimensionality of each network at each level given (PCA per trial of the τ_net simulation)")
    networks.notes = [
      "components_90: components needed for > 90 % of the variance; reference: the authors' convention, components_90 − 1"
    ]
    data.tables.append(networks)
    for task in TaskKind.allCases {
      stats.setVariables(&data, task: task)
      for group in CurriculumGroup.allCases {
        var t = stats.curveTable(
          task, group,
          title:
            "dimensionality across \(group.rawValue)-head \(task.rawValue) networks, per level (NaN: no network reached it)"
        )
        t.notes = networks.notes
        data.tables.append(t)
      }
      data.tables.append(stats.pTable(task))
    }
    stats.setRange(&data, headroom: 1.45)
    return data
  }
}
