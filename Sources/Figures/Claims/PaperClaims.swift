import Foundation
import Layouts
import Numerics

/// The paper's claims C1–C9 (issue 9) as tests on a profile's artifacts. The claims, their
/// statistics and tests are fixed: α = 0.05, networks = the profile's seeds; nothing here is tuned
/// to make a claim pass. One row per claim and task (robustness claims: per task analysed;
/// C8: per architecture).
///
/// "The highest level both curricula reach" (C2, C4) is the highest N that every network of both
/// curricula reached: leaving out the networks that failed a level would leave out the slowest
/// ones and bias the comparison. Welch's test needs two networks per side.
public enum PaperClaims {
  public static func evaluate(_ inputs: [FigureInput], profile: String) throws -> (report: ClaimsReport, notes: [String]) {
    let ev = try ClaimEvidence(inputs)
    var rows: [ClaimResult] = []
    let tasks = ev.tasks.isEmpty ? [TaskKind.parity] : ev.tasks
    for t in tasks { rows.append(c1(ev, t)) }
    for t in tasks { rows.append(c2(ev, t)) }
    for t in tasks { rows.append(c3(ev, t)) }
    for t in tasks { rows.append(c4(ev, t)) }
    let robust = TaskKind.allCases.filter { t in ev.ablation.contains { $0.source.config.task == t } }
    for t in robust.isEmpty ? [.parity] : robust {
      rows.append(c5(ev, t, group: .single))
      rows.append(c5(ev, t, group: .multi))
    }
    let perturbed = TaskKind.allCases.filter { t in ev.perturbation.contains { $0.curve.source.config.task == t } }
    for t in perturbed.isEmpty ? [.parity] : perturbed { rows.append(c6(ev, t)) }
    let retrained = TaskKind.allCases.filter { t in ev.retraining.contains { $0.first.config.task == t } }
    for t in retrained.isEmpty ? [.parity] : retrained { rows.append(c7(ev, t)) }
    for cell in GatedCell.allCases { rows.append(c8(ev, cell)) }
    let forgot = TaskKind.allCases.filter { t in ev.forgetting.contains { $0.source.config.task == t } }
    for t in forgot.isEmpty ? [.parity] : forgot { rows.append(c9(ev, t)) }
    return (ClaimsReport(profile: profile, rows: rows), ev.notes)
  }

  // MARK: the claims

  static func c1(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    var r = ClaimResult(id: "C1", scope: task.rawValue, claim: "single-head trained τ spreads with N",
                        statistic: "per-network std(τ) over neurons vs N, every reached level of every single-head network",
                        test: "Spearman ρ, one-sided (ρ > 0)")
    let nets = networks(ev.trained, task, .single)
    let pairs = nets.flatMap { net in net.checkpoints.values.filter { $0.reached }.map { (Double($0.level), meanAndStd($0.tau).std) } }
    return spearmanRow(r: &r, pairs: pairs, networks: nets.count)
  }

  static func c2(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    var r = ClaimResult(id: "C2", scope: task.rawValue, claim: "multi-head τ does not spread like single-head τ",
                        statistic: "per-network std(τ) at the highest level every network of both curricula reached",
                        test: "Welch t-test, one-sided (multi < single)")
    let single = networks(ev.trained, task, .single), multi = networks(ev.trained, task, .multi)
    let stdAt = { (net: TrainedNetwork, n: Int) -> Double? in
      net.checkpoints[n].flatMap { $0.reached ? meanAndStd($0.tau).std : nil }
    }
    guard let n = highestCommonLevel(single, multi, stdAt) else {
      r.note = "no level that every network of both curricula reached (or fewer than two networks per curriculum)"
      return r
    }
    welchRow(&r, a: multi.compactMap { stdAt($0, n) }, b: single.compactMap { stdAt($0, n) }, names: ("multi", "single"),
             at: "N = \(n)", alternative: .less, given: single.count + multi.count)
    return r
  }

  static func c3(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    var r = ClaimResult(id: "C3", scope: task.rawValue, claim: "τ_net grows with N in multi-head networks",
                        statistic: "per-network mean τ_net over neurons with τ_net > 1 vs N, every reached level of every multi-head network",
                        test: "Spearman ρ, one-sided (ρ > 0)")
    let points = (ev.tauNet?.points ?? []).filter { $0.task == task && $0.group == .multi && $0.values[0].isFinite }
    let nets = Set(points.map(\.source.networkID)).count
    return spearmanRow(r: &r, pairs: points.map { (Double($0.level), $0.values[0]) }, networks: nets)
  }

  static func c4(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    var r = ClaimResult(id: "C4", scope: task.rawValue, claim: "multi-head trains faster",
                        statistic: "epochs to pass the highest level every network of both curricula reached",
                        test: "Welch t-test, one-sided (multi < single)")
    let single = networks(ev.trained, task, .single), multi = networks(ev.trained, task, .multi)
    let epochs = { (net: TrainedNetwork, n: Int) -> Double? in
      TrainingSpeed.epochsToReach(n, TrainingSpeed.reachedCurve(net)).map(Double.init)
    }
    guard let n = highestCommonLevel(single, multi, epochs) else {
      r.note = "no level that every network of both curricula reached (or fewer than two networks per curriculum)"
      return r
    }
    welchRow(&r, a: multi.compactMap { epochs($0, n) }, b: single.compactMap { epochs($0, n) }, names: ("multi", "single"),
             at: "N = \(n)", alternative: .less, given: single.count + multi.count)
    return r
  }

  /// C5 (single-head: ablating a slow neuron hurts more) and C5′ (multi-head: a fast one does).
  static func c5(_ ev: ClaimEvidence, _ task: TaskKind, group: CurriculumGroup) -> ClaimResult {
    let single = group == .single
    var r = ClaimResult(id: single ? "C5" : "C5′", scope: task.rawValue,
                        claim: single ? "single-head networks rely on slow neurons" : "multi-head networks rely on fast neurons",
                        statistic: "per-network mean accuracy after ablating one of the slowest vs one of the fastest neurons, highest ablation level",
                        test: single ? "paired t-test across networks, one-sided (slow < fast)" : "paired t-test across networks, one-sided (fast < slow)")
    let results = ev.ablation.filter { $0.source.config.task == task && $0.source.curriculumGroup == group }
    let levels = Dictionary(grouping: results, by: \.source.level).filter { $0.value.count >= 2 }
    guard let n = levels.keys.max() else {
      r.note = "fewer than two \(group.rawValue)-head networks with an ablation at any level"
      return r
    }
    let here = levels[n]!.sorted { $0.source.config.seed < $1.source.config.seed }
    let slow = here.map { $0.accuracy["slow"]! }, fast = here.map { $0.accuracy["fast"]! }
    let (a, b) = single ? (slow, fast) : (fast, slow)
    let t = pairedTTest(a, b)
    r.networks = here.count
    r.value = String(format: "slow %.3f vs fast %.3f at N = %d, t = %.2f", mean(slow), mean(fast), n, t.t)
    r.decide(p: t.pLess)
    return r
  }

  static func c6(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    var r = ClaimResult(id: "C6", scope: task.rawValue, claim: "multi-head networks are more robust to perturbation",
                        statistic: "relative accuracy at each ε where the single-head mean lies in [0.2, 0.8], W^R and τ",
                        test: "Welch t-test over networks × trials at each such ε, one-sided (multi > single); PASS if every one holds")
    var parts: [String] = [], worst = -Double.infinity, tested = 0, held = 0
    var used = Set<String>()
    for target in Perturbation.targets {
      let curves = ev.perturbation.filter { $0.target == target && $0.curve.source.config.task == task }.map(\.curve)
      guard let (n, here) = highestLevelWithTwoPerCurriculum(curves, level: \.source.level, group: \.source.curriculumGroup) else {
        parts.append("\(target): fewer than two networks per curriculum"); continue
      }
      let epsilons = here[0].epsilons
      var targetTested = 0, targetHeld = 0
      for (i, eps) in epsilons.enumerated() where eps > 0 {
        func values(_ g: CurriculumGroup) -> [Double] {
          here.filter { $0.source.curriculumGroup == g && $0.epsilons.count > i && $0.epsilons[i] == eps }
            .flatMap { $0.relative[i] }.filter(\.isFinite)
        }
        let s = values(.single), m = values(.multi)
        let ms = mean(s)
        guard ms >= 0.2 && ms <= 0.8, s.count >= 2, m.count >= 2 else { continue }
        let p = welchTTest(m, s).pGreater
        targetTested += 1
        if p < ClaimsReport.alpha { targetHeld += 1 }
        worst = max(worst, p.isFinite ? p : 1)
        for c in here { used.insert(c.source.networkID) }
      }
      tested += targetTested; held += targetHeld
      parts.append("\(target == "tau" ? "τ" : "W^R") at N = \(n): \(targetHeld)/\(targetTested) ε")
    }
    r.value = parts.joined(separator: "; ")
    r.networks = used.count
    guard tested > 0 else {
      r.note = "no ε at which the single-head mean relative accuracy lies in [0.2, 0.8]"
      return r
    }
    r.p = worst
    r.verdict = held == tested ? .pass : .fail
    r.note = "p is the largest over the \(tested) ε tested"
    return r
  }

  static func c7(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    var r = ClaimResult(id: "C7", scope: task.rawValue, claim: "networks first trained multi-head retrain better",
                        statistic: "per-network mean relative accuracy over the retraining N′ > L",
                        test: "Welch t-test across networks, one-sided (multi > single)")
    let nets = ev.retraining.filter { $0.first.config.task == task }
    guard let (level, here) = highestLevelWithTwoPerCurriculum(nets, level: \.level, group: \.first.curriculumGroup) else {
      r.note = "fewer than two retrained networks per curriculum"
      return r
    }
    func score(_ g: CurriculumGroup) -> [Double] {
      here.filter { $0.first.curriculumGroup == g }
        .map { net in mean(net.accuracy.keys.filter { $0 != level }.map { net.relative($0) }) }.filter(\.isFinite)
    }
    welchRow(&r, a: score(.multi), b: score(.single), names: ("multi", "single"), at: "L = \(level)",
             alternative: .greater, given: here.count)
    return r
  }

  static func c8(_ ev: ClaimEvidence, _ cell: GatedCell) -> ClaimResult {
    var r = ClaimResult(id: "C8", scope: cell.rawValue, claim: "the curriculum helps gated networks",
                        statistic: "largest N reached within the profile's epoch budget",
                        test: "Welch t-test across networks, one-sided (multi > single)")
    let nets = ev.gated.filter { $0.config.cell == cell }
    func reached(_ g: CurriculumGroup) -> [Double] { nets.filter { $0.curriculumGroup == g }.map { Double($0.largestReached) } }
    welchRow(&r, a: reached(.multi), b: reached(.single), names: ("multi", "single"), at: nil, alternative: .greater, given: nets.count)
    let ceiling = nets.flatMap(\.checkpoints.keys).max()
    if let c = ceiling, !nets.isEmpty, nets.allSatisfy({ $0.largestReached == c }) {
      r.note = "every network reached the profile's last level N = \(c): the budget did not separate the curricula"
    }
    return r
  }

  static func c9(_ ev: ClaimEvidence, _ task: TaskKind) -> ClaimResult {
    var r = ClaimResult(id: "C9", scope: task.rawValue, claim: "single-head networks forget earlier N",
                        statistic: "per-network mean accuracy on the earlier N′ < N_max",
                        test: "Welch t-test across networks, one-sided (single < multi)")
    let nets = ev.forgetting.filter { $0.source.config.task == task }
    func score(_ g: CurriculumGroup) -> [Double] {
      nets.filter { $0.source.curriculumGroup == g }
        .map { net in mean(net.accuracy.filter { $0.key < net.source.level }.map(\.value)) }.filter(\.isFinite)
    }
    let levels = Set(nets.map(\.source.level)).sorted()
    welchRow(&r, a: score(.single), b: score(.multi), names: ("single", "multi"),
             at: levels.isEmpty ? nil : "N_max = \(levels.map(String.init).joined(separator: ", "))", alternative: .less, given: nets.count)
    return r
  }

  // MARK: shared steps

  static func networks(_ all: [TrainedNetwork], _ task: TaskKind, _ g: CurriculumGroup) -> [TrainedNetwork] {
    all.filter { $0.config.task == task && $0.curriculumGroup == g }
  }

  /// The highest level at which each curriculum has at least two of `items`, and the items there.
  static func highestLevelWithTwoPerCurriculum<T>(_ items: [T], level: (T) -> Int, group: (T) -> CurriculumGroup?) -> (Int, [T])? {
    let byLevel = Dictionary(grouping: items, by: level).filter { lv in
      CurriculumGroup.allCases.allSatisfy { g in lv.value.filter { group($0) == g }.count >= 2 }
    }
    return byLevel.keys.max().map { ($0, byLevel[$0]!) }
  }

  /// The highest level at which `value` exists for every network of both curricula (nil with
  /// fewer than two networks on a side).
  static func highestCommonLevel(_ a: [TrainedNetwork], _ b: [TrainedNetwork], _ value: (TrainedNetwork, Int) -> Double?) -> Int? {
    guard a.count >= 2, b.count >= 2 else { return nil }
    let levels = Set((a + b).flatMap(\.checkpoints.keys)).sorted(by: >)
    return levels.first { n in (a + b).allSatisfy { value($0, n) != nil } }
  }

  static func spearmanRow(r: inout ClaimResult, pairs: [(Double, Double)], networks: Int) -> ClaimResult {
    let kept = pairs.filter { $0.0.isFinite && $0.1.isFinite }
    r.networks = networks
    guard kept.count >= 3, Set(kept.map(\.0)).count >= 2 else {
      r.note = "fewer than three (network, level) values at two levels or more"
      return r
    }
    let s = spearmanCorrelation(kept.map(\.0), kept.map(\.1))
    let ns = kept.map(\.0)
    r.value = String(format: "ρ = %.2f over %d (network, N) pairs, N = %.0f–%.0f", s.rho, kept.count, ns.min()!, ns.max()!)
    r.decide(p: s.pGreater)
    return r
  }

  enum Alternative { case less, greater }

  /// Welch's test of `a` against `b` (H1: mean a < mean b, or >); NOT ENOUGH DATA with fewer than
  /// two values on a side. `given` networks were candidates: fewer entered the test is noted.
  static func welchRow(_ r: inout ClaimResult, a: [Double], b: [Double], names: (String, String), at: String?,
                       alternative: Alternative, given: Int) {
    r.networks = a.count + b.count
    guard a.count >= 2, b.count >= 2 else {
      r.note = "needs two networks per side, has \(a.count) \(names.0) and \(b.count) \(names.1)"
      return
    }
    let t = welchTTest(a, b)
    r.value = String(format: "%@ %.3g vs %@ %.3g", names.0, mean(a), names.1, mean(b)) + (at.map { " at \($0)" } ?? "")
      + (t.t.isFinite ? String(format: ", t = %.2f", t.t) : "")
    r.decide(p: alternative == .less ? t.pLess : t.pGreater)
    if t.t.isNaN { r.note = "no difference and no spread between networks (t undefined)" }
    if r.networks < given { r.note += (r.note.isEmpty ? "" : "; ") + "\(given - r.networks) of \(given) networks left out (no value there)" }
  }
}
