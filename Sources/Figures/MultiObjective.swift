import Foundation
import Layouts

/// `multi-objective` (the paper's appendix: "the multi-head curriculum emerges when training on a
/// multi-objective task without introducing an explicit curriculum"): networks trained from the first
/// epoch with one head for every N = 2 … N_target, all in the loss, nothing added later (curriculum
/// `multiobjective-N`), beside the multi-head curriculum of the same task.
///
/// Per task: the test accuracy of each head against the epoch, mean over the multi-objective networks
/// (a network whose run ended — every head learned — no longer counts); the first epoch at which each
/// head's accuracy exceeded 98 % (the threshold of the advance rule), per network and its mean over the
/// networks whose head got there; and the epoch at which multi-head curriculum networks passed level N
/// (`TrainingSpeed.reachedCurve`). Heads passing in order of N, like the curriculum's levels, is the
/// emergent curriculum.
///
/// Tables: `<task>-heads`, `<task>-first-pass`, `<task>-first-pass-mean`, `<task>-curriculum`.
/// Variables: `tasks` (those with multi-objective networks), `ns_<task>` (the heads' N, space-separated).
public enum MultiObjective {
  public static let builder = FigureBuilder(
    name: "multi-objective",
    summary:
      "multi-objective training: per-head accuracy vs epoch, epoch each head passed vs the multi-head curriculum",
    version: 1, build: build)

  static let threshold = 0.98

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let all = try TrainedNetworks.read(inputs, figure: "multi-objective")
    var data = FigureData()
    let isObjective = { (n: TrainedNetwork) -> Bool in
      if case .multiObjective = n.config.curriculum { true } else { false }
    }
    let objective = all.filter { isObjective($0) && $0.config.cell == nil && $0.config.tau.isTrained }
    let curriculum = all.filter { $0.config.curriculum == .multi && $0.config.cell == nil && $0.config.tau.isTrained }
    let tasks = TaskKind.allCases.filter { t in objective.contains { $0.config.task == t } }
    data.set("tasks", tasks.map(\.rawValue).joined(separator: " "))
    if tasks.isEmpty { data.notes.append("no multi-objective networks among the inputs") }

    for task in tasks {
      let nets = objective.filter { $0.config.task == task }.sorted { $0.config.seed < $1.config.seed }
      let ns = Array(2...nets.map(\.latest.level).max()!)
      data.set("ns_\(task.rawValue)", ns.map(String.init).joined(separator: " "))
      for net in nets {
        for n in ns {
          data.scale.add(
            condition: "\(task.rawValue)-objective", seed: net.config.seed, neurons: net.config.neurons, level: n)
        }
      }

      var heads = Table(
        name: "\(task.rawValue)-heads",
        title:
          "test accuracy of each head per epoch, mean over the multi-objective \(task.rawValue) networks still training",
        columns: [.init("epoch", "epochs trained")]
          + ns.map { .init("acc_N\($0)", "mean test accuracy of the head answering N = \($0)") })
      heads.sources = nets.flatMap(\.sources)
      let epochs = nets.map(\.history.count).max() ?? 0
      for e in 0..<epochs {
        var row: [Table.Cell] = [.number(Double(e + 1))]
        for n in ns {
          let v = nets.compactMap { net -> Double? in
            guard e < net.history.count, let j = net.history[e].ns.firstIndex(of: n) else { return nil }
            return net.history[e].accuracy[j]
          }
          row.append(.number(v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)))
        }
        heads.append(row)
      }

      var first = Table(
        name: "\(task.rawValue)-first-pass",
        title:
          "first epoch at which each head's test accuracy exceeded 98 %, per multi-objective \(task.rawValue) network",
        columns: [
          .init("x", "N, spread sideways by seed"), .init("epoch", "first epoch with accuracy > 0.98 (NaN: never)"),
          .init("n", "the head's N"), .init("seed", "network seed"),
        ])
      first.sources = heads.sources
      var firstMean = LevelCurve(metrics: [.init("epoch", "first epoch with the head's accuracy > 0.98")])
      firstMean.networks = nets.count
      for (k, net) in nets.enumerated() {
        let spread = nets.count > 1 ? (Double(k) / Double(nets.count - 1) - 0.5) * 0.3 : 0
        for n in ns {
          let epoch = net.history.first { r in r.ns.firstIndex(of: n).map { r.accuracy[$0] > threshold } ?? false }?
            .epoch
          first.append([
            .number(Double(n) + spread), .number(epoch.map(Double.init) ?? .nan), .number(Double(n)),
            .number(Double(net.config.seed)),
          ])
          if let epoch { firstMean.add(level: n, values: [Double(epoch)]) }
        }
      }
      var mean = firstMean.table(
        name: "\(task.rawValue)-first-pass-mean",
        title:
          "first epoch each head passed 98 %, across the multi-objective \(task.rawValue) networks whose head passed")
      mean.sources = heads.sources

      let curr = curriculum.filter { $0.config.task == task }
      var passed = LevelCurve(metrics: [
        .init("epoch", "epochs the multi-head curriculum needed to pass level N (cumulative)")
      ])
      passed.networks = curr.count
      for net in curr {
        data.scale.add(condition: "\(task.rawValue)-multi", seed: net.config.seed, neurons: net.config.neurons)
        let curve = TrainingSpeed.reachedCurve(net)
        for n in ns { if let e = TrainingSpeed.epochsToReach(n, curve) { passed.add(level: n, values: [Double(e)]) } }
      }
      var c = passed.table(
        name: "\(task.rawValue)-curriculum",
        title: "epoch at which multi-head curriculum \(task.rawValue) networks passed level N")
      c.sources = curr.flatMap(\.sources)
      data.tables += [heads, first, mean, c]
    }
    return data
  }
}
