import Artifacts
import Experiments
import Figures
import Foundation
import Layouts
import Tasks
import TestSupport
import Testing

/// The builders of `tau-net-vs-n`, `dimensionality` and `forgetting` on hand-made analysis
/// artifacts: grouping by the `/source` config (not by stage name), the τ_net > 1 filter, gaps for
/// levels not reached, the example neuron's choice and curves, statistics by hand (p against scipy).
@Suite struct TauNetFigureTests {
  typealias Net = SyntheticRuns.Network

  @discardableResult
  func render(_ figure: String, _ data: FigureData) throws -> FigureRenderer.Rendered {
    let r = try FigureRenderer.render(
      figure: figure, output: figure, data: data, projectRoot: Fixtures.packageRoot,
      workDirectory: try Fixtures.temporaryDirectory(figure))
    #expect(r.warnings.isEmpty, "gnuplot warned: \(r.warnings)")
    return r
  }

  static func net(_ task: TaskKind, _ c: Curriculum, _ seed: UInt64) -> Net {
    Net(task: task, curriculum: c, seed: seed, lastLevel: 4, neurons: 4)
  }
  static func net(_ c: Curriculum, _ seed: UInt64) -> Net { net(.parity, c, seed) }

  /// Parity at level 3: two single-head networks, three multi-head ones (seed 3: no neuron with
  /// τ_net > 1); single seed 1 did not reach level 4; multi seed 1 also at level 2; a DMS network
  /// with larger τ_net (not the example: parity comes first). Stage names say nothing.
  static let handMadeTauNet: [FigureInput] = {
    let S = SyntheticAnalyses.self
    let nan = Double.nan
    return [
      S.tauNet(
        net(.single, 1), level: 3, tauNet: [0.5, nan, 2, 4], population: 6, components: [3, 4, 5], stage: "x/1"),
      S.tauNet(net(.single, 1), level: 4, reached: false, tauNet: [], stage: "x/2"),
      S.tauNet(net(.single, 2), level: 3, tauNet: [1.0, 3, 5, 7], population: 8, components: [5, 5], stage: "x/3"),
      S.tauNet(net(.multi, 1), level: 3, tauNet: [2, 2.5, 0.9, nan], population: 3, components: [6, 7], stage: "x/4"),
      S.tauNet(net(.multi, 1), level: 2, tauNet: [9, 9, 9, 9], population: 3, components: [6, 7], stage: "x/5"),
      S.tauNet(
        net(.multi, 2), level: 3, tauNet: [1.5, 2.5, 1.01, 0.2], population: 4, components: [8, 8, 9], stage: "x/6"),
      S.tauNet(net(.multi, 3), level: 3, tauNet: [0.5, 0.7, nan, 1], population: 2, components: [9, 9], stage: "x/7"),
      S.tauNet(
        net(.dms, .multi, 1), level: 5, tauNet: [20, 30, 40, 50], population: 9, components: [2, 2], stage: "x/8"),
    ].reversed()
  }()

  @Test func tauNetKeepsNeuronsAboveOneAndAveragesNetworks() throws {
    let data = try FigureBuilders["tau-net-vs-n"]!.build(Self.handMadeTauNet)
    let networks = try table(data, "networks")
    func net(_ c: String, _ seed: Int, _ n: Int) throws -> [Table.Cell] {
      try #require(
        networks.rows.first {
          $0[0] == "parity" && $0[1] == .text(c) && number($0[2]) == Double(seed) && number($0[3]) == Double(n)
        })
    }
    // Per network: τ_net > 1 only (0.5, NaN and exactly 1 left out).
    let s1 = try net("single", 1, 3), s2 = try net("single", 2, 3), m2 = try net("multi", 2, 3),
      m3 = try net("multi", 3, 3)
    let s1n4 = try net("single", 1, 4)
    #expect(number(s1[5]) == 3 && number(s1[6]) == 1 && number(s1[8]) == 2)
    #expect(close(number(s2[6]), (8.0 / 3).squareRoot()))
    #expect(close(number(m2[5]), 1.67))
    #expect(number(m3[5]).isNaN && number(m3[7]) == 2, "no neuron above 1: no value, population kept")
    #expect(number(s1n4[4]) == 0 && number(s1n4[5]).isNaN, "unreached: listed with NaN")
    #expect(data.notes.contains("parity single seed1: level 4 not reached (gaps)"))

    // Across networks (ddof 0): single (3, 5) → 4 ± 1; multi (2.25, 1.67), seed 3 has no value.
    let single = try table(data, "parity-single"), multi = try table(data, "parity-multi")
    let sn3 = try row(single, n: 3), mn3 = try row(multi, n: 3), sn4 = try row(single, n: 4)
    #expect(number(sn3[1]) == 4 && number(sn3[2]) == 1 && number(sn3[7]) == 2)
    #expect(close(number(mn3[1]), (2.25 + 1.67) / 2) && close(number(mn3[2]), 0.29))
    #expect(number(mn3[7]) == 2)
    #expect(number(sn4[1]).isNaN && number(sn4[7]) == 0, "level 4: a gap")
    #expect(close(number(mn3[5]), 3), "population τ_net over all three multi-head networks")

    // Exact Mann–Whitney, two-sided (scipy.stats.mannwhitneyu(method="exact")): [3, 5] vs [2.25, 1.67] and the
    // stds (both single above both multi): 2/C(4, 2) = 1/3; population [6, 8] vs [3, 4, 2] in its table: 2/C(5, 2) = 0.2.
    let p = try row(try table(data, "parity-pvalues"), n: 3)
    #expect(close(number(p[1]), 1.0 / 3, 1e-12) && close(number(p[2]), 1.0 / 3, 1e-12))
    #expect(p[4] == "-" && number(p[7]) == 2 && number(p[8]) == 2)
    let pop = try #require(
      try table(data, "population").rows.first { !$0.isEmpty && $0[0] == "parity" && number($0[1]) == 3 })
    #expect(number(pop[2]) == 7 && number(pop[5]) == 3 && number(pop[7]) == 3)
    #expect(close(number(pop[8]), 0.2, 1e-12))
    #expect(variable(data, "nmin_parity") == .number(2) && variable(data, "nmax_parity") == .number(4))
    #expect(variable(data, "has_dms") == .number(1))
    try render("tau-net-vs-n", data)
  }

  @Test func tauNetExampleIsARepresentativeNeuronOfTheFirstMultiHeadParityNetwork() throws {
    let data = try FigureBuilders["tau-net-vs-n"]!.build(Self.handMadeTauNet)
    // Multi-head parity seed 1 at its highest level (3, not 2), not DMS. No double fit won there (all
    // τ_net < 4): of the neurons with τ_net > 1 whose single fit won (2, 2.5), the lower median is neuron 0.
    #expect(variable(data, "example_title") == .string("Example AC: N-parity, multi-head seed 1, N = 3, neuron 0"))
    #expect(
      variable(data, "example_choice")
        == .string("median τ_{net} of the 2 neurons whose single fit won (no well-posed double fit won)"))
    #expect(variable(data, "example_single").map { "\($0)".contains("τ = 2") && "\($0)".contains("✓") } == true)
    let ex = try table(data, "example")
    #expect(ex.sources.map(\.stage) == ["x/4"])
    #expect(ex.notes.first?.contains("neuron 0: the median τ_net") == true)
    // lags 0 … 2·(31 − 1) = 60, clipped to the 60 lags kept (0…59); fits only over 0…30.
    #expect(ex.rows.count == 60)
    let r10 = ex.rows[10]
    #expect(close(number(r10[2]), exp(-10 / 2.0)) && close(number(r10[3]), exp(-10 / 2.0)))
    #expect(abs(number(r10[1]) - exp(-10 / 2.0)) < 0.03 * exp(-10 / 2.0), "AC/AC[0] with 2 % noise")
    #expect(number(ex.rows[0][1]) == 1)
    #expect(number(ex.rows[31][2]).isNaN && !number(ex.rows[30][2]).isNaN, "fits over the fit lags only")
    #expect(variable(data, "example_fitlags") == .number(30))
  }

  /// Among neurons whose double fit won, the median τ_net; a degenerate double fit (one timescale, or
  /// a weight at 0) does not count.
  @Test func representativeNeuronIsTheMedianOfWellPosedDoubleFits() {
    // Neurons 0–2 double (τ2 = 5, 7, 9), neuron 3 double but degenerate (c = 0), neuron 4 single.
    let double: [Double] = [1, 1, 5, 0.3, 1, 1, 7, 0.3, 1, 1, 9, 0.3, 1, 1, 20, 0, 1, 2, 2, 0.5]
    let r = TauNetVsN.representative(tauNet: [5, 7, 9, 20, 2], selected: [2, 2, 2, 2, 1], double: double)
    #expect(r?.neuron == 1 && r?.choice.contains("3 neurons whose double fit won and is well posed") == true)
    #expect(!TauNetVsN.wellPosedDouble(double[12..<16]) && !TauNetVsN.wellPosedDouble([1, 3, 3.1, 0.5][...]))
    #expect(TauNetVsN.representative(tauNet: [.nan], selected: [0], double: [.nan, .nan, .nan, .nan]) == nil)
  }

  @Test func doubleExponentialUsesTheParameterOrderOfTheFits() throws {
    // [a, τ1, τ2, c] → a[c·e^{−t/τ1} + (1−c)·e^{−t/τ2}]: the synthetic neuron 3 has τ_net 6 ≥ 4, so
    // [1, 1, 6, 0.3] and its AC is 0.3·e^{−t} + 0.7·e^{−t/6}.
    let input = SyntheticAnalyses.tauNet(Self.net(.multi, 1), level: 3, tauNet: [2, 2, 2, 6])
    let data = try FigureBuilders["tau-net-vs-n"]!.build([input])
    let ex = try table(data, "example")
    for t in [0, 3, 12, 30] {
      #expect(close(number(ex.rows[t][3]), 0.3 * exp(-Double(t)) + 0.7 * exp(-Double(t) / 6)))
      #expect(close(number(ex.rows[t][2]), exp(-Double(t) / 6)))
    }
    #expect(variable(data, "example_double").map { "\($0)".contains("τ_1 = 1, τ_2 = 6, c = 0.30 ✓") } == true)
  }

  @Test func tauNetWithNothingReachedDrawsEmptyPanels() throws {
    let data = try FigureBuilders["tau-net-vs-n"]!.build([
      SyntheticAnalyses.tauNet(Self.net(.single, 1), level: 3, reached: false, tauNet: [])
    ])
    #expect(variable(data, "has_parity") == .number(0) && variable(data, "has_example") == .number(0))
    #expect(try table(data, "networks").rows.count == 1)
    try render("tau-net-vs-n", data)
    try render("tau-net-vs-n", try FigureBuilders["tau-net-vs-n"]!.build([]))
    try render("dimensionality", try FigureBuilders["dimensionality"]!.build([]))
  }

  @Test func tauNetRefusesOtherArtifactsAndDuplicates() throws {
    let f = SyntheticAnalyses.forgetting(Self.net(.single, 1), level: 4, accuracy: [2: 0.9])
    #expect { try FigureBuilders["tau-net-vs-n"]!.build([f]) } throws: { e in "\(e)".contains("is of kind forgetting") }
    let one = SyntheticAnalyses.tauNet(Self.net(.single, 1), level: 3, tauNet: [2, 3], stage: "a")
    let copy = FigureInput(stage: "b", role: nil, artifact: try one.load())
    #expect { try FigureBuilders["dimensionality"]!.build([one, copy]) } throws: { e in
      "\(e)".contains("inputs a and b are the same network") && "\(e)".contains("level 3")
    }
  }

  // MARK: Dimensionality

  @Test func dimensionalityMeansTrialsThenNetworksAndKeepsBothConventions() throws {
    let data = try FigureBuilders["dimensionality"]!.build(Self.handMadeTauNet)
    let networks = try table(data, "networks")
    let s1 = try #require(networks.rows.first { $0[1] == "single" && number($0[2]) == 1 && number($0[3]) == 3 })
    #expect(
      number(s1[5]) == 4 && number(s1[6]) == 3 && number(s1[7]) == 3, "components [3, 4, 5] → 4, reference 3, 3 trials")
    let singleTable = try table(data, "parity-single"), multiTable = try table(data, "parity-multi")
    let single = try row(singleTable, n: 3), multi = try row(multiTable, n: 3), single4 = try row(singleTable, n: 4)
    // single (4, 5); multi (6.5, 8.33, 9) — multi seed 3 counts here (PCA needs no τ_net).
    #expect(number(single[1]) == 4.5 && number(single[2]) == 0.5 && number(single[3]) == 3.5 && number(single[5]) == 2)
    #expect(close(number(multi[1]), (6.5 + 25.0 / 3 + 9) / 3) && number(multi[5]) == 3)
    // scipy.stats.mannwhitneyu([4, 5], [6.5, 25/3, 9], method="exact"): separated, 2/C(5, 2) = 0.2.
    let p = try row(try table(data, "parity-pvalues"), n: 3)
    #expect(close(number(p[1]), 0.2, 1e-12) && p[3] == "-")
    #expect(number(single4[1]).isNaN)
    #expect(data.notes.contains("parity single seed1: level 4 not reached (gaps)"))
    try render("dimensionality", data)
  }

  // MARK: Forgetting

  @Test func forgettingComparesCurriculaPerNPrime() throws {
    let S = SyntheticAnalyses.self
    let inputs = [
      S.forgetting(Self.net(.single, 1), level: 4, accuracy: [2: 0.6, 3: 0.8, 4: 0.9], stage: "f/1"),
      S.forgetting(Self.net(.single, 2), level: 4, accuracy: [2: 0.7, 3: 0.85, 4: 0.95], stage: "f/2"),
      S.forgetting(Self.net(.single, 3), level: 4, accuracy: [2: 0.55, 3: 0.9, 4: 0.99], stage: "f/3"),
      S.forgetting(Self.net(.multi, 1), level: 4, accuracy: [2: 0.95, 3: 0.95, 4: 0.97], stage: "f/4"),
      S.forgetting(Self.net(.multi, 2), level: 4, accuracy: [2: 0.9, 3: 0.97, 4: 0.96], stage: "f/5"),
      S.forgetting(Self.net(.multi, 3), level: 4, reached: false, accuracy: [:], stage: "f/6"),
    ]
    let data = try FigureBuilders["forgetting"]!.build(inputs.reversed())
    #expect(variable(data, "tasks") == .string("parity") && variable(data, "has_parity") == .number(1))
    #expect(variable(data, "title_parity") == .string("N-parity, after training to N_{max} = 4"))
    #expect(data.notes.contains("parity multi seed3: level 4 not reached, not tested (left out)"))
    let single = try table(data, "parity-single")
    #expect(rows(single).count == 9 && single.rows.filter(\.isEmpty).count == 2)
    #expect(rows(single).allSatisfy { number($0[3]) == 0 }, "the one head")
    let multi = try table(data, "parity-multi")
    #expect(
      rows(multi).count == 6 && rows(multi).allSatisfy { number($0[3]) == number($0[0]) - 2 }, "head k on N′ = k + 2")
    let means = try table(data, "parity-means")
    let n2 = try row(means, n: 2), n4 = try row(means, n: 4)
    #expect(
      close(number(n2[1]), 0.6166666666666667) && number(n2[3]) == 3 && close(number(n2[4]), 0.925)
        && number(n2[6]) == 2)
    // scipy.stats.mannwhitneyu([0.6, 0.7, 0.55], [0.95, 0.9], method="exact"), ([0.9, 0.95, 0.99], [0.97, 0.96]).
    #expect(close(number(n2[7]), 0.2, 1e-12) && n2[8] == "-" && n2[9] == .text("0.200"))
    #expect(close(number(n4[7]), 0.8, 1e-12) && n4[8] == "-")
    #expect(variable(data, "np_parity") == .number(3))
    try render("forgetting", data)
  }

  @Test func forgettingWithNothingReachedOrGivenIsEmpty() throws {
    let none = try FigureBuilders["forgetting"]!.build([])
    #expect(variable(none, "tasks") == .string("parity") && variable(none, "has_parity") == .number(0))
    try render("forgetting", none)
    let dms = try FigureBuilders["forgetting"]!.build([
      SyntheticAnalyses.forgetting(Self.net(.dms, .single, 1), level: 4, reached: false, accuracy: [:]),
      SyntheticAnalyses.forgetting(Self.net(.dms, .multi, 1), level: 4, accuracy: [2: 0.9, 3: 0.95, 4: 0.97]),
    ])
    #expect(variable(dms, "tasks") == .string("dms") && variable(dms, "np_dms") == .number(0))
    try render("forgetting", dms)
    let one = SyntheticAnalyses.forgetting(Self.net(.single, 1), level: 4, accuracy: [2: 0.9], stage: "a")
    #expect {
      try FigureBuilders["forgetting"]!.build([one, FigureInput(stage: "b", role: nil, artifact: try one.load())])
    } throws: { e in
      "\(e)".contains("inputs a and b test the same network")
    }
  }
}
