import Artifacts
import Foundation
import Layouts

/// `continuous-time` (docs/method.md §1.1 continuous-time variant, §6 "Generalisation in time", §7): networks
/// trained with every digit held for k ∈ K steps (Δt = 1/k, "mod" form, τ̃ = max(τ·k, 1)), and networks
/// trained on one k only (the paper's multi[10]) beside them.
///
/// Inputs: their `train` checkpoints (top row) and `continuous-time-test` artifacts (bottom row),
/// told apart by content (`/training` vs `/source`), grouped by config, never by stage name; a network
/// trained with one k is told apart by its config's `stepsPerDigit`.
/// - Top: mean and std of the trained τ vs N, single vs multi — `TauVsN`'s tables of the task drawn,
///   renamed `tau-<curriculum>`, `tau-pvalues`, `tau-networks` (one-k networks: the same with `-onek`).
/// - Bottom, one panel per curriculum and k set: accuracy vs Δt, one line per level N: the head that
///   answers N (single-head: its one head; multi-head: head N − 2), mean over networks (std across
///   networks in the tables); the panel's training range [1/max K, 1/min K] shaded. A level not
///   reached is left out (noted).
///
/// The figure draws one task: the first (parity before DMS) among the inputs; others are noted.
/// Tables: `tau-*` (above), `accuracy-<panel>` (per k, ascending Δt: `k`, `dt`, then per level
/// `acc_N<n>`, `sd_N<n>`; panel `single`, `multi`, `multi-onek`, …), `accuracy-networks` (every head of
/// every network at every k). Variables: `task_title`, `has_tau`, `has_tau_onek`, `onek_label`,
/// `tau_nmin`, `tau_nmax`, `acc_panels`, and per panel p (- as _): `has_acc_<p>`, `levels_<p>`,
/// `acc_title_<p>`, `dt_lo_<p>`, `dt_hi_<p>` (training range); `nlevels_max`, `dt_min`, `dt_max`, `acc_lo`, `acc_hi`.
public enum ContinuousTime {
  public static let builder = FigureBuilder(
    name: "continuous-time",
    summary: "continuous-time networks: mean and std of τ vs N, and accuracy vs Δt with the training range shaded",
    version: 2, build: build)

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
      let (s, _) = try AnalysisInput.read(
        FigureInput(stage: input.stage, role: input.role, artifact: a),
        kind: "continuous-time-test", figure: figure)
      let id = "\(s.networkID) N\(s.level)"
      if let other = seen[id] {
        throw FigureError(
          "figure \(figure): inputs \(other) and \(input.stage) are the same network (config) at the same level \(s.level)",
          hint: "give the figure one continuous-time-test stage per network and level")
      }
      seen[id] = input.stage
      guard s.curriculumGroup != nil else {
        data.notes.append("left out \(input.stage): curriculum \(s.config.curriculum)"); continue
      }
      var t = Tested(source: s)
      if s.reached {
        let layout = try s.layout { try ContinuousTimeLayout(a) }
        t.ks = layout.stepsPerDigit
        t.training = layout.trainingStepsPerDigit
        t.heads = layout.heads
        t.ns = layout.ns
        t.accuracy = t.ks.indices.map { Array(layout.row($0)) }
      } else {
        data.notes.append("\(s.label): level \(s.level) not reached, not tested (left out)")
      }
      tested.append(t)
    }

    // The task drawn.
    let tasks = tested.map(\.source.config.task) + (try trainInputs.compactMap { try TrainCheckpoint($0)?.config.task })
    let task = TaskKind.allCases.first { tasks.contains($0) } ?? .parity
    let otherTask = tested.filter { $0.source.config.task != task }.count
    if otherTask > 0 {
      data.notes.append(
        "left out \(otherTask) test(s) of another task than \(task.rawValue) (the figure draws one task)")
    }
    tested = tested.filter { $0.source.config.task == task }
    tested.sort { ($0.source.config.seed, $0.source.level) < ($1.source.config.seed, $1.source.level) }
    data.set("task_title", task == .parity ? "N-parity" : "N-DMS")

    // τ panels: TauVsN's tables of this task, for the networks trained on the set of k and for
    // those trained on one k ("-onek").
    var oneK: [FigureInput] = [], set: [FigureInput] = []
    var oneKLabels = Set<String>()
    for input in trainInputs {
      guard let c = try TrainCheckpoint(input) else { continue }
      if let ks = c.config.stepsPerDigit, ks.count == 1 {
        oneK.append(input); oneKLabels.insert("k = \(ks[0])")
      } else {
        set.append(input)
      }
    }
    let id = task.rawValue
    for (inputs, suffix) in [(set, ""), (oneK, "-onek")] where suffix.isEmpty || !inputs.isEmpty {
      let tau = try TauVsN.build(inputs)
      for var t in tau.tables where t.name == "networks" || t.name.hasPrefix(id + "-") {
        t.name = (t.name == "networks" ? "tau-networks" : "tau-" + t.name.dropFirst(id.count + 1)) + suffix
        data.tables.append(t)
      }
      for (name, value) in tau.variables {
        if name == "has_\(id)" {
          data.variables.append(("has_tau" + suffix.replacingOccurrences(of: "-", with: "_"), value))
        }
        if suffix.isEmpty, name == "nmin_\(id)" { data.variables.append(("tau_nmin", value)) }
        if suffix.isEmpty, name == "nmax_\(id)" { data.variables.append(("tau_nmax", value)) }
      }
      data.notes += tau.notes
      data.scale.add(tau.scale)
    }
    if oneK.isEmpty { data.set("has_tau_onek", false) }
    data.set("onek_label", oneKLabels.sorted().joined(separator: ", "))

    // Accuracy panels: the head answering the level's N vs Δt, per level; per curriculum for the
    // networks trained on the set of k, then for those trained on one k.
    let drawn = tested.filter { $0.source.reached && !$0.ks.isEmpty }
    let grid = Set(drawn.flatMap(\.ks)).sorted(by: >)  // ascending Δt
    var all: [Double] = []
    var nlevels = 0
    var panels: [String] = []
    for onlyOneK in [false, true] {
      for c in CurriculumGroup.allCases {
        let isOneK = { (t: Tested) in t.source.config.stepsPerDigit?.count == 1 }
        let ofC = drawn.filter { $0.source.curriculumGroup == c && isOneK($0) == onlyOneK }
        let panel = c.rawValue + (onlyOneK ? "-onek" : "")
        if onlyOneK && !tested.contains(where: { $0.source.curriculumGroup == c && isOneK($0) }) { continue }
        panels.append(panel)
        let levels = Set(ofC.map(\.source.level)).sorted()
        nlevels = max(nlevels, levels.count)
        var columns: [Table.Column] = [.init("k", "steps per digit"), .init("dt", "Δt = 1/k")]
        for n in levels {
          columns += [
            .init("acc_N\(n)", "mean over networks at level \(n) of the accuracy of the head answering N = \(n)"),
            .init("sd_N\(n)", "std across those networks (ddof 0)"),
          ]
        }
        let training = Set(
          tested.filter { $0.source.curriculumGroup == c && isOneK($0) == onlyOneK }
            .flatMap { $0.source.config.stepsPerDigit ?? [1] }
        ).sorted()
        var t = Table(
          name: "accuracy-\(panel)",
          title:
            "\(c.rawValue)-head \(task.rawValue) networks trained with k ∈ \(training): accuracy of the head answering N = level vs Δt (NaN: not tested)",
          columns: columns)
        t.sources = ofC.map(\.source.source)
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
        let key = panel.replacingOccurrences(of: "-", with: "_")
        data.set("has_acc_\(key)", !levels.isEmpty && !grid.isEmpty)
        data.set("levels_\(key)", levels.map(String.init).joined(separator: " "))
        data.set(
          "acc_title_\(key)",
          "\(c.rawValue)-head, "
            + (training.count == 1
              ? "k = \(training[0]) only" : "k ∈ {\(training.map(String.init).joined(separator: ", "))}"))
        // The Δt the networks of this panel were trained with.
        data.set("dt_lo_\(key)", 1 / Double(training.max() ?? 1))
        data.set("dt_hi_\(key)", 1 / Double(training.min() ?? 1))
      }
    }
    data.set("acc_panels", panels.joined(separator: " "))
    data.set("nlevels_max", Double(nlevels))

    var perHead = Table(
      name: "accuracy-networks", title: "accuracy of every tested head of every network at every Δt",
      columns: [
        .init("curriculum", "single or multi"), .init("seed", "network seed"), .init("level", "curriculum level N_max"),
        .init("head", "head"), .init("n", "N the head answers"), .init("k", "steps per digit"), .init("dt", "Δt = 1/k"),
        .init("accuracy", "training-protocol accuracy"), .init("training_k", "the k the network was trained with"),
      ])
    perHead.sources = tested.map(\.source.source)
    for t in drawn {
      for (g, k) in t.ks.enumerated() {
        for j in t.heads.indices {
          perHead.append([
            .text(t.source.curriculumGroup!.rawValue), .number(Double(t.source.config.seed)),
            .number(Double(t.source.level)),
            .number(Double(t.heads[j])), .number(Double(t.ns[j])), .number(Double(k)), .number(1 / Double(k)),
            .number(t.accuracy[g][j]), .text(t.training.map(String.init).joined(separator: ",")),
          ])
        }
      }
    }
    data.tables.append(perHead)

    data.set("dt_min", 1 / Double(grid.first ?? 200) / 1.3)
    data.set("dt_max", 1 / Double(grid.last ?? 1) * 1.3)
    let acc = axisRange(all, include: [0.45, 1], headroom: 0.12)
    data.set("acc_lo", acc.lo); data.set("acc_hi", acc.hi)
    return data
  }
}
