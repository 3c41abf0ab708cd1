import Artifacts
import Experiments
import Figures
import Foundation
import Layouts
import Tasks
import TestSupport
import Testing

/// The builders of `ablation`, `perturbation` and `retraining` on hand-made analysis artifacts:
/// grouping by the `/source` config (not by stage name), gaps for levels not reached, and
/// statistics checked by hand (p-values against scipy).
@Suite struct RobustnessFigureTests {
  typealias Net = SyntheticRuns.Network

  /// Draws with the real gnuplot; with TIMESCALES_FIGURE_DEMO=/some/folder the PNG is kept there as `<figure>-<label>.png`.
  @discardableResult
  func render(_ figure: String, _ data: FigureData, label: String = #function) throws -> FigureRenderer.Rendered {
    let r = try FigureRenderer.render(
      figure: figure, output: figure, data: data, projectRoot: Fixtures.packageRoot,
      workDirectory: try Fixtures.temporaryDirectory(figure))
    if let demo = ProcessInfo.processInfo.environment["TIMESCALES_FIGURE_DEMO"],
      let png = r.drawings.first(where: { $0.name.hasSuffix(".png") })
    {
      let name = "\(figure)-\(label.prefix { $0 != "(" })-\(data.tables.count).png"
      try FileManager.default.createDirectory(atPath: demo, withIntermediateDirectories: true)
      try Data(png.bytes).write(to: URL(fileURLWithPath: demo).appendingPathComponent(name))
    }
    return r
  }

  // MARK: Ablation

  /// An ablation artifact with the given numbers: accuracy [neuron][trial] per group.
  static func ablation(
    _ net: Net, level: Int, baseline: [Double], fast: [[Double]], slow: [[Double]],
    fastTau: [Float], slowTau: [Float], stage: String
  ) -> FigureInput {
    var a = Artifact()
    SyntheticAnalyses.source(net, level: level, reached: true, kind: "ablation", into: &a)
    func group(_ acc: [[Double]], _ tau: [Float]) -> AblationLayout.Group {
      AblationLayout.Group(neurons: Array(tau.indices), tau: tau, accuracy: acc.flatMap { $0 })
    }
    AblationLayout(n: level, head: 0, baseline: baseline, fast: group(fast, fastTau), slow: group(slow, slowTau))
      .write(source: SyntheticAnalyses.analysisSource(net, level: level, reached: true), into: &a)
    return FigureInput(stage: stage, role: nil, artifact: a)
  }

  static let handMadeAblation: [FigureInput] = {
    let net = { (seed: UInt64) in Net(task: .parity, curriculum: .single, seed: seed, lastLevel: 4) }
    return [
      ablation(
        net(1), level: 4, baseline: [0.9, 1.0], fast: [[0.8, 0.9], [0.7, 0.8]], slow: [[0.6, 0.6], [0.7, 0.5]],
        fastTau: [1.0, 1.2], slowTau: [3.0, 2.0], stage: "x/a"),
      ablation(
        net(2), level: 4, baseline: [1.0, 1.0], fast: [[0.9, 0.9], [0.9, 0.9]], slow: [[0.7, 0.8], [0.6, 0.7]],
        fastTau: [1.0, 1.0], slowTau: [2.0, 2.0], stage: "x/b"),
      ablation(
        net(3), level: 4, baseline: [0.9, 0.9], fast: [[0.85, 0.85], [0.85, 0.85]],
        slow: [[0.55, 0.55], [0.55, 0.55]],
        fastTau: [1.1, 1.1], slowTau: [3.0, 3.0], stage: "x/c"),
    ]
  }()

  @Test func ablationStatisticsByHand() throws {
    let data = try FigureBuilders["ablation"]!.build(Self.handMadeAblation)
    #expect(variable(data, "panels") == .string("parity_N4"))
    let bars = try table(data, "parity_N4-bars")
    let fast = try #require(bars.rows.first { $0[1] == "single" && $0[2] == "fast" })
    let slow = try #require(bars.rows.first { $0[1] == "single" && $0[2] == "slow" })
    // Per network (mean over neurons and trials): fast 0.8, 0.9, 0.85; slow 0.6, 0.7, 0.55.
    #expect(close(number(fast[3]), 0.85) && close(number(fast[4]), (0.005 / 3).squareRoot()))
    #expect(close(number(slow[3]), 0.6166666666666667))
    // Relative to each network's own mean baseline (0.95, 1.0, 0.9).
    let relFast = [0.3 / 0.45, 0.4 / 0.5, 0.35 / 0.4]
    #expect(close(number(fast[5]), relFast.reduce(0, +) / 3))
    #expect(number(fast[7]) == 3)
    // τ̄: the mean over networks of each network's mean τ of the group.
    #expect(close(number(fast[8]), (1.1 + 1.0 + 1.1) / 3, 1e-6) && fast[9] == .text("τ̄ = 1.07"))
    #expect(slow[9] == .text("τ̄ = 2.50"))

    let pairs = try table(data, "parity_N4-pairs")
    let single = try #require(pairs.rows.first { $0[3] == "single" })
    // scipy.stats.ttest_rel([0.8, 0.9, 0.85], [0.6, 0.7, 0.55]) and on the relative accuracies (one comparison, one test).
    #expect(close(number(single[5]), 0.019803941180393084, 1e-9))
    #expect(close(number(single[6]), 0.04027332512825531, 1e-9))
    #expect(number(single[9]) == 3, "networks")
    #expect(single[7] == .text("p = 0.020 (2-sided)"))
    #expect(close(number(single[4]), (0.95 + 1.0 + 0.9) / 3), "the unablated line: mean baseline")
    // No multi-head network: no bar, no test, a blank label.
    let multi = try #require(pairs.rows.first { $0[3] == "multi" })
    #expect(number(multi[5]).isNaN && multi[7] == .text(" "))
    #expect(try #require(bars.rows.first { $0[1] == "multi" })[9] == .text("no data"))
    #expect(rows(try table(data, "parity_N4-points")).count == 6, "a dot per network and group")
  }

  @Test func ablationGroupsByConfigAndLeavesUnreachedLevelsOut() throws {
    var inputs = SyntheticAnalyses.ablationInputs
    for i in inputs.indices { inputs[i].stage = "renamed/\(i)" }  // stage names say nothing
    let data = try FigureBuilders["ablation"]!.build(inputs)
    #expect(variable(data, "panels") == .string("parity_N5 parity_N12"))
    let bars = try table(data, "parity_N12-bars")
    #expect(bars.rows.filter { $0[1] == "single" }.allSatisfy { number($0[7]) == 3 }, "seed 4 did not reach N = 12")
    #expect(bars.rows.filter { $0[1] == "multi" }.allSatisfy { number($0[7]) == 4 })
    #expect(try table(data, "parity_N5-bars").rows.allSatisfy { number($0[7]) == 4 })
    #expect(data.notes.contains("parity single seed4: level 12 not reached, no ablation (left out)"))
    let row = try #require(
      try table(data, "networks").rows.first { $0[1] == "single" && number($0[2]) == 4 && number($0[3]) == 12 })
    #expect(number(row[4]) == 0 && number(row[5]).isNaN, "listed, with NaN")
    // The paper's direction: single-head loses more from a slow neuron, multi-head from a fast one.
    let n12 = try table(data, "parity_N12-bars").rows
    func acc(_ c: String, _ g: String) -> Double { number(n12.first { $0[1] == .text(c) && $0[2] == .text(g) }![3]) }
    #expect(acc("single", "slow") < acc("single", "fast") && acc("multi", "fast") < acc("multi", "slow"))
  }

  @Test func ablationPanelWithNoReachedNetworkIsEmpty() throws {
    let net = Net(task: .parity, curriculum: .multi, seed: 1, lastLevel: 6)
    let inputs = [SyntheticAnalyses.ablation(net, level: 3), SyntheticAnalyses.ablation(net, level: 6, reached: false)]
    let data = try FigureBuilders["ablation"]!.build(inputs)
    #expect(variable(data, "has_parity_N6") == .number(0) && variable(data, "has_parity_N3") == .number(1))
    try render("ablation", data)
    // No input at all: one empty panel, still drawn.
    let none = try FigureBuilders["ablation"]!.build([])
    #expect(variable(none, "panels") == .string("none"))
    try render("ablation", none)
  }

  @Test func ablationRefusesOtherArtifactsAndDuplicates() throws {
    let train = SyntheticRuns.inputs(Net(task: .parity, curriculum: .single, seed: 1, lastLevel: 2))
    #expect { try FigureBuilders["ablation"]!.build(train) } throws: { e in
      "\(e)".contains("input train/rnn/parity/single/trained/seed1/N2")
        && "\(e)".contains("not one (it has no /source config)")
    }
    let one = Self.handMadeAblation[0]
    #expect {
      try FigureBuilders["ablation"]!.build([one, FigureInput(stage: "copy", role: nil, artifact: try one.load())])
    } throws: { e in
      "\(e)".contains("x/a") && "\(e)".contains("copy") && "\(e)".contains("same level 4")
    }
    // A perturbation artifact is not an ablation one.
    let p = SyntheticAnalyses.perturbation(
      Net(task: .parity, curriculum: .single, seed: 1, lastLevel: 4), target: .tau, level: 4)
    #expect { try FigureBuilders["ablation"]!.build([p]) } throws: { e in "\(e)".contains("is of kind perturbation") }
  }

  // MARK: Perturbation

  /// A perturbation artifact with relative accuracies [ε][trial] (baseline accuracy 1: acc = 0.5 + rel / 2).
  static func perturbation(
    _ net: Net, target: PerturbationTarget, epsilons: [Double], relative: [[Double]], reached: Bool = true
  ) -> FigureInput {
    let source = SyntheticAnalyses.analysisSource(net, level: 4, reached: reached)
    var a = PerturbationLayout.missingData(source: source, target: target)
    a.setAttribute("provenance.kind", .string("perturbation"))
    if reached {
      let rel = relative.flatMap { $0 }
      PerturbationLayout(
        n: 4, head: 0, target: target, epsilons: epsilons, accuracy: rel.map { 0.5 + $0 / 2 },
        relativeAccuracy: rel, baseline: [Double](repeating: 1, count: relative[0].count)
      )
      .write(source: source, into: &a)
    }
    return FigureInput(stage: "p/\(target)/\(net.curriculum)/\(net.seed)", role: nil, artifact: a)
  }

  @Test func perturbationComparesNetworksPerEpsilon() throws {
    let eps = [0, 0.1, 1]
    func net(_ c: Curriculum, _ seed: UInt64) -> Net { Net(task: .parity, curriculum: c, seed: seed, lastLevel: 4) }
    let inputs = [
      Self.perturbation(
        net(.single, 1), target: .recurrent, epsilons: eps, relative: [[1.1, 0.9], [0.9, 0.7], [0.1, 0.0]]),
      Self.perturbation(
        net(.single, 2), target: .recurrent, epsilons: eps, relative: [[1.0, 1.0], [0.8, 0.6], [0.0, 0.1]]),
      Self.perturbation(
        net(.multi, 1), target: .recurrent, epsilons: eps, relative: [[1.0, 1.0], [1.0, 0.9], [0.3, 0.2]]),
      Self.perturbation(
        net(.multi, 2), target: .recurrent, epsilons: eps, relative: [[1.0, 1.0], [0.95, 0.95], [0.2, 0.2]]),
      Self.perturbation(net(.multi, 3), target: .recurrent, epsilons: eps, relative: [[1.0]], reached: false),
      Self.perturbation(
        net(.multi, 1), target: .tau, epsilons: eps, relative: [[1.0, 1.0], [0.5, 0.5], [0.0, 0.0]]),
    ]
    let data = try FigureBuilders["perturbation"]!.build(inputs)
    #expect(variable(data, "panels") == .string("recurrent_parity tau_parity"))
    #expect(variable(data, "has_tau_parity") == .number(1) && variable(data, "nrows_recurrent_parity") == .number(3))
    #expect(data.notes.contains("parity multi seed3: level 4 not reached, no recurrent perturbation (left out)"))

    // Lines: one per network, ε = 0 left out (log axis), mean and std over trials.
    let single = try table(data, "recurrent_parity-single")
    #expect(rows(single).count == 4 && single.rows.filter(\.isEmpty).count == 1)
    #expect(rows(single).allSatisfy { number($0[0]) > 0 })
    let first = rows(single)[0]
    #expect(close(number(first[1]), 0.8) && close(number(first[2]), 0.1))

    // p at ε = 0.1 across networks (each its mean over trials): scipy.stats.mannwhitneyu([0.8, 0.7], [0.95, 0.95],
    // method="exact"): 2/C(4, 2) = 1/3.
    let p = try table(data, "recurrent_parity-pvalues")
    #expect(p.rows.count == 3 && number(p.rows[0][0]) == 0, "the table keeps ε = 0")
    let row = try #require(p.rows.first { number($0[0]) == 0.1 })
    #expect(close(number(row[7]), 1.0 / 3, 1e-12))
    #expect(number(row[3]) == 2 && number(row[6]) == 2 && row[8] == "-" && row[12] == .text("0.333"))
    #expect(close(number(row[1]), 0.75) && row[10] == .text("0.75"))
    // ε = 0 is normalised to 1 per network: its comparison is printed as a dash.
    #expect(p.rows[0][12] == .text("–"))
    // The τ panel has one multi-head network only: no test.
    #expect(
      try table(data, "tau_parity-pvalues").rows.allSatisfy {
        number($0[7]).isNaN && $0[12] == .text("n/a") || $0[9] == "0"
      })
    try render("perturbation", data)
  }

  @Test func perturbationNeedsATarget() throws {
    var a = Artifact()
    SyntheticAnalyses.source(
      Net(task: .parity, curriculum: .single, seed: 1, lastLevel: 4), level: 4, reached: false,
      kind: "perturbation", into: &a)
    #expect { try FigureBuilders["perturbation"]!.build([FigureInput(stage: "p/x", role: nil, artifact: a)]) } throws: {
      e in
      "\(e)".contains("input p/x: the perturbation artifact is not readable: /source: missing string attribute target")
    }
    // Nothing given: both panels empty, still drawn.
    let none = try FigureBuilders["perturbation"]!.build([])
    #expect(variable(none, "has_recurrent_parity") == .number(0))
    try render("perturbation", none)
  }

  // MARK: Retraining

  @Test func retrainingIsRelativeToNPrimeEqualL() throws {
    func net(_ c: Curriculum, _ seed: UInt64) -> Net { Net(task: .parity, curriculum: c, seed: seed, lastLevel: 3) }
    func input(_ n: Net, _ nPrime: Int, _ acc: Double, reached: Bool = true) -> FigureInput {
      var a = Artifact()
      let s = SyntheticAnalyses.analysisSource(n, level: 3, reached: reached)
      if reached {
        RetrainingLayout(nPrime: nPrime, accuracy: acc, history: []).write(source: s, into: &a)
      } else {
        a = RetrainingLayout.missingData(source: s, nPrime: nPrime)
      }
      a.setAttribute("provenance.kind", .string("retraining"))
      return FigureInput(stage: "r/\(n.curriculum)/\(n.seed)/\(nPrime)", role: nil, artifact: a)
    }
    var inputs: [FigureInput] = []
    for (n, accs) in [
      (net(.single, 1), [0.9, 0.7, 0.6]), (net(.single, 2), [0.8, 0.65, 0.5]),
      (net(.multi, 1), [0.95, 0.9, 0.8]), (net(.multi, 2), [0.9, 0.85, 0.8]),
    ] {
      for (i, acc) in accs.enumerated() { inputs.append(input(n, 3 + i, acc)) }
    }
    inputs += [input(net(.single, 4), 4, 0.7), input(net(.single, 4), 5, 0.6)]  // no N′ = L: relative NaN
    inputs += (3...5).map { input(net(.multi, 3), $0, 0, reached: false) }  // source level never reached
    let data = try FigureBuilders["retraining"]!.build(inputs.reversed())
    #expect(variable(data, "panels") == .string("parity_L3"))
    #expect(data.notes.contains("parity multi seed3: source level 3 not reached, no retraining (left out)"))
    #expect(
      data.notes.contains(
        "parity single seed4: no accuracy above chance at N′ = L = 3, relative accuracy undefined (NaN)"))

    let single = try table(data, "parity_L3-single")
    #expect(single.rows.filter(\.isEmpty).count == 2, "three single-head networks")
    let seed1 = rows(single).filter { number($0[3]) == 1 }
    #expect(seed1.map { number($0[0]) } == [3, 4, 5])
    #expect(close(number(seed1[1][2]), 0.5) && close(number(seed1[2][2]), 0.25) && number(seed1[0][2]) == 1)
    #expect(rows(single).filter { number($0[3]) == 4 }.allSatisfy { number($0[2]).isNaN })
    #expect(rows(try table(data, "parity_L3-multi")).count == 6, "the unreached network has no line")

    let means = try table(data, "parity_L3-means").rows
    let n4 = try #require(means.first { number($0[0]) == 4 }), n5 = try #require(means.first { number($0[0]) == 5 })
    #expect(close(number(n4[1]), (0.7 + 0.65 + 0.7) / 3) && number(n4[5]) == 3 && number(n4[10]) == 2)
    // scipy.stats.mannwhitneyu([0.7, 0.65, 0.7], [0.9, 0.85]) (exact; ties by permutation_test): 0.2; relative at
    // N′ = 5: ([0.25, 0.0], [0.3/0.45, 0.3/0.4]): 1/3.
    #expect(close(number(n4[11]), 0.2, 1e-12))
    #expect(close(number(n5[12]), 1.0 / 3, 1e-12))
    #expect(number(means.first { number($0[0]) == 3 }![12]).isNaN, "no test at N′ = L")
    try render("retraining", data)
  }

  @Test func retrainingWithNothingReachedDrawsEmptyPanels() throws {
    let net = Net(task: .dms, curriculum: .single, seed: 1, lastLevel: 3)
    let inputs = [
      SyntheticAnalyses.retraining(net, level: 3, nPrime: 3, reached: false),
      SyntheticAnalyses.retraining(net, level: 3, nPrime: 4, reached: false),
    ]
    let data = try FigureBuilders["retraining"]!.build(inputs)
    #expect(variable(data, "panels") == .string("dms_L3") && variable(data, "has_dms_L3") == .number(0))
    try render("retraining", data)
    try render("retraining", try FigureBuilders["retraining"]!.build([]))
  }
}
