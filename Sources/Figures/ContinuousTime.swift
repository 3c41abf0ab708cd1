import Artifacts
import Foundation
import Layouts

/// `continuous-time` (SPEC §1.1 continuous-time variant, §6 "Generalisation in time", §7): networks
/// trained with every digit held for k ∈ K steps (Δt = 1/k, "mod" form, τ̃ = max(τ·k, 1)).
///
/// Inputs: their `train` checkpoints (panel 1) and `continuous-time-test` artifacts (panels 2–3),
/// told apart by content (`/training` vs `/source`), grouped by config, never by stage name.
/// - Panel 1: mean and std of the trained τ vs N, single vs multi — `TauVsN`'s tables of the task
///   drawn, renamed `tau-<curriculum>`, `tau-pvalues`, `tau-networks`.
/// - Panels 2–3 (single-, multi-head): accuracy vs Δt, one line per level N: the head that answers N
///   (single-head: its one head; multi-head: head N − 2), mean over networks (std across networks in
///   the tables); the training range [1/max K, 1/min K] shaded. A level not reached is left out (noted).
///
/// The figure draws one task: the first (parity before DMS) among the inputs; others are noted.
/// Tables: `tau-*` (above), `accuracy-<curriculum>` (per k, ascending Δt: `k`, `dt`, then per level
/// `acc_N<n>`, `sd_N<n>`), `accuracy-networks` (every head of every network at every k).
/// Variables: `task_title`, `has_tau`, `tau_nmin`, `tau_nmax`, `has_acc_<curriculum>`,
/// `levels_<curriculum>` (the levels drawn, space-separated), `nlevels_max`, `dt_lo`, `dt_hi`
/// (training range), `dt_min`, `dt_max`, `acc_lo`, `acc_hi`.
public enum ContinuousTime {
  public static let builder = FigureBuilder(
    name: "continuous-time",
    summary: "continuous-time networks: mean and std of τ vs N, and accuracy vs Δt with the training range shaded",
    version: 1, build: build)

  /// One tested network at one level.
  struct Tested {
    var source: AnalysisInput
    var ks: [Int] = []
    var training: [Int] = []
    var heads: [Int] = []
    var ns: [Int] = []
    /// G×Ka, row per k.
    var accuracy: [[Double]] = []

    /// Accuracy of the head answering the level's N at each k (nil: not tested).
    var newest: [Int: Double] {
      guard let j = ns.firstIndex(of: source.level) else { return [:] }
      return Dictionary(uniqueKeysWithValues: ks.enumerated().map { ($1, accuracy[$0][j]) })
    }
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let figure = "continuous-time"
    var trainInputs: [FigureInput] = []
    var tested: [Tested] = []
    var seen: [String: String] = [:]
    var data = FigureData()
    for input in inputs {
      let a = try input.load()
      if a.attribute("config", at: "/training") != nil { trainInputs.append(input); continue }
      let (s, _) = try AnalysisInput.read(FigureInput(stage: input.stage, role: input.role, artifact: a),
                                           kind: "continuous-time-test", figure: figure)
      let id = "\(s.networkID) N\(s.level)"
      if let other = seen[id] {
        throw FigureError("figure \(figure): inputs \(other) and \(input.stage) are the same network (config) at the same level \(s.level)",
                          hint: "give the figure one continuous-time-test stage per network and level")
      }
      seen[id] = input.stage
      guard s.curriculumGroup != nil else { data.notes.append("left out \(input.stage): curriculum \(s.config.curriculum)"); continue }
      var t = Tested(source: s)
      if s.reached {
        t.ks = try s.values("/continuous_time/steps_per_digit", in: a).ints
        t.training = try s.values("/continuous_time/training_steps_per_digit", in: a).ints
        t.heads = try s.values("/continuous_time/head", in: a).ints
        t.ns = try s.values("/continuous_time/n", in: a).ints
        let acc = try s.values("/continuous_time/accuracy", in: a)
        guard acc.shape == [t.ks.count, t.heads.count], t.ns.count == t.heads.count else {
          throw FigureError("input \(input.stage): /continuous_time/accuracy is \(acc.shape), expected [\(t.ks.count), \(t.heads.count)]")
        }
        let v = acc.doubles
        t.accuracy = (0..<t.ks.count).map { Array(v[($0 * t.heads.count)..<(($0 + 1) * t.heads.count)]) }
      } else {
        data.notes.append("\(s.label): level \(s.level) not reached, not tested (left out)")
      }
      tested.append(t)
    }

    // The task drawn.
    let tasks = tested.map(\.source.config.task) + (try trainInputs.compactMap { try TrainCheckpoint($0)?.config.task })
    let task = TaskKind.allCases.first { tasks.contains($0) } ?? .parity
    let otherTask = tested.filter { $0.source.config.task != task }.count
    if otherTask > 0 { data.notes.append("left out \(otherTask) test(s) of another task than \(task.rawValue) (the figure draws one task)") }
    tested = tested.filter { $0.source.config.task == task }
    tested.sort { ($0.source.config.seed, $0.source.level) < ($1.source.config.seed, $1.source.level) }
    data.set("task_title", task == .parity ? "N-parity" : "N-DMS")

    // Panel 1: TauVsN's tables of this task.
    let tau = try TauVsN.build(trainInputs)
    let id = task.rawValue
    for var t in tau.tables where t.name == "networks" || t.name.hasPrefix(id + "-") {
      t.name = t.name == "networks" ? "tau-networks" : "tau-" + t.name.dropFirst(id.count + 1)
      data.tables.append(t)
    }
    for (name, value) in tau.variables {
      if name == "has_\(id)" { data.variables.append(("has_tau", value)) }
      if name == "nmin_\(id)" { data.variables.append(("tau_nmin", value)) }
      if name == "nmax_\(id)" { data.variables.append(("tau_nmax", value)) }
    }
    data.notes += tau.notes

    // Panels 2–3: accuracy of the newest head vs Δt, per level.
    let drawn = tested.filter { $0.source.reached && !$0.ks.isEmpty }
    let grid = Set(drawn.flatMap(\.ks)).sorted(by: >)  // ascending Δt
    var all: [Double] = []
    var nlevels = 0
    for c in CurriculumGroup.allCases {
      let ofC = drawn.filter { $0.source.curriculumGroup == c }
      let levels = Set(ofC.map(\.source.level)).sorted()
      nlevels = max(nlevels, levels.count)
      var columns: [Table.Column] = [.init("k", "steps per digit"), .init("dt", "Δt = 1/k")]
      for n in levels {
        columns += [.init("acc_N\(n)", "mean over networks at level \(n) of the accuracy of the head answering N = \(n)"),
                    .init("sd_N\(n)", "std across those networks (ddof 0)")]
      }
      var t = Table(name: "accuracy-\(c.rawValue)",
                    title: "\(c.rawValue)-head \(task.rawValue) networks: accuracy of the head answering N = level vs Δt (NaN: not tested)",
                    columns: columns)
      t.sources = tested.filter { $0.source.curriculumGroup == c }.map(\.source.source)
      for k in grid {
        var row: [Table.Cell] = [.number(Double(k)), .number(1 / Double(k))]
        for n in levels {
          let s = meanAndStd(ofC.filter { $0.source.level == n }.compactMap { $0.newest[k] })
          row += [.number(s.mean), .number(s.std)]
          all.append(s.mean)
        }
        t.append(row)
      }
      data.tables.append(t)
      data.set("has_acc_\(c.rawValue)", !levels.isEmpty && !grid.isEmpty)
      data.set("levels_\(c.rawValue)", levels.map(String.init).joined(separator: " "))
    }
    data.set("nlevels_max", Double(nlevels))

    var perHead = Table(name: "accuracy-networks", title: "accuracy of every tested head of every network at every Δt", columns: [
      .init("curriculum", "single or multi"), .init("seed", "network seed"), .init("level", "curriculum level N_max"),
      .init("head", "head"), .init("n", "N the head answers"), .init("k", "steps per digit"), .init("dt", "Δt = 1/k"),
      .init("accuracy", "training-protocol accuracy"),
    ])
    perHead.sources = tested.map(\.source.source)
    for t in drawn {
      for (g, k) in t.ks.enumerated() {
        for j in t.heads.indices {
          perHead.append([.text(t.source.curriculumGroup!.rawValue), .number(Double(t.source.config.seed)), .number(Double(t.source.level)),
                          .number(Double(t.heads[j])), .number(Double(t.ns[j])), .number(Double(k)), .number(1 / Double(k)),
                          .number(t.accuracy[g][j])])
        }
      }
    }
    data.tables.append(perHead)

    // The training range (the union over the networks drawn) and the axes.
    let training = Set(drawn.flatMap(\.training))
    if Set(drawn.map { $0.training.sorted() }).count > 1 {
      data.notes.append("the networks were trained with different k sets: the shaded range is their union")
    }
    data.set("dt_lo", 1 / Double(training.max() ?? 1))
    data.set("dt_hi", 1 / Double(training.min() ?? 1))
    data.set("dt_min", 1 / Double(grid.first ?? 200) / 1.3)
    data.set("dt_max", 1 / Double(grid.last ?? 1) * 1.3)
    let acc = axisRange(all, include: [0.45, 1], headroom: 0.12)
    data.set("acc_lo", acc.lo); data.set("acc_hi", acc.hi)
    return data
  }
}
