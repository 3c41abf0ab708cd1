import Testing

@testable import Figures

/// Every claim's test and verdict on synthetic per-network values (the evidence each claim reduces
/// its artifacts to): values in the claim's direction PASS, overlapping ones FAIL, values clearly
/// the other way are REVERSED, too few networks are NOT ENOUGH DATA, and networks at the
/// profile's ceiling are censored.
@Suite struct ClaimVerdictTests {
  static let twoGroupIDs = ClaimDefinitions.all.filter { if case .twoGroups = $0.test { true } else { false } }.map(
    \.id)
  static let oneGroupIDs = ClaimDefinitions.all.filter { if case .oneGroup = $0.test { true } else { false } }.map(\.id)

  static func definition(_ id: String) -> ClaimDefinition { ClaimDefinitions.all.first { $0.id == id }! }

  /// Four networks per side: `high` above `low` throughout.
  static let low = [1.0, 2.0, 3.0, 4.0], high = [5.0, 6.0, 7.0, 8.0]

  static func twoGroups(_ id: String, claimed: Bool, overlap: Bool = false) -> ClaimResult {
    let d = definition(id)
    guard case .twoGroups(_, _, let direction) = d.test else { fatalError() }
    if overlap { return ClaimDecision.twoGroups(d, scope: "test", first: [1, 3, 5, 7], second: [2, 4, 6, 8]) }
    let up = (direction == .greater) == claimed
    return ClaimDecision.twoGroups(d, scope: "test", first: up ? high : low, second: up ? low : high)
  }

  @Test(arguments: twoGroupIDs) func twoGroupClaim(id: String) {
    let pass = Self.twoGroups(id, claimed: true)
    // Fully separated 4 vs 4: exact p = 1/70 one-sided, 2/70 two-sided.
    #expect(
      pass.verdict == .pass && abs(pass.pOneSided - 1.0 / 70) < 1e-12 && abs(pass.pTwoSided - 2.0 / 70) < 1e-12,
      "\(pass)")
    #expect(pass.n.map(\.n) == [4, 4] && pass.effect.contains("vs"))
    let fail = Self.twoGroups(id, claimed: true, overlap: true)
    #expect(fail.verdict == .fail && fail.pTwoSided > 0.05, "\(fail)")
    let reversed = Self.twoGroups(id, claimed: false)
    #expect(
      reversed.verdict == .reversed && abs(reversed.pOneSided - 1) < 1e-12 && reversed.pTwoSided < 0.05, "\(reversed)")
    let d = Self.definition(id)
    let one = ClaimDecision.twoGroups(d, scope: "test", first: [1], second: Self.high)
    #expect(one.verdict == .notEnoughData && one.note.contains("needs 2 networks per side") && one.pOneSided.isNaN)
    // 4 vs 2 cannot reach α even fully separated (1/15): not enough data, not a FAIL.
    let small = ClaimDecision.twoGroups(d, scope: "test", first: Self.high, second: [1, 2])
    #expect(
      small.verdict == .notEnoughData && small.note.contains("smallest possible one-sided p is 0.067"), "\(small)")
  }

  @Test(arguments: ["C7", "C9"]) func ceilingsAreCensored(id: String) {
    let d = Self.definition(id)
    // Every network at the profile's last level: the budget did not separate them.
    let all = ClaimDecision.twoGroups(
      d, scope: "test", first: [12, 12, 12, 12], second: [12, 12, 12, 12], ceiling: 12)
    #expect(all.verdict == .notEnoughData && all.note.contains("did not separate"), "\(all)")
    // One side at the ceiling, no spread: ranked tied at the top, exact p = 1/70 (Welch gave t = ∞, p = 0).
    let one = ClaimDecision.twoGroups(d, scope: "test", first: [12, 12, 12, 12], second: [9, 10, 8, 11], ceiling: 12)
    #expect(
      one.verdict == .pass && abs(one.pOneSided - 1.0 / 70) < 1e-12 && one.note.contains("4 \(one.n[0].side), 0"),
      "\(one)")
    // Ties at the ceiling on both sides weaken the evidence: scipy permutation_test on U gives 0.0714.
    let mixed = ClaimDecision.twoGroups(
      d, scope: "test", first: [12, 12, 12, 12], second: [9, 10, 12, 8], ceiling: 12)
    #expect(mixed.verdict == .fail && abs(mixed.pOneSided - 0.07142857142857142) < 1e-12, "\(mixed)")
  }

  @Test(arguments: oneGroupIDs) func oneGroupClaim(id: String) {
    let d = Self.definition(id)
    guard case .oneGroup(_, let direction) = d.test else { fatalError() }
    let sign = direction == .greater ? 1.0 : -1.0
    let claimed = [0.10, 0.12, 0.09, 0.11].map { $0 * sign }
    let pass = ClaimDecision.oneGroup(d, scope: "test", values: claimed)
    // scipy.stats.ttest_1samp([0.10, 0.12, 0.09, 0.11], 0): t = 16.266530054071154, p two-sided 0.0005054853461390415.
    #expect(
      pass.verdict == .pass && abs(pass.pTwoSided - 0.0005054853461390415) < 1e-12
        && abs(pass.pOneSided - pass.pTwoSided / 2) < 1e-15, "\(pass)")
    let fail = ClaimDecision.oneGroup(d, scope: "test", values: [0.1, -0.1, 0.05, -0.04])
    #expect(fail.verdict == .fail, "\(fail)")
    let reversed = ClaimDecision.oneGroup(d, scope: "test", values: claimed.map { -$0 })
    #expect(reversed.verdict == .reversed && reversed.pOneSided > 0.99, "\(reversed)")
    let few = ClaimDecision.oneGroup(d, scope: "test", values: [0.1, .nan])
    #expect(few.verdict == .notEnoughData && few.note.contains("has 1"), "\(few)")
    let zero = ClaimDecision.oneGroup(d, scope: "test", values: [0, 0, 0])
    #expect(zero.verdict == .fail && zero.note.contains("no effect"), "\(zero)")
  }

  @Test func everyClaimHasOneDefinition() {
    let ids = ClaimDefinitions.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    #expect(ids == ["C1", "C2", "C2a", "C3", "C4", "C4a", "C4b", "C5", "C6", "C7", "C8", "C9", "C10", "C11"])
  }
}
