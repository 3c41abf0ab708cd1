import Artifacts
import Foundation
import Layouts

/// `tau-net-vs-n` (docs/method.md §6 "Network-mediated timescale τ_net", §7): mean and spread of τ_net
/// against the curriculum level N, single- vs multi-head, parity and DMS; the population τ_net;
/// and one neuron's autocorrelation with both fitted exponentials.
///
/// Per network and level (a `tau-net` artifact): mean and std (over neurons, ddof 0) of τ_net over
/// the neurons with τ_net > 1 (NaN τ_net — no fit — never qualifies; no neuron qualifying is a
/// gap for that network), and the population τ_net (of the summed activity). Per curriculum and N:
/// mean over networks (line) and std across networks (band). A level not reached is a gap. Other
/// curricula are left out. p-values: single vs multi per N, two-sided exact Mann–Whitney tests
/// across networks (`scipy.stats.mannwhitneyu`, exact).
///
/// Example: among the reached analyses, the first of parity before DMS, multi- before single-head,
/// lowest seed (then config), highest level; in it a representative neuron (`representative`): the
/// median τ_net among the neurons whose double-exponential fit won by AIC and is well posed (both
/// timescales inside the bounds and apart, both weights above 2 %), else the median among those whose
/// single fit won. Its AC/AC[0] on lags 0…2(n−1) (n = fit lags), the single a·e^{−t/τ} and double
/// a[c·e^{−t/τ1} + (1−c)·e^{−t/τ2}] fits over the fit lags 0…n−1; the table's note says how it was chosen.
///
/// Tables: `networks`, `<task>-<curriculum>` (per N), `<task>-pvalues` (per N), `population` (per
/// task, curriculum and N), `example` (per lag). Variables: `has_<task>`, `has_<task>_<curriculum>_<metric>`, `nmin_<task>`,
/// `nmax_<task>`, `ymin_<metric>`, `ymax_<metric>`, `has_population`, `has_example`, `example_title`, `example_choice` (how the neuron was chosen), `example_single`, `example_double` (key
/// titles), `example_fitlags`, `example_lo` (y range bottom), `pop_nmin`/`pop_nmax`.
public enum TauNetVsN {
  public static let builder = FigureBuilder(
    name: "tau-net-vs-n",
    summary: "mean and std of τ_net (neurons with τ_net > 1) vs N; population τ_net; an example AC with both fits",
    version: 2, build: build)

  static let metrics: [LevelStatistics.Metric] = [
    .init(name: "tau_net_mean", description: "mean τ_net over the network's neurons with τ_net > 1"),
    .init(name: "tau_net_std", description: "std of τ_net over those neurons (ddof 0)"),
    .init(name: "population_tau_net", description: "τ_net of the summed population activity"),
  ]

  /// The example neuron: where it comes from and its curves.
  struct Example {
    /// (task rank, curriculum rank, seed, config, −level): smaller is preferred.
    var rank: (Int, Int, UInt64, String, Int)
    var source: AnalysisInput
    var neuron: Int
    var tauNet: Double
    var selected: Int
    var ac: [Double]
    var single: [Double]
    var double: [Double]
    var fitLags: Int
    /// How the neuron was chosen (for the table's note and the panel title).
    var choice: String

    static func before(_ a: (Int, Int, UInt64, String, Int), _ b: (Int, Int, UInt64, String, Int)) -> Bool { a < b }
  }

  /// Single a·e^{−t/τ}, parameters [a, τ] (Sources/Numerics/ExponentialFits.swift).
  static func singleCurve(_ p: [Double], _ t: Double) -> Double { p[0] * exp(-t / p[1]) }
  /// Double a[c·e^{−t/τ1} + (1−c)·e^{−t/τ2}], parameters [a, τ1, τ2, c].
  static func doubleCurve(_ p: [Double], _ t: Double) -> Double {
    p[0] * (p[3] * exp(-t / p[1]) + (1 - p[3]) * exp(-t / p[2]))
  }

  /// Whether a double fit [a, τ1, τ2, c] describes two timescales: c and 1 − c above 2 %, both τ
  /// inside (0, 100) off the bounds, and τ1, τ2 at least 10 % apart (else it is a single one in disguise).
  public static func wellPosedDouble(_ p: ArraySlice<Double>) -> Bool {
    let v = Array(p)
    guard v.count == 4, v.allSatisfy(\.isFinite) else { return false }
    let (t1, t2, c) = (v[1], v[2], v[3])
    let inside = { (t: Double) in t > 0.05 && t < 99.5 }
    return c > 0.02 && c < 0.98 && inside(t1) && inside(t2) && abs(t1 - t2) > 0.1 * max(t1, t2)
  }

  /// The neuron of median τ_net (the lower median; lowest index on a tie) among those whose double fit
  /// won and is well posed, else among those whose single fit won — of the neurons with τ_net > 1 (the
  /// ones the panels average) when there are any; nil if no neuron has a fit.
  public static func representative(tauNet: [Double], selected: [Int], double: [Double]) -> (
    neuron: Int, choice: String
  )? {
    func median(_ candidates: [Int]) -> Int? {
      let sorted = candidates.sorted { (tauNet[$0], $0) < (tauNet[$1], $1) }
      return sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
    }
    // The neurons the panels average (τ_net > 1), if any.
    var finite = tauNet.indices.filter { tauNet[$0].isFinite && $0 < selected.count }
    if finite.contains(where: { tauNet[$0] > 1 }) { finite = finite.filter { tauNet[$0] > 1 } }
    let doubles = finite.filter { selected[$0] == 2 && wellPosedDouble(double[(4 * $0)..<(4 * $0 + 4)]) }
    if let n = median(doubles) {
      return (
        n,
        "median τ_net of the \(doubles.count) neuron\(doubles.count == 1 ? "" : "s") whose double fit won and is well posed"
      )
    }
    let singles = finite.filter { selected[$0] == 1 }
    if let n = median(singles) {
      return (
        n,
        "median τ_net of the \(singles.count) neuron\(singles.count == 1 ? "" : "s") whose single fit won (no well-posed double fit won)"
      )
    }
    return nil
  }

  static func readExample(_ s: AnalysisInput, _ t: TauNetLayout, rank: (Int, Int, UInt64, String, Int)) -> Example? {
    let tauNet = t.neurons.tauNet, selected = t.neurons.selectedModel, double = t.neurons.double.parameters
    let H = tauNet.count
    guard let (best, choice) = representative(tauNet: tauNet, selected: selected, double: double) else { return nil }
    let column = (0..<t.lags).map { t.autocovariance[$0 * H + best] }
    let single = t.neurons.single.parameters
    let fitLags = t.settings.fitLags
    return Example(
      rank: rank, source: s, neuron: best, tauNet: tauNet[best], selected: selected[best],
      ac: column, single: Array(single[(2 * best)..<(2 * best + 2)]),
      double: Array(double[(4 * best)..<(4 * best + 4)]),
      fitLags: fitLags, choice: choice)
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    var example: Example?
    let stats = try LevelStatistics(
      figure: "tau-net-vs-n", kind: "tau-net", metrics: metrics,
      extras: [
        .init("qualifying", "neurons with τ_net > 1"), .init("neurons", "H"),
        .init("tau_mean", "mean raw trained τ over all neurons"),
      ],
      inputs: inputs
    ) { s, a in
      let t = try s.layout { try TauNetLayout(a) }
      let tauNet = t.neurons.tauNet
      let kept = tauNet.filter { $0 > 1 }
      let st = meanAndStd(kept)
      let pop = t.population.tauNet.first ?? .nan
      let tau = t.tau.map(Double.init)
      let rank = (
        s.config.task == .parity ? 0 : 1, s.curriculumGroup == .multi ? 0 : 1, s.config.seed, s.networkID, -s.level
      )
      if example.map({ Example.before(rank, $0.rank) }) ?? true, let e = readExample(s, t, rank: rank) {
        example = e
      }
      return ([st.mean, st.std, pop], [Double(kept.count), Double(tauNet.count), mean(tau)])
    }
    var data = FigureData()
    data.notes = stats.notes
    for p in stats.points { data.scale.add(p.source) }
    stats.setRange(&data)
    data.tables.append(stats.networksTable(title: "τ_net of each network at each level given (neurons with τ_net > 1)"))
    for task in TaskKind.allCases {
      stats.setVariables(&data, task: task)
      for group in CurriculumGroup.allCases {
        data.tables.append(
          stats.curveTable(
            task, group,
            title:
              "τ_net across \(group.rawValue)-head \(task.rawValue) networks, per level (NaN: no network has a value)"))
      }
      data.tables.append(stats.pTable(task))
    }

    // Population τ_net, both tasks in one table.
    var pop = Table(
      name: "population",
      title:
        "population τ_net (of the summed activity) per task, curriculum and level: mean over networks, std across them, p single vs multi",
      columns: [
        .init("task", "parity or dms"), .init("n", "curriculum level N"),
        .init("single", "mean over single-head networks"), .init("single_sd", "std (ddof 0)"),
        .init("single_networks", "networks"),
        .init("multi", "mean over multi-head networks"), .init("multi_sd", "std (ddof 0)"),
        .init("multi_networks", "networks"),
        .init("p", "two-sided exact Mann–Whitney test, single vs multi (NaN: too few networks or no spread)"),
      ])
    pop.sources = stats.points.map(\.source.source)
    var popLevels: [Int] = []
    for task in TaskKind.allCases {
      if !pop.rows.isEmpty && !stats.grid(task).isEmpty { pop.appendBreak() }
      for n in stats.grid(task) {
        let a = stats.values(task, .single, n: n, metric: 2), b = stats.values(task, .multi, n: n, metric: 2)
        let sa = meanAndStd(a), sb = meanAndStd(b)
        pop.append([
          .text(task.rawValue), .number(Double(n)), .number(sa.mean), .number(sa.std), .number(Double(a.count)),
          .number(sb.mean), .number(sb.std), .number(Double(b.count)), .number(networkGroupsP(a, b)),
        ])
        popLevels.append(n)
      }
    }
    data.tables.append(pop)
    let popGiven = stats.points.contains { $0.values[2].isFinite }
    data.set("has_population", popGiven)
    data.set("pop_nmin", Double((popLevels.min() ?? 2) - (Set(popLevels).count == 1 ? 1 : 0)))
    data.set("pop_nmax", Double((popLevels.max() ?? 3) + (Set(popLevels).count <= 1 ? 1 : 0)))

    // The example neuron.
    var ex = Table(
      name: "example", title: "example neuron: AC/AC[0] and both fits (fits over the fit lags only)",
      columns: [
        .init("lag", "lag t (steps)"), .init("ac", "AC(t)/AC(0), NaN where ≤ 0 (log axis)"),
        .init("single", "a·e^{−t/τ} with the fitted [a, τ] (NaN beyond the fit lags or if the fit failed)"),
        .init("double", "a[c·e^{−t/τ1} + (1−c)·e^{−t/τ2}] with the fitted [a, τ1, τ2, c]"),
      ])
    if let e = example {
      ex.sources = [e.source.source]
      let net =
        "\(e.source.config.task == .parity ? "N-parity" : "N-DMS"), \(e.source.curriculumGroup!.rawValue)-head seed \(e.source.config.seed), N = \(e.source.level)"
      ex.notes = [
        "\(net), neuron \(e.neuron): the \(e.choice) (τ_net \(String(format: "%.3g", e.tauNet)); selected model: \(e.selected == 2 ? "double" : e.selected == 1 ? "single" : "none"))"
      ]
      let last = min(e.ac.count - 1, 2 * (e.fitLags - 1))
      var values: [Double] = []
      for t in 0...max(last, 0) {
        let r = e.ac[0] > 0 ? e.ac[t] / e.ac[0] : .nan
        let inFit = t < e.fitLags
        let s = inFit ? singleCurve(e.single, Double(t)) : .nan, d = inFit ? doubleCurve(e.double, Double(t)) : .nan
        ex.append([.number(Double(t)), .number(r > 0 ? r : .nan), .number(s), .number(d)])
        values += [r > 0 ? r : .nan, s > 0 ? s : .nan, d > 0 ? d : .nan]
      }
      data.set("has_example", true)
      data.set("example_title", "Example AC: \(net), neuron \(e.neuron)")
      data.set("example_choice", e.choice.replacingOccurrences(of: "τ_net", with: "τ_{net}"))
      let sel = { (m: Int) in e.selected == m ? " ✓ (lower AIC)" : "" }
      data.set("example_single", String(format: "single: τ = %.3g", e.single[1]) + sel(1))
      data.set(
        "example_double",
        String(format: "double: τ_1 = %.3g, τ_2 = %.3g, c = %.2f", e.double[1], e.double[2], e.double[3]) + sel(2))
      data.set("example_fitlags", Double(e.fitLags - 1))
      data.set("example_lags", Double(last))
      let lo = values.filter { $0.isFinite && $0 > 0 }.min() ?? 0.01
      data.set("example_lo", max(1e-4, pow(10, floor(log10(lo)))))
    } else {
      data.set("has_example", false)
      data.set("example_title", "Example AC")
      data.set("example_choice", "")
      data.set("example_single", "single"); data.set("example_double", "double")
      data.set("example_fitlags", 30.0); data.set("example_lags", 60.0); data.set("example_lo", 0.01)
    }
    data.tables.append(ex)
    return data
  }
}
