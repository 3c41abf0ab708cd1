import Artifacts
import Figures
import Foundation
import Layouts
import Testing

/// The claims on the hand-made artifacts of SyntheticRuns/SyntheticAnalyses, whose numbers are
/// shaped like the paper's: every claim that data carries must PASS, the same data with the
/// curricula swapped must come out REVERSED where the groups separate fully, and absent evidence
/// is NOT ENOUGH DATA. (Each verdict on per-network values: ClaimVerdictTests.)
@Suite struct ClaimsTests {
  typealias Net = SyntheticRuns.Network

  static func role(_ inputs: [FigureInput], _ role: String) -> [FigureInput] {
    inputs.map { i in FigureInput(stage: i.stage, role: role, contentHash: i.contentHash, loader: { try i.load() }) }
  }

  /// A fourth network per curriculum for the perturbation and τ_net suites (three per side cannot
  /// reach α with an exact rank test: 1/C(6, 3) = 0.05).
  static var fourthNetworks: [FigureInput] {
    let S = SyntheticAnalyses.self
    var perturbation: [FigureInput] = [], tauNet: [FigureInput] = []
    for c in [Curriculum.single, .multi] {
      let net = Net(task: .parity, curriculum: c, seed: 4, lastLevel: 12)
      perturbation += PerturbationTarget.allCases.map { S.perturbation(net, target: $0, level: 12) }
      for task in TaskKind.allCases {
        let n8 = Net(task: task, curriculum: c, seed: 4, lastLevel: 8)
        tauNet += (2...8).map { S.tauNet(n8, level: $0, tauNet: S.tauNetValues(n8, level: $0)) }
      }
    }
    return role(perturbation, "perturbation") + role(tauNet, "tau-net")
  }

  /// Seeds 3 and 4 without a curriculum at N = 12 (two per side cannot reach α).
  static var fourNoCurriculumSeeds: [Net] {
    TaskKind.allCases.flatMap { task in
      (UInt64(3)...4).map { Net(task: task, curriculum: .none(n: 12), seed: $0, lastLevel: 12, lastReached: false) }
    }
  }

  static var paperShaped: [FigureInput] {
    role(SyntheticRuns.curriculumNetworks.flatMap { SyntheticRuns.inputs($0) }, "train")
      + role(SyntheticRuns.fixedTauNetworks.flatMap { SyntheticRuns.inputs($0, everyLevel: false) }, "fixed-tau")
      + role(
        (SyntheticRuns.noCurriculumNetworks + fourNoCurriculumSeeds).flatMap { SyntheticRuns.inputs($0) },
        "no-curriculum")
      + role(SyntheticGatedRuns.inputs, "gated") + role(SyntheticAnalyses.tauNetInputs, "tau-net")
      + role(SyntheticAnalyses.ablationInputs, "ablation") + role(SyntheticAnalyses.perturbationInputs, "perturbation")
      + role(SyntheticAnalyses.retrainingInputs, "retraining") + role(SyntheticAnalyses.forgettingInputs, "forgetting")
      + fourthNetworks
  }

  static func key(_ r: ClaimResult) -> String { "\(r.id) \(r.scope)" }

  @Test func paperShapedDataPassesEveryClaim() throws {
    let (report, notes) = try PaperClaims.evaluate(Self.paperShaped, profile: "test")
    let keys = report.rows.map(Self.key)
    #expect(
      keys == [
        "C1 parity", "C1 dms", "C2 parity", "C2a parity", "C2 dms", "C2a dms", "C3 parity", "C3 dms",
        "C4 parity", "C4a parity", "C4b parity", "C5 parity, W^R", "C5 parity, τ", "C6 parity", "C7 gru", "C7 lstm",
        "C8 parity", "C8 dms", "C9 parity", "C10 parity", "C10 dms", "C11 parity, N = 12", "C11 dms, N = 12",
      ])
    // Not carried by this data: two GRUs/LSTMs per curriculum cannot reach α (1/C(4, 2)); single-head DMS
    // networks stop at N = 10–12, so half the curriculum networks fail N = 12 too.
    let expected: [String: Verdict] = ["C7 gru": .notEnoughData, "C7 lstm": .notEnoughData, "C11 dms, N = 12": .fail]
    for r in report.rows { #expect(r.verdict == expected[Self.key(r), default: .pass], "\(Self.key(r)): \(r)") }
    #expect(notes == ["dms single seed4: level 10 not reached, not tested (left out)"])
    // The table is readable both ways.
    #expect(
      report.markdown.contains(
        "| **C1** trained τ spreads more with N in single-head than in multi-head networks | parity | single 4, multi 4 | mean single "
      ))
    let back = try JSONDecoder().decode(ClaimsReport.self, from: report.json)
    #expect(back.json == report.json && back.rows.count == report.rows.count)
    let json = try #require(try JSONSerialization.jsonObject(with: report.json) as? [String: Any])
    let row = try #require((json["rows"] as? [[String: Any]])?.first)
    #expect(
      Set(row.keys) == [
        "id", "claim", "scope", "unit", "n", "statistic", "test", "effect", "p_one_sided", "p_two_sided", "verdict",
        "note",
      ])
  }

  @Test func theStatisticsAreTheOnesNamed() throws {
    let report = try PaperClaims.evaluate(Self.paperShaped, profile: "test").report
    func row(_ key: String) throws -> ClaimResult { try #require(report.rows.first { Self.key($0) == key }) }
    // Ablation at the highest level (12) with ≥ 2 networks per curriculum: single-head seed 4 did not reach it.
    let c4 = try row("C4 parity")
    #expect(c4.n.map(\.n) == [3, 4] && c4.effect.contains("N = 12"), "\(c4)")
    // Synthetic GRUs: multi-head reach 9, single-head 6 (two seeds each): 2 vs 2 cannot reach α.
    let c7 = try row("C7 gru")
    #expect(c7.verdict == .notEnoughData && c7.note.contains("smallest possible one-sided p is 0.167"), "\(c7)")
    // Single-head parity networks last reached 12, 13, 11, 12 (seeds 1–4): every network reached 11.
    let c3 = try row("C3 parity")
    #expect(c3.effect.contains("N = 11") && c3.n.map(\.n) == [4, 4], "\(c3)")
    #expect(try row("C1 parity").effect.contains("N = 2…11"))
    // Forgetting compares each single-head network with itself; multi-head networks are not compared.
    let c8 = try row("C8 dms")
    #expect(c8.n.map(\.n) == [3] && c8.note.contains("multi-head networks keep training every head"), "\(c8)")
  }

  @Test func onlyTrainingGivesNotEnoughDataElsewhere() throws {
    let train = Self.role(SyntheticRuns.curriculumNetworks.flatMap { SyntheticRuns.inputs($0) }, "train")
    let report = try PaperClaims.evaluate(train, profile: "test").report
    for row in report.rows {
      let fromTraining = ["C1", "C3"].contains(row.id)
      #expect((row.verdict == .notEnoughData) != fromTraining, "\(Self.key(row)): \(row.verdict)")
      if !fromTraining { #expect(!row.note.isEmpty, "\(Self.key(row)) says why there is not enough data") }
    }
  }

  /// The same artifacts with single- and multi-head swapped in their /source config.
  static func swapped(_ inputs: [FigureInput], role: String) throws -> [FigureInput] {
    try inputs.map { input -> FigureInput in
      var a = try input.load()
      let json = a.attribute("config", at: "/source")!.stringValue!
      let other =
        json.contains("\"single\"")
        ? json.replacingOccurrences(of: "\"single\"", with: "\"multi\"")
        : json.replacingOccurrences(of: "\"multi\"", with: "\"single\"")
      a.setAttribute("config", .string(other), at: "/source")
      return FigureInput(stage: input.stage, role: role, artifact: a)
    }
  }

  @Test func theOppositeDataIsReversed() throws {
    let retraining = try Self.swapped(SyntheticAnalyses.retrainingInputs, role: "retraining")
    let c6 = try #require(try PaperClaims.evaluate(retraining, profile: "test").report.rows.first { $0.id == "C6" })
    #expect(c6.verdict == .reversed && c6.pOneSided > 0.95 && c6.pTwoSided < 0.05, "\(c6)")
    let tauNet = try Self.swapped(
      SyntheticAnalyses.tauNetInputs + Self.fourthNetworks.filter { $0.role == "tau-net" }, role: "tau-net")
    let c10 = try PaperClaims.evaluate(tauNet, profile: "test").report.rows.filter { $0.id == "C10" }
    #expect(c10.count == 2 && c10.allSatisfy { $0.verdict == .reversed }, "\(c10)")
  }

  @Test func anInputWithoutARoleIsNamed() {
    let inputs = SyntheticAnalyses.forgettingInputs
    #expect { try PaperClaims.evaluate(inputs, profile: "test") } throws: { error in
      "\(error)".contains(inputs[0].stage) && "\(error)".contains("\"as\"")
    }
  }
}
