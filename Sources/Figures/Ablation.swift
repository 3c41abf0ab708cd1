import Artifacts
import Foundation
import Layouts

/// `ablation` (SPEC §6 "Ablation", §7): accuracy after removing one of the K fastest or one of
/// the K slowest neurons (by raw τ), at each level given, single- vs multi-head.
///
/// Per network and level: the mean over its ablated neurons and trials of the streaming accuracy
/// (raw), and the same as relative accuracy (acc − 0.5)/(mean baseline − 0.5) against that
/// network's own unablated baseline; the mean τ of each ablated group. Per curriculum, group and
/// level: bars = mean over networks, whiskers = ± std across networks (ddof 0), dots = networks;
/// the tick label under a bar is the mean over networks of the group's mean τ. A level a network
/// did not reach is missing data (left out; a panel with no network is empty).
///
/// p-values: fast vs slow within each curriculum and level, two-sided **paired** t-test across
/// networks (`scipy.stats.ttest_rel`): both values come from the same network and the same
/// streams, so the pairing removes the network-to-network spread of the baseline (the claims'
/// C4a/C4b use the same test, one-sided).
///
/// Panels: one per (task, level), id `<task>_N<level>`. Tables: `networks`, `<id>-bars`,
/// `<id>-points`, `<id>-pairs`. Variables: `panels` (ids, space-separated), `npanels`,
/// `has_<id>`, `title_<id>`, `raw_lo`/`raw_hi`, `rel_lo`/`rel_hi` (shared y ranges).
public enum Ablation {
  public static let builder = FigureBuilder(
    name: "ablation", summary: "accuracy after ablating fast vs slow neurons at two levels, single vs multi-head",
    version: 2, build: build)

  /// x position of a (curriculum, group) bar.
  static func position(_ c: CurriculumGroup, _ group: String) -> Double {
    (c == .single ? 0 : 2.5) + (group == "fast" ? 0 : 1)
  }
  static let groups = AblationLayout.groups

  /// One network's ablation at one level, reduced to the numbers drawn.
  struct Result {
    var source: AnalysisInput
    var baseline: Double
    /// By group ("fast", "slow"): mean accuracy over ablated neurons and trials, relative accuracy,
    /// mean τ of the ablated neurons, neurons ablated.
    var accuracy: [String: Double] = [:]
    var relative: [String: Double] = [:]
    var tau: [String: Double] = [:]
    var neurons: [String: Int] = [:]
    var trials = 0
  }

  static func read(_ s: AnalysisInput, _ a: Artifact) throws -> Result {
    let layout = try s.layout { try AblationLayout(a) }
    var r = Result(source: s, baseline: mean(layout.baseline))
    r.trials = layout.baseline.count
    for g in groups {
      let group = layout.group(g)
      let a = mean(group.accuracy)
      r.accuracy[g] = a
      r.relative[g] = relativeAccuracy(a, baseline: r.baseline)
      r.tau[g] = mean(group.tau.map(Double.init))
      r.neurons[g] = group.tau.count
    }
    return r
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    var data = FigureData()
    var sources: [AnalysisInput] = []
    var read: [String: Result] = [:]  // by stage: the numbers of every reached analysis
    var seen: [String: String] = [:]
    for input in inputs {
      let (s, a) = try AnalysisInput.read(input, kind: "ablation", figure: "ablation")
      let id = "\(s.networkID) N\(s.level)"
      if let other = seen[id] {
        throw FigureError(
          "figure ablation: inputs \(other) and \(input.stage) are the same network (config) at the same level \(s.level)",
          hint: "ablation stages that differ must analyse different networks or levels")
      }
      seen[id] = input.stage
      sources.append(s)
      if s.reached, s.curriculumGroup != nil { read[input.stage] = try Self.read(s, a) }
    }
    let kept = sources.filter { $0.curriculumGroup != nil }
    for s in kept { data.scale.add(s) }
    if kept.count < sources.count {
      data.notes.append("left out \(sources.count - kept.count) input(s) of another curriculum than single/multi")
    }

    var perNetwork = Table(
      name: "networks", title: "each network's ablation at each level given",
      columns: [
        .init("task", "parity or dms"), .init("curriculum", "single or multi"), .init("seed", "network seed"),
        .init("n", "level N (the network's curriculum level; streaming task N)"),
        .init("reached", "1 if the network reached N, else 0 (then the rest is NaN)"),
        .init("baseline", "mean streaming accuracy of the unablated network over trials"),
        .init("fast_acc", "mean accuracy over the ablated fast neurons and trials"),
        .init("slow_acc", "mean accuracy over the ablated slow neurons and trials"),
        .init("fast_rel", "relative accuracy (fast_acc − 0.5)/(baseline − 0.5)"),
        .init("slow_rel", "relative accuracy (slow_acc − 0.5)/(baseline − 0.5)"),
        .init("fast_tau", "mean raw τ of the ablated fast neurons"),
        .init("slow_tau", "mean raw τ of the ablated slow neurons"),
        .init("k", "neurons ablated per group (one at a time)"), .init("trials", "streams per evaluation"),
      ])
    perNetwork.sources = kept.map(\.source)

    // Panels: (task, level) in task order, then level.
    var panelKeys: [(task: TaskKind, level: Int)] = []
    for task in TaskKind.allCases {
      for level in Set(kept.filter { $0.config.task == task }.map(\.level)).sorted() { panelKeys.append((task, level)) }
    }
    var results: [Result] = []
    for s in kept.sorted(by: {
      ($0.config.task.rawValue, $0.level, "\($0.config.curriculum)", $0.config.seed) < (
        $1.config.task.rawValue, $1.level, "\($1.config.curriculum)", $1.config.seed
      )
    }) {
      guard s.reached else {
        data.notes.append("\(s.label): level \(s.level) not reached, no ablation (left out)")
        perNetwork.append(
          [
            .text(s.config.task.rawValue), .text(s.curriculumGroup!.rawValue), .number(Double(s.config.seed)),
            .number(Double(s.level)), 0,
          ] + Array(repeating: .number(.nan), count: 9))
        continue
      }
      let r = read[s.source.stage]!
      results.append(r)
      perNetwork.append([
        .text(s.config.task.rawValue), .text(s.curriculumGroup!.rawValue), .number(Double(s.config.seed)),
        .number(Double(s.level)), 1, .number(r.baseline),
        .number(r.accuracy["fast"]!), .number(r.accuracy["slow"]!),
        .number(r.relative["fast"]!), .number(r.relative["slow"]!),
        .number(r.tau["fast"]!), .number(r.tau["slow"]!),
        .number(Double(r.neurons["fast"]!)), .number(Double(r.trials)),
      ])
      if !(r.baseline > 0.5) {
        data.notes.append(
          "\(s.label) N = \(s.level): baseline \(r.baseline) not above chance, relative accuracy undefined (NaN)")
      }
    }
    data.tables.append(perNetwork)

    var ids: [String] = []
    var rawValues: [Double] = [], relValues: [Double] = []
    for (task, level) in panelKeys {
      let id = "\(task.rawValue)_N\(level)"
      ids.append(id)
      let here = results.filter { $0.source.config.task == task && $0.source.level == level }
      data.set("has_\(id)", !here.isEmpty)
      data.set("title_\(id)", "\(task == .parity ? "N-parity" : "N-DMS"), N = \(level)")
      let panelSources = kept.filter { $0.config.task == task && $0.level == level }.map(\.source)

      var bars = Table(
        name: "\(id)-bars", title: "mean over networks per curriculum and ablated group, \(task.rawValue) N = \(level)",
        columns: [
          .init("x", "bar position"), .init("curriculum", "single or multi"),
          .init("group", "fast or slow (the x tick's first line)"),
          .init("acc_mean", "mean over networks of the per-network accuracy"),
          .init("acc_std", "std across networks (ddof 0)"),
          .init("rel_mean", "mean over networks of the per-network relative accuracy"),
          .init("rel_std", "std across networks (ddof 0)"),
          .init("networks", "networks"), .init("tau_mean", "mean over networks of the group's mean τ"),
          .init("tau_label", "the x tick's second line"),
        ])
      var points = Table(
        name: "\(id)-points", title: "one dot per network and ablated group, \(task.rawValue) N = \(level)",
        columns: [
          .init("x", "bar position, spread by seed"), .init("acc", "the network's mean accuracy"),
          .init("rel", "the network's relative accuracy"), .init("curriculum", "single or multi"),
          .init("seed", "network seed"),
        ])
      var pairs = Table(
        name: "\(id)-pairs",
        title:
          "fast vs slow per curriculum, \(task.rawValue) N = \(level): two-sided paired t-test across networks (scipy.stats.ttest_rel)",
        columns: [
          .init("x", "centre of the curriculum's two bars"), .init("x_left", "left edge"),
          .init("x_right", "right edge"),
          .init("curriculum", "single or multi"),
          .init("baseline", "mean over networks of the unablated accuracy"),
          .init("p_raw", "paired p, raw accuracy (NaN: fewer than two networks)"),
          .init("p_rel", "paired p, relative accuracy"),
          .init("label_raw", "p_raw as printed"), .init("label_rel", "p_rel as printed"),
          .init("networks", "networks"),
        ])
      bars.sources = panelSources; points.sources = panelSources; pairs.sources = panelSources
      for c in CurriculumGroup.allCases {
        let nets = here.filter { $0.source.curriculumGroup == c }.sorted {
          $0.source.config.seed < $1.source.config.seed
        }
        for g in groups {
          let x = position(c, g)
          let acc = nets.map { $0.accuracy[g]! }, rel = nets.map { $0.relative[g]! }
          let sa = meanAndStd(acc), sr = meanAndStd(rel), st = meanAndStd(nets.map { $0.tau[g]! })
          bars.append([
            .number(x), .text(c.rawValue), .text(g), .number(sa.mean), .number(sa.std), .number(sr.mean),
            .number(sr.std),
            .number(Double(nets.count)), .number(st.mean),
            .text(nets.isEmpty ? "no data" : String(format: "τ̄ = %.2f", st.mean)),
          ])
          for (k, net) in nets.enumerated() {
            let spread = nets.count > 1 ? (Double(k) / Double(nets.count - 1) - 0.5) * 0.36 : 0
            points.append([
              .number(x + spread), .number(net.accuracy[g]!), .number(net.relative[g]!), .text(c.rawValue),
              .number(Double(net.source.config.seed)),
            ])
          }
          rawValues += acc + [sa.mean + sa.std, sa.mean - sa.std]
          relValues += rel + [sr.mean + sr.std, sr.mean - sr.std]
        }
        let fa = nets.map { $0.accuracy["fast"]! }, sa = nets.map { $0.accuracy["slow"]! }
        let fr = nets.map { $0.relative["fast"]! }, sr = nets.map { $0.relative["slow"]! }
        let pRaw = pairedP(fa, sa), pRel = pairedP(fr, sr)
        let x0 = position(c, "fast"), x1 = position(c, "slow")
        let baseline = mean(nets.map(\.baseline))
        rawValues.append(baseline)
        pairs.append([
          .number((x0 + x1) / 2), .number(x0 - 0.45), .number(x1 + 0.45), .text(c.rawValue), .number(baseline),
          .number(pRaw), .number(pRel),
          .text(nets.isEmpty ? " " : formatP(pRaw)), .text(nets.isEmpty ? " " : formatP(pRel)),
          .number(Double(nets.count)),
        ])
      }
      data.tables += [bars, points, pairs]
    }
    if ids.isEmpty {
      // No input at all: one empty panel.
      ids = ["none"]
      data.set("has_none", false)
      data.set("title_none", "ablation")
    }
    data.set("panels", ids.joined(separator: " "))
    data.set("npanels", Double(ids.count))
    let raw = axisRange(rawValues, include: [0.5, 1], headroom: 0.16)
    let rel = axisRange(relValues, include: [0, 1], headroom: 0.16)
    data.set("raw_lo", raw.lo); data.set("raw_hi", raw.hi)
    data.set("rel_lo", rel.lo); data.set("rel_hi", rel.hi)
    return data
  }
}
