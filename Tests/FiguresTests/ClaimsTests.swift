import Artifacts
import Figures
import Foundation
import Testing

/// The claims C1–C9 on the hand-made artifacts of SyntheticRuns/SyntheticAnalyses, whose numbers
/// are shaped like the paper's: every claim that data carries must PASS, the same data with the
/// curricula's roles swapped must FAIL, and absent evidence is NOT ENOUGH DATA.
@Suite struct ClaimsTests {
  static func role(_ inputs: [FigureInput], _ role: String) -> [FigureInput] {
    inputs.map { i in FigureInput(stage: i.stage, role: role, key: i.key, loader: { try i.load() }) }
  }

  static var paperShaped: [FigureInput] {
    role(SyntheticRuns.curriculumNetworks.flatMap { SyntheticRuns.inputs($0) }
         + SyntheticRuns.fixedTauNetworks.flatMap { SyntheticRuns.inputs($0, everyLevel: false) }, "train")
      + role(SyntheticGatedRuns.inputs, "gated") + role(SyntheticAnalyses.tauNetInputs, "tau-net")
      + role(SyntheticAnalyses.ablationInputs, "ablation") + role(SyntheticAnalyses.perturbationInputs, "perturbation")
      + role(SyntheticAnalyses.retrainingInputs, "retraining") + role(SyntheticAnalyses.forgettingInputs, "forgetting")
  }

  static func verdicts(_ r: ClaimsReport) -> [String: Verdict] {
    Dictionary(uniqueKeysWithValues: r.rows.map { ("\($0.id) \($0.scope)", $0.verdict) })
  }

  @Test func paperShapedDataPassesEveryClaim() throws {
    let (report, notes) = try PaperClaims.evaluate(Self.paperShaped, profile: "test")
    let v = Self.verdicts(report)
    #expect(Set(v.keys) == ["C1 parity", "C1 dms", "C2 parity", "C2 dms", "C3 parity", "C3 dms", "C4 parity", "C4 dms",
                            "C5 parity", "C5′ parity", "C6 parity", "C7 parity", "C8 gru", "C8 lstm", "C9 parity", "C9 dms"])
    for (id, verdict) in v { #expect(verdict == .pass, "\(id): \(report.rows.first { "\($0.id) \($0.scope)" == id }!)") }
    #expect(notes.contains { $0.contains("fixed τ") }, "fixed-τ networks are left out of C1–C4: \(notes)")
    // The table is readable both ways.
    #expect(report.markdown.contains("| **C1** single-head trained τ spreads with N | parity | ρ = "))
    let back = try JSONDecoder().decode(ClaimsReport.self, from: report.json)
    #expect(back.rows.count == report.rows.count && back.rows[0].id == "C1")
  }

  @Test func theStatisticsAreTheOnesNamed() throws {
    let report = try PaperClaims.evaluate(Self.paperShaped, profile: "test").report
    let c5 = try #require(report.rows.first { $0.id == "C5" })
    // Ablation at the highest level (12) with ≥ 2 single-head networks: seed 4 did not reach it.
    #expect(c5.networks == 3 && c5.value.contains("N = 12"), "\(c5)")
    let c8 = try #require(report.rows.first { $0.id == "C8" && $0.scope == "gru" })
    // Synthetic GRUs: multi-head reach 9, single-head 6 (two seeds each), no spread: t = ∞, p = 0.
    #expect(c8.value.hasPrefix("multi 9 vs single 6") && c8.p == 0 && c8.networks == 4, "\(c8)")
    let c2 = try #require(report.rows.first { $0.id == "C2" && $0.scope == "parity" })
    // Single-head parity networks last reached 12, 13, 11, 12 (seeds 1–4): every network reached 11.
    #expect(c2.value.contains("at N = 11") && c2.networks == 8, "\(c2)")
  }

  @Test func onlyTrainingGivesNotEnoughDataElsewhere() throws {
    let train = Self.role(SyntheticRuns.curriculumNetworks.flatMap { SyntheticRuns.inputs($0) }, "train")
    let report = try PaperClaims.evaluate(train, profile: "test").report
    for row in report.rows {
      let fromTraining = ["C1", "C2", "C4"].contains(row.id)
      #expect((row.verdict == .notEnoughData) != fromTraining, "\(row.id) \(row.scope): \(row.verdict)")
      if !fromTraining { #expect(!row.note.isEmpty, "\(row.id) says why there is not enough data") }
    }
  }

  @Test func theOppositeDataFails() throws {
    // Forgetting: give the multi-head numbers to single-head networks and back: C9 must fail.
    let swapped = try SyntheticAnalyses.forgettingInputs.map { input -> FigureInput in
      var a = try input.load()
      let json = a.attribute("config", at: "/source")!.stringValue!
      let other = json.contains("\"single\"") ? json.replacingOccurrences(of: "\"single\"", with: "\"multi\"")
                                              : json.replacingOccurrences(of: "\"multi\"", with: "\"single\"")
      a.setAttribute("config", .string(other), at: "/source")
      return FigureInput(stage: input.stage, role: "forgetting", artifact: a)
    }
    let report = try PaperClaims.evaluate(swapped, profile: "test").report
    let c9 = report.rows.filter { $0.id == "C9" }
    #expect(c9.count == 2 && c9.allSatisfy { $0.verdict == .fail }, "\(c9)")
  }

  @Test func anInputWithoutARoleIsNamed() {
    let inputs = SyntheticAnalyses.forgettingInputs
    #expect { try PaperClaims.evaluate(inputs, profile: "test") } throws: { error in
      "\(error)".contains(inputs[0].stage) && "\(error)".contains("\"as\"")
    }
  }
}
