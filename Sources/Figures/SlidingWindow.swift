import Artifacts
import Foundation
import Layouts

/// `sliding-window` (the paper's appendix): networks trained with the sliding-window curriculum (W
/// heads; when the level passes, the F smallest N are dropped and F larger ones added) beside single-
/// and multi-head networks of the same tasks.
///
/// Inputs: train checkpoints (told apart by content: `/training`) and tau-net analyses (`/source`),
/// grouped by task, curriculum and seed. Per task: the largest N reached vs epoch (a line per network,
/// as in `training-speed`); per network and reached level the mean and std of the trained τ over
/// neurons and the mean τ_net over its neurons with τ_net > 1 (as in `tau-net-vs-n`); per curriculum
/// and N their mean over networks and std across them (`LevelCurve`). A sliding-window network's levels
/// are N = W + 1, W + 1 + F, …; its N is the largest N its heads answer. Only the tasks with
/// sliding-window networks are drawn (all tasks when there are none).
///
/// Tables: `<task>-reached-<curriculum>`, `<task>-<curriculum>` (curriculum single, multi or sliding).
/// Variables: `tasks`, `sliding_title`, `has_reached_<task>_<curriculum>`, `has_<task>_<curriculum>_<k>`
/// (k = 0 mean τ, 1 std τ, 2 τ_net), `nmin_<task>`, `nmax_<task>`.
public enum SlidingWindow {
  public static let builder = FigureBuilder(
    name: "sliding-window",
    summary: "sliding-window curriculum beside single- and multi-head: N reached vs epoch, τ and τ_net vs N",
    version: 1, build: build)

  static let curricula = ["single", "multi", "sliding"]
  static let metrics: [Table.Column] = [
    .init("tau_mean", "mean trained τ over the network's neurons"),
    .init("tau_std", "std of trained τ over the network's neurons (ddof 0)"),
    .init("tau_net", "mean τ_net over the network's neurons with τ_net > 1"),
  ]

  /// "single", "multi" or "sliding"; nil for the other curricula.
  static func name(_ c: Curriculum) -> String? {
    switch c {
    case .single: "single"
    case .multi: "multi"
    case .slidingWindow: "sliding"
    default: nil
    }
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    var data = FigureData()
    var trainInputs: [FigureInput] = []
    // τ_net by "task curriculum seed" and level.
    var tauNet: [String: [Int: Double]] = [:]
    for input in inputs {
      let a = try input.load()
      if a.attribute("config", at: "/training") != nil { trainInputs.append(input); continue }
      let (s, _) = try AnalysisInput.read(
        FigureInput(stage: input.stage, role: input.role, artifact: a), kind: "tau-net", figure: "sliding-window")
      guard s.reached, let c = name(s.config.curriculum), s.config.tau.isTrained else { continue }
      let kept = try s.layout { try TauNetLayout(a) }.neurons.tauNet.filter { $0 > 1 }
      tauNet["\(s.config.task.rawValue) \(c) \(s.config.seed)", default: [:]][s.level] = meanAndStd(kept).mean
    }
    let all = try TrainedNetworks.read(trainInputs, figure: "sliding-window")
    let networks = all.filter { $0.config.cell == nil && $0.config.tau.isTrained && name($0.config.curriculum) != nil }
    if networks.count < all.count {
      data.notes.append("left out \(all.count - networks.count) network(s) with fixed τ, a gated cell or no curriculum")
    }

    let slidingTasks = TaskKind.allCases.filter { t in
      networks.contains { $0.config.task == t && name($0.config.curriculum) == "sliding" }
    }
    let tasks =
      slidingTasks.isEmpty ? TaskKind.allCases.filter { t in networks.contains { $0.config.task == t } } : slidingTasks
    data.set("tasks", tasks.map(\.rawValue).joined(separator: " "))
    let windows = Set(
      networks.compactMap { n -> String? in
        if case .slidingWindow(let w, let f) = n.config.curriculum { return "W = \(w), F = \(f)" } else { return nil }
      })
    data.set("sliding_title", "sliding window" + (windows.count == 1 ? " (\(windows.first!))" : ""))

    for task in tasks {
      var levels: [Int] = []
      for c in curricula {
        let nets = networks.filter { $0.config.task == task && name($0.config.curriculum) == c }
        var reached = Table(
          name: "\(task.rawValue)-reached-\(c)",
          title:
            "largest N reached by the end of each epoch, \(c) \(task.rawValue) networks (blank line between networks)",
          columns: [
            .init("epoch", "epochs trained (0: before training)"),
            .init("n_reached", "largest level passed so far (first level − 1 before any)"),
            .init("seed", "network seed"),
          ])
        var curve = LevelCurve(metrics: metrics)
        curve.networks = nets.count
        for net in nets {
          if !reached.rows.isEmpty { reached.appendBreak() }
          for p in TrainingSpeed.reachedCurve(net) {
            reached.append([.number(Double(p.epoch)), .number(Double(p.reached)), .number(Double(net.config.seed))])
          }
          for (level, ck) in net.checkpoints.sorted(by: { $0.key < $1.key }) where ck.reached {
            let s = meanAndStd(ck.tau)
            curve.add(
              level: level, values: [s.mean, s.std, tauNet["\(task.rawValue) \(c) \(net.config.seed)"]?[level] ?? .nan])
            data.scale.add(
              condition: "\(task.rawValue)-\(c)", seed: net.config.seed, neurons: net.config.neurons, level: level)
          }
        }
        reached.sources = nets.flatMap(\.sources)
        data.set("has_reached_\(task.rawValue)_\(c)", !nets.isEmpty)
        for k in metrics.indices { data.set("has_\(task.rawValue)_\(c)_\(k)", curve.has(metric: k)) }
        levels += curve.levels
        var t = curve.table(
          name: "\(task.rawValue)-\(c)",
          title: "trained τ and τ_net across \(c) \(task.rawValue) networks, per level reached")
        t.sources = reached.sources
        data.tables += [reached, t]
      }
      data.set("nmin_\(task.rawValue)", Double(levels.min() ?? 2))
      data.set("nmax_\(task.rawValue)", Double(max(levels.max() ?? 3, (levels.min() ?? 2) + 1)))
    }
    return data
  }
}
