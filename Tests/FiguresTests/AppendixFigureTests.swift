import Artifacts
import Experiments
import Figures
import Foundation
import Layouts
import Numerics
import TestSupport
import Testing

/// The figures of the paper's appendix and its Fig. 6a: weight statistics, the distribution of τ,
/// the sliding-window and the multi-objective curricula.
@Suite struct AppendixFigureTests {
  typealias Net = SyntheticRuns.Network

  /// numpy: `off = W[~eye]`; `off.mean(), off.std(), (off < 0).mean(), off[off < 0].mean()`,
  /// `max(abs(eigvals(W)))`.
  @Test func weightStatisticsOfAMatrixMatchNumpy() {
    let w: [Float] = [0, -0.5, 0.25, 0.1, 0.3, 0, -0.2, -0.4, 0.05, 0.6, 0, -0.1, -0.3, 0.2, 0.15, 0]
    let s = WeightStatistics.statistics(of: w, neurons: 4)
    let expected = [
      0.012500002048909664, 0.30762870638589646, 0.4166666666666667, -0.30000000447034836, 0.6552705135421378,
    ]
    for (a, b) in zip(s, expected) { #expect(abs(a - b) < 1e-7, "\(s) vs numpy \(expected)") }
  }

  @Test func weightStatisticsTablesFollowTheCheckpoints() throws {
    let nets = SyntheticRuns.curriculumNetworks
    let data = try FigureBuilders["weight-statistics"]!.build(nets.flatMap { SyntheticRuns.inputs($0) })
    let networks = try table(data, "networks")
    // One row per checkpoint given; the radius of one of them recomputed from its W^R.
    #expect(rows(networks).count == nets.map { $0.curriculum.levels(upTo: $0.lastLevel).count }.reduce(0, +))
    let a = SyntheticRuns.artifact(nets[0], level: 5)
    let radius = spectralRadius(try #require(a["/network/w_rec"]).floats, n: nets[0].neurons)
    let r = try #require(
      rows(networks).first {
        $0[0] == .text("parity") && $0[1] == .text("single") && number($0[2]) == 1 && number($0[3]) == 5
      })
    #expect(close(number(r[9]), radius, 1e-9))
    // Single-head parity networks last reach 11–13: the levels above 11 stand on fewer networks, and say so.
    let single = try table(data, "parity-single")
    let (n11, n12) = (try row(single, n: 11), try row(single, n: 12))
    #expect(n11[2] == .text("-") && number(n11[1]) == 4)
    #expect(n12[2] == .text("n = 3") && number(n12[1]) == 3)
    let fits = try table(data, "fits")
    #expect(rows(fits).count == 2 * 2 * 5)
    #expect(variable(data, "has_dms_multi") == .number(1))
  }

  @Test func quantilesMatchNumpy() {
    let x = [1.3, 0.9, 2.5, 1.1, 1.7, 3.2, 1.05].sorted()
    let numpy = [0.9450000000000001, 1.0750000000000002, 1.3, 2.1, 2.9899999999999998]
    for (q, e) in zip([0.05, 0.25, 0.5, 0.75, 0.95], numpy) { #expect(close(TauDistribution.quantile(x, q), e, 1e-12)) }
  }

  @Test func tauDistributionTailIsTheSlowestNeurons() throws {
    let nets = SyntheticRuns.curriculumNetworks
    let data = try FigureBuilders["tau-distribution"]!.build(nets.flatMap { SyntheticRuns.inputs($0) })
    // 8 neurons: the tail is ⌈0.32⌉ = 1 neuron, its τ the largest.
    #expect(variable(data, "tail_label") == .string("slowest 4 % (1 of 8 neurons)"))
    let multi = nets.filter { $0.task == .dms && $0.curriculum == .multi }
    let maxima = multi.map { Double(SyntheticRuns.taus($0, level: 6).max()!) }
    let tail = try row(try table(data, "dms-multi-tail"), n: 6)
    #expect(close(number(tail[3]), maxima.reduce(0, +) / Double(maxima.count), 1e-6))
    // The quantile panel: at most four levels, both curricula at each.
    let q = rows(try table(data, "parity-quantiles"))
    guard case .number(let levels) = variable(data, "nlevels_parity") else { Issue.record("no nlevels_parity"); return }
    #expect(levels >= 2 && levels <= 4 && q.count == 2 * Int(levels))
    #expect(
      q.allSatisfy {
        number($0[3]) <= number($0[5]) && number($0[5]) <= number($0[7]) && number($0[7]) <= number($0[8])
      })
  }

  static let slidingNets: [Net] = TaskKind.allCases.flatMap { task in
    (UInt64(1)...2).map { Net(task: task, curriculum: .slidingWindow(width: 4, shift: 2), seed: $0, lastLevel: 9) }
  }

  static var slidingInputs: [FigureInput] {
    let nets = SyntheticRuns.curriculumNetworks.filter { $0.seed <= 2 } + slidingNets
    var out = nets.flatMap { SyntheticRuns.inputs($0) }
    for net in nets {
      for level in net.curriculum.levels(upTo: min(net.lastLevel, 9)) {
        out.append(
          SyntheticAnalyses.tauNet(
            net, level: level, tauNet: SyntheticAnalyses.tauNetValues(net, level: level),
            stage: "tau-net/\(net.task)/\(net.curriculum)/seed\(net.seed)/N\(level)"))
      }
    }
    return out
  }

  @Test func slidingWindowSitsBesideTheCurricula() throws {
    let data = try FigureBuilders["sliding-window"]!.build(Self.slidingInputs)
    #expect(variable(data, "tasks") == .string("parity dms"))
    #expect(variable(data, "sliding_title") == .string("sliding window (W = 4, F = 2)"))
    let sliding = try table(data, "parity-sliding")
    #expect(rows(sliding).map { Int(number($0[0])) } == [5, 7, 9])
    // τ_net: the mean over the neurons with τ_net > 1, then over the two networks.
    let perNet = Self.slidingNets.filter { $0.task == .parity }.map {
      meanAndStd(SyntheticAnalyses.tauNetValues($0, level: 7).filter { $0 > 1 }).mean
    }
    let n7 = try row(sliding, n: 7)
    #expect(close(number(n7[7]), perNet.reduce(0, +) / 2, 1e-9))
    let reached = try table(data, "parity-reached-sliding")
    #expect(rows(reached).last.map { Int(number($0[1])) } == 9)
  }

  /// Multi-objective networks whose head N passes 98 % at epoch 3·N − 4 (heads in order of N).
  static func objective(_ task: TaskKind, seed: UInt64, target: Int = 6) -> FigureInput {
    let net = Net(task: task, curriculum: .multiObjective(n: target), seed: seed, lastLevel: target)
    let cfg = SyntheticRuns.config(net)
    var state = TrainingState.fresh(cfg)
    let ns = Array(2...target), epochs = 3 * target - 3
    let records: [[String: Any]] = (1...epochs).map { e in
      [
        "epoch": e, "level": target, "epochInLevel": e, "loss": 0.1, "ns": ns, "wallSeconds": 0.0,
        "accuracy": ns.map { n in e >= 3 * n - 4 ? 0.99 : 0.5 + 0.4 * Double(e) / Double(3 * n) },
      ]
    }
    state.history = try! JSONDecoder().decode(
      [EpochRecord].self, from: try! JSONSerialization.data(withJSONObject: records))
    state.levelReached = true
    state.totalEpochs = epochs
    state.epochInLevel = epochs
    return FigureInput(
      stage: "train-objective/\(task)/seed\(seed)/N\(target)", role: nil,
      artifact: Checkpoint.artifact(state, config: cfg))
  }

  @Test func multiObjectiveHeadsPassInOrder() throws {
    let curriculum = SyntheticRuns.curriculumNetworks.filter { $0.task == .parity && $0.curriculum == .multi }
    let inputs =
      [Self.objective(.parity, seed: 1), Self.objective(.parity, seed: 2)]
      + curriculum.flatMap { SyntheticRuns.inputs($0) }
    let data = try FigureBuilders["multi-objective"]!.build(inputs)
    #expect(variable(data, "tasks") == .string("parity"))
    #expect(variable(data, "ns_parity") == .string("2 3 4 5 6"))
    let mean = try table(data, "parity-first-pass-mean")
    #expect(rows(mean).map { number($0[3]) } == [2, 5, 8, 11, 14])
    #expect(rows(try table(data, "parity-heads")).count == 15)
    let passed = try table(data, "parity-curriculum")
    let n2 = try row(passed, n: 2)
    #expect(rows(passed).count == 5 && number(n2[1]) == Double(curriculum.count))
  }
}
