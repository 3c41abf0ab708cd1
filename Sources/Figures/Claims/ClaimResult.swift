import Foundation

/// The outcome of one claim's test (rules: `ClaimDefinitions`).
public enum Verdict: String, Codable, Sendable, CaseIterable {
  case pass = "PASS"
  case fail = "FAIL"
  /// Significant at α two-sided, with the effect opposite to the claim.
  case reversed = "REVERSED"
  case notEnoughData = "NOT ENOUGH DATA"
}

/// How many networks one side of a test had.
public struct SideCount: Codable, Sendable, Equatable {
  public var side: String
  public var n: Int
}

/// One row of the claims table: a claim of the paper, the per-network statistic computed from this
/// profile's artifacts, the test across networks and its outcome at α = `ClaimDefinitions.alpha`.
public struct ClaimResult: Codable, Sendable, Equatable {
  /// "C1", "C4a".
  public var id: String
  /// The claim in words.
  public var claim: String
  /// What the row is about beyond the claim: "parity", "parity, W^R", "lstm".
  public var scope: String
  /// What one value of the test is ("network").
  public var unit: String
  /// Networks per side of the test (one entry for a one-group test).
  public var n: [SideCount]
  /// The per-network statistic, in words.
  public var statistic: String
  /// The test ("exact Mann–Whitney across networks, one-sided (single > multi)").
  public var test: String
  /// The effect, as a person reads it ("mean slope single 0.021 vs multi 0.008 per N").
  public var effect: String
  /// p of the claim's direction (NaN when the test did not run).
  public var pOneSided: Double
  /// p of no difference, two-sided (NaN when the test did not run).
  public var pTwoSided: Double
  public var verdict: Verdict
  /// Why NOT ENOUGH DATA, ceilings hit, what was left out.
  public var note: String

  init(_ d: ClaimDefinition, scope: String) {
    id = d.id; claim = d.claim; self.scope = scope; unit = "network"; n = []
    statistic = d.statistic; test = d.testText; effect = ""
    pOneSided = .nan; pTwoSided = .nan; verdict = .notEnoughData; note = ""
  }

  /// "single 4, multi 4".
  public var nText: String { n.map { "\($0.side) \($0.n)" }.joined(separator: ", ") }

  mutating func addNote(_ s: String) { note += (note.isEmpty ? "" : "; ") + s }

  // NaN is not valid JSON: p-values are encoded as null when undefined.
  enum CodingKeys: String, CodingKey {
    case id, claim, scope, unit, n, statistic, test, effect, pOneSided = "p_one_sided", pTwoSided = "p_two_sided",
      verdict, note
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    claim = try c.decode(String.self, forKey: .claim)
    scope = try c.decode(String.self, forKey: .scope)
    unit = try c.decode(String.self, forKey: .unit)
    n = try c.decode([SideCount].self, forKey: .n)
    statistic = try c.decode(String.self, forKey: .statistic)
    test = try c.decode(String.self, forKey: .test)
    effect = try c.decode(String.self, forKey: .effect)
    pOneSided = try c.decodeIfPresent(Double.self, forKey: .pOneSided) ?? .nan
    pTwoSided = try c.decodeIfPresent(Double.self, forKey: .pTwoSided) ?? .nan
    verdict = try c.decode(Verdict.self, forKey: .verdict)
    note = try c.decode(String.self, forKey: .note)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(claim, forKey: .claim)
    try c.encode(scope, forKey: .scope)
    try c.encode(unit, forKey: .unit)
    try c.encode(n, forKey: .n)
    try c.encode(statistic, forKey: .statistic)
    try c.encode(test, forKey: .test)
    try c.encode(effect, forKey: .effect)
    if pOneSided.isFinite { try c.encode(pOneSided, forKey: .pOneSided) } else { try c.encodeNil(forKey: .pOneSided) }
    if pTwoSided.isFinite { try c.encode(pTwoSided, forKey: .pTwoSided) } else { try c.encodeNil(forKey: .pTwoSided) }
    try c.encode(verdict, forKey: .verdict)
    try c.encode(note, forKey: .note)
  }
}
