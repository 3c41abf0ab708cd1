import Artifacts
import Experiments
import Figures
import Foundation
import Tasks
import TestSupport
import Testing

/// What the builders compute from train artifacts: grouping, gaps, largest N, speed curves, tables.
@Suite struct FigureBuilderTests {
  typealias Net = SyntheticRuns.Network

  @Test func tableHeaderNamesColumnsAndSourcesAndKeepsGaps() {
    var t = Table(
      name: "parity-single", title: "a test",
      columns: [.init("n", "level"), .init("tau", "mean τ"), .init("who", "label")])
    t.sources = [
      .init(stage: "train/b", contentHash: "k2"), .init(stage: "train/a", contentHash: nil),
      .init(stage: "train/b", contentHash: "k2"),
    ]
    t.notes = ["one note"]
    t.append([2, 1.5, "single"])
    t.append([3, .number(.nan), "multi head"])
    t.appendBreak()
    t.append([4, 0.1, ""])
    #expect(t.fileName(prefix: "tau-vs-n") == "tau-vs-n.parity-single.tsv")
    #expect(
      t.tsv(figure: "tau-vs-n")
        == """
        # tau-vs-n / parity-single: a test
        # one note
        # source: train/a
        # source: train/b  content k2
        # columns:
        #   1 n    level
        #   2 tau  mean τ
        #   3 who  label
        n\ttau\twho
        2\t1.5\tsingle
        3\tNaN\tmulti head

        4\t0.100000000\t-

        """.replacingOccurrences(of: "0.100000000", with: String(format: "%.9g", 0.1)))
  }

  @Test func networksAreGroupedByConfigNotByStageName() throws {
    let net = Net(task: .parity, curriculum: .single, seed: 3, lastLevel: 4)
    var inputs = SyntheticRuns.inputs(net)
    inputs[1].stage = "somewhere/else"  // a stage name that says nothing
    let networks = try TrainedNetworks.read(inputs, figure: "test")
    #expect(networks.count == 1)
    #expect(networks[0].checkpoints.keys.sorted() == [2, 3, 4])
    #expect(networks[0].history.count == networks[0].checkpoints[4]!.history.count, "history from the highest level")

    // The same network and level twice is an error naming both stages.
    let twice = inputs + [FigureInput(stage: "copy/N2", role: nil, artifact: try inputs[0].load())]
    #expect { try TrainedNetworks.read(twice, figure: "test") } throws: { e in
      "\(e)".contains("copy/N2") && "\(e)".contains("same level 2")
    }
  }

  @Test func aNonTrainInputIsNamed() {
    var other = Artifact()
    other["/value"] = NDArray([1.0])
    other.setAttribute("provenance.kind", .string("synthetic"))
    #expect {
      try TrainedNetworks.read([FigureInput(stage: "synth/x", role: nil, artifact: other)], figure: "tau-vs-n")
    } throws: { e in
      "\(e)".contains("input synth/x (kind synthetic) is not one")
    }
  }

  @Test func anUnreachedLevelIsAGapAndCountsTheLevelBelow() throws {
    let stopped = Net(task: .parity, curriculum: .single, seed: 1, lastLevel: 5, lastReached: false)
    let full = Net(task: .parity, curriculum: .single, seed: 2, lastLevel: 5)
    let networks = try TrainedNetworks.read(SyntheticRuns.inputs(stopped) + SyntheticRuns.inputs(full), figure: "t")
    #expect(networks.map(\.largestReached).sorted() == [4, 5])
    // Only the highest artifact of the stopped network: the history says levels 2–4 passed.
    let latestOnly = try TrainedNetworks.read(SyntheticRuns.inputs(stopped, everyLevel: false), figure: "t")
    #expect(latestOnly[0].largestReached == 4)

    let data = try FigureBuilders["tau-vs-n"]!.build(SyntheticRuns.inputs(stopped))
    let t = try table(data, "parity-single")
    let row5 = try #require(t.rows.first { number($0[0]) == 5 })
    #expect(number(row5[1]).isNaN && number(row5[5]) == 0, "level 5 was not reached: a NaN gap, 0 networks")
    let row4 = try #require(t.rows.first { number($0[0]) == 4 })
    #expect(number(row4[1]).isFinite && number(row4[5]) == 1)
    #expect(variable(data, "has_dms") == .number(0) && variable(data, "has_parity") == .number(1))
    #expect(data.notes.contains { $0.contains("parity single trained seed1: level 5 not reached") })
  }

  @Test func networksThatReachedNothingDrawAnEmptyPanel() throws {
    let nothing = Net(task: .dms, curriculum: .single, seed: 1, lastLevel: 2, lastReached: false)
    let some = Net(task: .parity, curriculum: .multi, seed: 1, lastLevel: 3)
    // The figures drawn from train artifacts (the robustness figures: RobustnessFigureTests).
    for figure in ["tau-vs-n", "training-speed", "max-n-fixed-tau"] {
      let data = try FigureBuilders[figure]!.build(SyntheticRuns.inputs(nothing) + SyntheticRuns.inputs(some))
      if figure == "tau-vs-n" { #expect(variable(data, "has_dms") == .number(0)) }
      _ = try FigureRenderer.render(
        figure: figure, output: figure, data: data, projectRoot: Fixtures.packageRoot,
        workDirectory: try Fixtures.temporaryDirectory("empty"))
    }
  }

  @Test func tauStatisticsAreMeansOverNetworksOfPerNetworkValues() throws {
    let nets = (UInt64(1)...3).map { Net(task: .dms, curriculum: .multi, seed: $0, lastLevel: 3) }
    let data = try FigureBuilders["tau-vs-n"]!.build(nets.flatMap { SyntheticRuns.inputs($0) })
    let perNetwork = nets.map { n -> (Double, Double) in
      let tau = SyntheticRuns.taus(n, level: 3).map(Double.init)
      let m = tau.reduce(0, +) / Double(tau.count)
      return (m, (tau.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(tau.count)).squareRoot())
    }
    let row = try #require(try table(data, "dms-multi").rows.first { number($0[0]) == 3 })
    let means = perNetwork.map(\.0), mm = means.reduce(0, +) / 3
    #expect(abs(number(row[1]) - mm) < 1e-6)
    #expect(abs(number(row[2]) - (means.map { ($0 - mm) * ($0 - mm) }.reduce(0, +) / 3).squareRoot()) < 1e-6)
    #expect(abs(number(row[3]) - perNetwork.map(\.1).reduce(0, +) / 3) < 1e-6)
    #expect(number(row[5]) == 3)
    // Only multi-head networks: no p-value.
    #expect(try table(data, "dms-pvalues").rows.allSatisfy { number($0[1]).isNaN })
  }

  @Test func speedCurveCountsALevelOnceItIsPassed() throws {
    let stopped = Net(task: .parity, curriculum: .multi, seed: 1, lastLevel: 4, lastReached: false)
    let net = try TrainedNetworks.read(SyntheticRuns.inputs(stopped), figure: "t")[0]
    let data = try FigureBuilders["training-speed"]!.build(SyntheticRuns.inputs(stopped))
    let rows = try table(data, "parity-multi").rows
    #expect(number(rows[0][0]) == 0 && number(rows[0][1]) == 1, "epoch 0: nothing reached yet")
    #expect(rows.map { number($0[1]) }.max() == 3, "level 4 never passed")
    #expect(rows.count == net.history.count + 1)
    #expect(variable(data, "has_none") == .number(0))
  }

  @Test func noCurriculumRunsGetOneTablePerN() throws {
    let runs = SyntheticRuns.noCurriculumNetworks.filter { $0.task == .dms }
    let data = try FigureBuilders["training-speed"]!.build(runs.flatMap { SyntheticRuns.inputs($0) })
    #expect(variable(data, "has_none") == .number(1) && variable(data, "has_none_dms") == .number(1))
    #expect(variable(data, "none_ns_dms") == .string("4 8 12") && variable(data, "has_none_parity") == .number(0))
    let t = try table(data, "none-dms-N8")
    #expect(t.rows.filter(\.isEmpty).count == 1, "two networks, one blank line between them")
    #expect(variable(data, "has_dms") == .number(0), "no curriculum runs are not curricula")
  }

  @Test func largestNComparesTrainedWithFixedTauWithinEachCurriculum() throws {
    var nets: [Net] = []
    for seed in UInt64(1)...3 {
      nets.append(
        Net(
          task: .parity, curriculum: .single, tau: .fixed(2), seed: seed, lastLevel: 4 + Int(seed), lastReached: false))
      nets.append(Net(task: .parity, curriculum: .single, seed: seed, lastLevel: 8))
      nets.append(Net(task: .parity, curriculum: .multi, tau: .fixed(2), seed: seed, lastLevel: 8))
      nets.append(Net(task: .parity, curriculum: .multi, seed: seed, lastLevel: 8))
    }
    // A DMS network with trained τ only: no comparison to draw, so no DMS panel.
    nets.append(Net(task: .dms, curriculum: .multi, seed: 1, lastLevel: 5))
    let data = try FigureBuilders["max-n-fixed-tau"]!.build(
      nets.flatMap { SyntheticRuns.inputs($0, everyLevel: false) })
    #expect(variable(data, "tasks") == .string("parity"))
    #expect(data.notes.contains { $0.contains("no panel for dms") })
    #expect(rows(try table(data, "parity-points")).count == 12)
    let p = try table(data, "parity-pvalues")
    #expect(p.rows.count == 2, "τ = 2 against trained τ, once per curriculum")
    let single = try #require(p.rows.first { $0[4] == .text("single") })
    // single-head: trained 8, 8, 8 vs τ = 2: 4, 5, 6 (each stopped one level short).
    #expect(number(single[5]) == 8 && number(single[6]) == 5 && single[7] == .text("τ = 2"))
    // scipy.stats.mannwhitneyu([8, 8, 8], [4, 5, 6], method="exact").pvalue: 0.1.
    #expect(abs(number(single[3]) - 0.1) < 1e-12)
    let multi = try #require(p.rows.first { $0[4] == .text("multi") })
    // 8, 8, 8 against 8, 8, 8: every permutation gives the same U, p = 1.
    #expect(abs(number(multi[3]) - 1) < 1e-12)
    #expect(variable(data, "ceiling") == .number(8) && variable(data, "ncategories_parity") == .number(2))
    // The y axis spans the data: from one below the smallest N reached (4).
    #expect(variable(data, "ymin") == .number(3))
  }

  @Test func cairoCreationDateIsFixedKeepingTheLength() {
    let pdf = Array("%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:20261129075827Z) >>\n%%EOF".utf8)
    let fixed = FigureRenderer.fixedCreationDate(pdf)
    #expect(fixed.count == pdf.count)
    #expect(String(decoding: fixed, as: UTF8.self).contains("/CreationDate (D:19700101000000Z)"))
  }

  @Test func drawingTwiceGivesTheSameBytes() throws {
    let inputs = SyntheticRuns.inputs(Net(task: .parity, curriculum: .multi, seed: 1, lastLevel: 3))
    let data = try FigureBuilders["tau-vs-n"]!.build(inputs)
    let a = try FigureRenderer.render(
      figure: "tau-vs-n", output: "tau-vs-n", data: data, projectRoot: Fixtures.packageRoot,
      workDirectory: try Fixtures.temporaryDirectory("det"))
    Thread.sleep(forTimeInterval: 1.1)  // a creation time, if stamped, would differ now
    let b = try FigureRenderer.render(
      figure: "tau-vs-n", output: "tau-vs-n", data: data, projectRoot: Fixtures.packageRoot,
      workDirectory: try Fixtures.temporaryDirectory("det"))
    for (x, y) in zip(a.drawings, b.drawings) { #expect(x.bytes == y.bytes, "\(x.name) differs between two drawings") }
  }

  /// gru-lstm: one curve per gated network, leaky networks left out (with a note), largest N per curriculum.
  @Test func gruLstmCurves() throws {
    let data = try FigureBuilders["gru-lstm"]!.build(
      SyntheticGatedRuns.inputs + SyntheticRuns.inputs(SyntheticRuns.curriculumNetworks[0]))
    #expect(data.notes.contains { $0.contains("left out 1") })
    for cell in ["gru", "lstm"] {
      for c in ["single", "multi"] {
        let t = try #require(data.tables.first { $0.name == "\(cell)-\(c)" })
        #expect(!t.rows.isEmpty)
      }
      #expect(variable(data, "label_\(cell)") == .string("largest N reached: single-head 6, multi-head 9"))
    }
  }
}
