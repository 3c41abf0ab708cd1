import Artifacts
import Experiments
import Figures
import Foundation
import Layouts
import Networks
import Tasks
import TestSupport
import Testing

/// The `continuous-time` builder on hand-made artifacts: train checkpoints for τ vs N (TauVsN's
/// tables, renamed) and continuous-time-test artifacts for accuracy vs Δt (the head answering N,
/// mean over networks per level, the training range from the tests' configs).
@Suite struct ContinuousTimeFigureTests {
  typealias Net = SyntheticRuns.Network

  static func net(_ c: Curriculum, _ seed: UInt64, lastReached: Bool = true) -> Net {
    Net(task: .parity, curriculum: c, seed: seed, lastLevel: 4, lastReached: lastReached, neurons: 6, form: .mod)
  }

  /// A test artifact of `net` at `level`: accuracy of head j at k = 1 − 0.1·j − 0.01·|log k − log 8| (+ seed offset).
  static func test(_ net: Net, level: Int, reached: Bool = true, grid: [Int] = [1, 2, 8, 50, 200]) -> FigureInput {
    var config = SyntheticRuns.config(net)
    config.stepsPerDigit = [7, 8, 9, 10]
    var a = Artifact()
    let source = AnalysisSource(config: config, level: level, levelReached: reached, stage: "train-ct/x/N\(level)")
    source.write(into: &a)
    a.setAttribute("provenance.kind", .string("continuous-time-test"))
    if reached {
      let stage = net.curriculum.stage(level: level)
      let heads = Array(stage.activeHeads)
      var acc: [Double] = []
      for k in grid {
        for j in heads {
          let away: Double = abs(log(Double(k) / 8))
          acc.append(1 - 0.1 * Double(j) - 0.01 * away - 0.02 * Double(net.seed))
        }
      }
      ContinuousTimeLayout(
        stepsPerDigit: grid, trainingStepsPerDigit: [7, 8, 9, 10], heads: heads, ns: stage.ns, accuracy: acc,
        testBatches: 3, batchSize: 16, seed: 0
      ).write(source: source, into: &a)
    }
    return FigureInput(
      stage: "continuous-time-test/\(net.curriculum)/seed\(net.seed)/N\(level)", role: nil, artifact: a)
  }

  static var inputs: [FigureInput] {
    var out: [FigureInput] = []
    for c in [Curriculum.single, .multi] {
      for seed: UInt64 in [1, 2] {
        let n = net(c, seed, lastReached: !(c == .single && seed == 2))
        out += SyntheticRuns.inputs(n)
        for level in 2...4 { out.append(test(n, level: level, reached: level < 4 || n.lastReached)) }
      }
    }
    return out
  }

  @Test func tablesOfBothPanels() throws {
    let data = try FigureBuilders["continuous-time"]!.build(Self.inputs)
    // Panel 1: TauVsN's parity tables, renamed.
    #expect(try table(data, "tau-single").rows.count == 3 && (try table(data, "tau-multi")).rows.count == 3)
    _ = try table(data, "tau-pvalues")
    #expect(
      variable(data, "has_tau") == .number(1) && variable(data, "tau_nmin") == .number(2)
        && variable(data, "tau_nmax") == .number(4))
    // Panel 2: multi-head, level 3 → head 1 (N = 3): at k = 8, 1 − 0.1 − 0.02·seed → mean over seeds 1, 2 = 0.87, sd 0.01.
    let multi = try table(data, "accuracy-multi")
    #expect(multi.columns.map(\.name) == ["k", "dt", "acc_N2", "sd_N2", "acc_N3", "sd_N3", "acc_N4", "sd_N4"])
    #expect(multi.rows.map { number($0[0]) } == [200, 50, 8, 2, 1], "rows by ascending Δt")
    let k8 = try #require(multi.rows.first { number($0[0]) == 8 })
    #expect(abs(number(k8[4]) - 0.87) < 1e-9 && abs(number(k8[5]) - 0.01) < 1e-9)
    // Single-head: head 0 answers N; seed 2 did not reach level 4 → N = 4 is seed 1 alone (0.98 at k = 8).
    let single = try table(data, "accuracy-single")
    let s8 = try #require(single.rows.first { number($0[0]) == 8 })
    #expect(abs(number(s8[6]) - 0.98) < 1e-9 && number(s8[7]) == 0)
    #expect(variable(data, "levels_single") == .string("2 3 4"))
    #expect(variable(data, "dt_lo_multi") == .number(0.1) && variable(data, "dt_hi_multi") == .number(1.0 / 7))
    #expect(data.notes.contains { $0.contains("level 4 not reached") })
    // Every head of every reached test: single 2 seeds × (3 + 3 + 3 − 3 missing) … counted by hand.
    let heads = (1 + 1 + 1) + (1 + 1) + (1 + 2 + 3) * 2  // single seed 1, seed 2 (N4 missing), multi both seeds
    #expect(try table(data, "accuracy-networks").rows.count == heads * 5)
  }

  @Test func rendersWithoutWarnings() throws {
    let data = try FigureBuilders["continuous-time"]!.build(Self.inputs)
    let r = try FigureRenderer.render(
      figure: "continuous-time", output: "continuous-time", data: data,
      projectRoot: Fixtures.packageRoot, workDirectory: try Fixtures.temporaryDirectory("continuous-time"))
    #expect(r.warnings.isEmpty, "gnuplot warned: \(r.warnings)")
    // No inputs at all: empty panels, still drawn.
    let empty = try FigureBuilders["continuous-time"]!.build([])
    let e = try FigureRenderer.render(
      figure: "continuous-time", output: "continuous-time", data: empty,
      projectRoot: Fixtures.packageRoot, workDirectory: try Fixtures.temporaryDirectory("continuous-time-empty"))
    #expect(e.warnings.isEmpty, "gnuplot warned: \(e.warnings)")
  }
}
