import Foundation
import Layouts
import Numerics

/// The paper's claims (`ClaimDefinitions`) tested on a profile's artifacts: each claim's
/// per-network values are taken from `ClaimEvidence` here, the test and verdict are
/// `ClaimDecision`'s. One row per claim and task (perturbation: per task and target; gated
/// networks: per architecture).
public enum PaperClaims {
  public static func evaluate(_ inputs: [FigureInput], profile: String) throws -> (
    report: ClaimsReport, notes: [String]
  ) {
    let ev = try ClaimEvidence(inputs)
    let tasks = ev.tasks.isEmpty ? [TaskKind.parity] : ev.tasks
    func tasksOf<T>(_ items: [T], _ task: (T) -> TaskKind) -> [TaskKind] {
      let found = TaskKind.allCases.filter { t in items.contains { task($0) == t } }
      return found.isEmpty ? [.parity] : found
    }
    var rows: [ClaimResult] = []
    rows += tasks.map { spreading(ev, $0) }
    let tauNetTasks = tasksOf(ev.tauNet?.points ?? [], \.task)
    for t in tauNetTasks { rows += tauNetMediated(ev, t) }
    rows += tasks.map { trainingSpeed(ev, $0) }
    for t in tasksOf(ev.ablation, \.source.config.task) { rows += ablation(ev, t) }
    for t in tasksOf(ev.perturbation, \.curve.source.config.task) {
      rows += Perturbation.targets.map { perturbation(ev, t, target: $0) }
    }
    rows += tasksOf(ev.retraining, \.first.config.task).map { retraining(ev, $0) }
    rows += GatedCell.allCases.map { gated(ev, $0) }
    rows += tasksOf(ev.forgetting, \.source.config.task).map { forgetting(ev, $0) }
    rows += tasksOf(ev.fixedTau, \.config.task).map { fixedTau(ev, $0) }
    rows += tauNetTasks.map { tauNetRatio(ev, $0) }
    rows += tasksOf(ev.noCurriculum, \.config.task).map { noCurriculum(ev, $0) }
    return (ClaimsReport(profile: profile, rows: rows), ev.notes)
  }

  // MARK: the claims

  static func spreading(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    let d = ClaimDefinitions.spreading, scope = task.rawValue
    let single = networks(ev.trained, task, .single), multi = networks(ev.trained, task, .multi)
    let stdAt = { (net: TrainedNetwork, n: Int) -> Double? in
      net.checkpoints[n].flatMap { $0.reached ? meanAndStd($0.tau).std : nil }
    }
    guard let top = highestCommonLevel(single, multi, stdAt) else {
      return ClaimDecision.notEnoughData(
        d, scope: scope,
        "no level that every network of both curricula reached (or fewer than two networks per curriculum)")
    }
    let levels = Array(2...max(2, top))
    guard levels.count >= ClaimDefinitions.levelsForSlope else {
      return ClaimDecision.notEnoughData(
        d, scope: scope,
        "every network reached only N = 2…\(top): fewer than \(ClaimDefinitions.levelsForSlope) levels for a slope")
    }
    func slope(_ net: TrainedNetwork) -> Double { slopeOver(levels) { stdAt(net, $0) } }
    return ClaimDecision.twoGroups(
      d, scope: scope, first: single.map(slope), second: multi.map(slope),
      at: "per N, N = 2…\(top)")
  }

  /// C2 and its supporting row C2a.
  static func tauNetMediated(_ ev: ClaimEvidence, _ task: TaskKind) -> [ClaimResult] {
    let (d, da) = (ClaimDefinitions.tauNetMediated, ClaimDefinitions.tauNetGrows)
    let scope = task.rawValue
    let byNetwork = tauNetByNetwork(ev, task, .multi)
    guard let top = highestLevelInEvery(byNetwork.values.map { Set($0.keys) }),
      byNetwork.count >= ClaimDefinitions.networksPerSide
    else {
      let why = "fewer than two multi-head networks with τ_net at a common level"
      return [ClaimDecision.notEnoughData(d, scope: scope, why), ClaimDecision.notEnoughData(da, scope: scope, why)]
    }
    let levels = Array(2...max(2, top))
    guard levels.count >= ClaimDefinitions.levelsForSlope else {
      let why =
        "every multi-head network has τ_net only at N = 2…\(top): fewer than \(ClaimDefinitions.levelsForSlope) levels for a slope"
      return [ClaimDecision.notEnoughData(d, scope: scope, why), ClaimDecision.notEnoughData(da, scope: scope, why)]
    }
    let trained = Dictionary(
      networks(ev.trained, task, .multi).map { (networkID($0), $0) }, uniquingKeysWith: { a, _ in a })
    let ids = byNetwork.keys.sorted()
    let tauNetSlopes = ids.map { id in slopeOver(levels) { byNetwork[id]![$0] } }
    let tauSlopes = ids.map { id in
      slopeOver(levels) { n in trained[id]?.checkpoints[n].flatMap { $0.reached ? mean($0.tau) : nil } }
    }
    let at = "per N, N = 2…\(top)"
    var mediated = ClaimDecision.oneGroup(d, scope: scope, values: zip(tauNetSlopes, tauSlopes).map { $0 - $1 }, at: at)
    if mediated.verdict != .notEnoughData {
      mediated.effect += String(
        format: " (τ_net %.3g, τ %.3g per N)", mean(tauNetSlopes), mean(tauSlopes.filter(\.isFinite)))
    } else if trained.isEmpty {
      mediated.note = "no multi-head train artifacts to read τ from"
    }
    return [mediated, ClaimDecision.oneGroup(da, scope: scope, values: tauNetSlopes, at: at)]
  }

  static func trainingSpeed(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    let d = ClaimDefinitions.trainingSpeed, scope = task.rawValue
    let single = networks(ev.trained, task, .single), multi = networks(ev.trained, task, .multi)
    let epochs = { (net: TrainedNetwork, n: Int) -> Double? in
      TrainingSpeed.epochsToReach(n, TrainingSpeed.reachedCurve(net)).map(Double.init)
    }
    guard let n = highestCommonLevel(single, multi, epochs) else {
      return ClaimDecision.notEnoughData(
        d, scope: scope,
        "no level that every network of both curricula reached (or fewer than two networks per curriculum)")
    }
    return ClaimDecision.twoGroups(
      d, scope: scope, first: multi.compactMap { epochs($0, n) }, second: single.compactMap { epochs($0, n) },
      at: "epochs at N = \(n)")
  }

  /// C4 and its supporting rows C4a, C4b.
  static func ablation(_ ev: ClaimEvidence, _ task: TaskKind) -> [ClaimResult] {
    let defs = [ClaimDefinitions.ablation, ClaimDefinitions.ablationSingle, ClaimDefinitions.ablationMulti]
    let scope = task.rawValue
    let results = ev.ablation.filter { $0.source.config.task == task }
    guard
      let (n, here) = highestLevelWithTwoPerCurriculum(results, level: \.source.level, group: \.source.curriculumGroup)
    else {
      return defs.map {
        ClaimDecision.notEnoughData(
          $0, scope: scope, "fewer than two networks per curriculum with an ablation at one level")
      }
    }
    func fastMinusSlow(_ g: CurriculumGroup) -> [Double] {
      here.filter { $0.source.curriculumGroup == g }.sorted { $0.source.config.seed < $1.source.config.seed }
        .map { ($0.accuracy["fast"] ?? .nan) - ($0.accuracy["slow"] ?? .nan) }
    }
    let single = fastMinusSlow(.single), multi = fastMinusSlow(.multi), at = "at N = \(n)"
    return [
      ClaimDecision.twoGroups(defs[0], scope: scope, first: single, second: multi, at: at),
      ClaimDecision.oneGroup(defs[1], scope: scope, values: single, at: at),
      ClaimDecision.oneGroup(defs[2], scope: scope, values: multi, at: at),
    ]
  }

  static func perturbation(_ ev: ClaimEvidence, _ task: TaskKind, target: String) -> ClaimResult {
    let d = ClaimDefinitions.perturbation, scope = "\(task.rawValue), \(target == "tau" ? "τ" : "W^R")"
    let curves = ev.perturbation.filter { $0.target == target && $0.curve.source.config.task == task }.map(\.curve)
    guard
      let (n, here) = highestLevelWithTwoPerCurriculum(curves, level: \.source.level, group: \.source.curriculumGroup)
    else {
      return ClaimDecision.notEnoughData(
        d, scope: scope, "fewer than two networks per curriculum perturbed at one level")
    }
    func score(_ g: CurriculumGroup) -> [Double] {
      here.filter { $0.source.curriculumGroup == g }.map { c in
        mean(c.epsilons.indices.filter { c.epsilons[$0] > 0 }.map { mean(c.relative[$0]) })
      }
    }
    return ClaimDecision.twoGroups(d, scope: scope, first: score(.multi), second: score(.single), at: "at N = \(n)")
  }

  static func retraining(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    let d = ClaimDefinitions.retraining, scope = task.rawValue
    let nets = ev.retraining.filter { $0.first.config.task == task }
    guard let (level, here) = highestLevelWithTwoPerCurriculum(nets, level: \.level, group: \.first.curriculumGroup)
    else {
      return ClaimDecision.notEnoughData(d, scope: scope, "fewer than two retrained networks per curriculum")
    }
    func score(_ g: CurriculumGroup) -> [Double] {
      here.filter { $0.first.curriculumGroup == g }.map { net in
        mean(net.accuracy.keys.filter { $0 != level }.map { net.relative($0) })
      }
    }
    return ClaimDecision.twoGroups(
      d, scope: scope, first: score(.multi), second: score(.single), at: "from L = \(level)")
  }

  static func gated(_ ev: ClaimEvidence, _ cell: GatedCell) -> ClaimResult {
    let nets = ev.gated.filter { $0.config.cell == cell }
    func reached(_ g: CurriculumGroup) -> [Double] {
      nets.filter { $0.curriculumGroup == g }.map { Double($0.largestReached) }
    }
    let ceiling = nets.flatMap(\.checkpoints.keys).max().map(Double.init)
    return ClaimDecision.twoGroups(
      ClaimDefinitions.gated, scope: cell.rawValue, first: reached(.multi), second: reached(.single),
      ceiling: ceiling)
  }

  static func forgetting(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    let d = ClaimDefinitions.forgetting, scope = task.rawValue
    let trained = Dictionary(
      networks(ev.trained, task, .single).map { (networkID($0), $0) }, uniquingKeysWith: { a, _ in a })
    let nets = ev.forgetting.filter { $0.source.config.task == task && $0.source.curriculumGroup == .single }
    var missing = 0
    let change = nets.map { net -> Double in
      guard let history = trained[net.source.networkID]?.history else { missing += 1; return .nan }
      return mean(
        net.accuracy.filter { $0.key < net.source.level }.map { n, now in now - (accuracyWhenPassed(n, history) ?? .nan)
        })
    }
    let levels = Set(nets.map(\.source.level)).sorted().map(String.init).joined(separator: ", ")
    var r = ClaimDecision.oneGroup(
      d, scope: scope, values: change, at: levels.isEmpty ? "" : "(accuracy change, N_max = \(levels))")
    if missing > 0 { r.addNote("\(missing) network(s) without their train artifacts (no accuracy when passed)") }
    r.addNote("multi-head networks keep training every head, so they are not compared")
    return r
  }

  static func fixedTau(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    let d = ClaimDefinitions.fixedTau, scope = task.rawValue
    let trained = networks(ev.trained, task, .single)
    let fixed = networks(ev.fixedTau, task, .single).filter {
      if case .fixed(let v) = $0.config.tau { v == 1 } else { false }
    }
    let ceiling = (trained + fixed).flatMap(\.checkpoints.keys).max().map(Double.init)
    return ClaimDecision.twoGroups(
      d, scope: scope, first: trained.map { Double($0.largestReached) },
      second: fixed.map { Double($0.largestReached) },
      ceiling: ceiling, format: "%.2f")
  }

  static func tauNetRatio(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    let d = ClaimDefinitions.tauNetRatio, scope = task.rawValue
    let single = tauNetByNetwork(ev, task, .single), multi = tauNetByNetwork(ev, task, .multi)
    guard single.count >= 2, multi.count >= 2,
      let n = highestLevelInEvery((Array(single.values) + Array(multi.values)).map { Set($0.keys) })
    else {
      return ClaimDecision.notEnoughData(
        d, scope: scope, "no level at which two or more networks per curriculum, and every one, have τ_net")
    }
    let m = multi.values.map { $0[n]! }, s = single.values.map { $0[n]! }
    var r = ClaimDecision.twoGroups(d, scope: scope, first: m, second: s, at: "at N = \(n)")
    if r.verdict != .notEnoughData { r.effect += String(format: " (ratio %.2f)", mean(m) / mean(s)) }
    return r
  }

  static func noCurriculum(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    let d = ClaimDefinitions.noCurriculum
    let none = ev.noCurriculum.filter { $0.config.task == task }
    guard let n = none.map(\.config.curriculum.firstLevel).max() else {
      return ClaimDecision.notEnoughData(d, scope: task.rawValue, "no networks trained without a curriculum")
    }
    let passedNone = none.filter { $0.config.curriculum.firstLevel == n }.map { $0.largestReached >= n ? 1.0 : 0 }
    let passedCurriculum = ev.trained.filter { $0.config.task == task }.map { $0.largestReached >= n ? 1.0 : 0 }
    var r = ClaimDecision.twoGroups(
      d, scope: "\(task.rawValue), N = \(n)", first: passedCurriculum, second: passedNone, format: "%.2f")
    r.effect = r.effect.replacingOccurrences(of: "mean", with: "passed")
    return r
  }

  // MARK: shared steps

  static func networks(_ all: [TrainedNetwork], _ task: TaskKind, _ g: CurriculumGroup) -> [TrainedNetwork] {
    all.filter { $0.config.task == task && $0.curriculumGroup == g }
  }

  static func networkID(_ net: TrainedNetwork) -> String { Checkpoint.configJSON(net.config) }

  /// Per network of `task` and `group`: mean τ_net by level (finite values only).
  static func tauNetByNetwork(_ ev: ClaimEvidence, _ task: TaskKind, _ group: CurriculumGroup) -> [String: [Int:
    Double]]
  {
    var out: [String: [Int: Double]] = [:]
    for p in ev.tauNet?.points ?? [] where p.task == task && p.group == group && p.values[0].isFinite {
      out[p.source.networkID, default: [:]][p.level] = p.values[0]
    }
    return out
  }

  /// The highest level in every one of `sets` (nil when they share none, or there are none).
  static func highestLevelInEvery(_ sets: [Set<Int>]) -> Int? {
    guard let first = sets.first else { return nil }
    return sets.dropFirst().reduce(first) { $0.intersection($1) }.max()
  }

  /// The least-squares slope of `value` over `levels` (NaN when a level has no value).
  static func slopeOver(_ levels: [Int], _ value: (Int) -> Double?) -> Double {
    let ys = levels.map { value($0) ?? .nan }
    guard ys.allSatisfy(\.isFinite) else { return .nan }
    return leastSquaresSlope(levels.map(Double.init), ys)
  }

  /// The network's test accuracy on `n` at the last epoch it trained at level `n` (when it passed n).
  static func accuracyWhenPassed(_ n: Int, _ history: [EpochRecord]) -> Double? {
    guard let last = history.last(where: { $0.level == n }), let i = last.ns.firstIndex(of: n) else { return nil }
    return last.accuracy[i]
  }

  /// The highest level at which each curriculum has at least two of `items`, and the items there.
  static func highestLevelWithTwoPerCurriculum<T>(_ items: [T], level: (T) -> Int, group: (T) -> CurriculumGroup?) -> (
    Int, [T]
  )? {
    let byLevel = Dictionary(grouping: items, by: level).filter { lv in
      CurriculumGroup.allCases.allSatisfy { g in lv.value.filter { group($0) == g }.count >= 2 }
    }
    return byLevel.keys.max().map { ($0, byLevel[$0]!) }
  }

  /// The highest level at which `value` exists for every network of both curricula (nil with
  /// fewer than two networks on a side).
  static func highestCommonLevel(
    _ a: [TrainedNetwork], _ b: [TrainedNetwork], _ value: (TrainedNetwork, Int) -> Double?
  ) -> Int? {
    guard a.count >= 2, b.count >= 2 else { return nil }
    let levels = Set((a + b).flatMap(\.checkpoints.keys)).sorted(by: >)
    return levels.first { n in (a + b).allSatisfy { value($0, n) != nil } }
  }
}
