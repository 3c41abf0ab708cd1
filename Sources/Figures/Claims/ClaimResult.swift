import Foundation

/// The outcome of one claim's test.
public enum Verdict: String, Codable, Sendable {
  case pass = "PASS"
  case fail = "FAIL"
  case notEnoughData = "NOT ENOUGH DATA"
}

/// One row of the claims table: a claim of the paper, the statistic computed from this
/// profile's artifacts, the test and its outcome at α = `ClaimsReport.alpha`.
public struct ClaimResult: Codable, Sendable, Equatable {
  /// "C1", "C5′".
  public var id: String
  /// What the row is about beyond the claim: "parity", "lstm", "" when there is one row.
  public var scope: String
  /// The claim in words.
  public var claim: String
  /// The statistic, in words ("per-network std(τ) vs N over reached levels").
  public var statistic: String
  /// The test ("Spearman ρ, one-sided (ρ > 0)").
  public var test: String
  /// The statistic's value(s), as a person reads them ("ρ = 0.61 over 33 (N, network) pairs").
  public var value: String
  /// The p-value the verdict rests on (NaN when there is none).
  public var p: Double
  /// Networks that entered the test.
  public var networks: Int
  public var verdict: Verdict
  /// Why NOT ENOUGH DATA, or what was left out.
  public var note: String

  public init(id: String, scope: String, claim: String, statistic: String, test: String, value: String = "",
              p: Double = .nan, networks: Int = 0, verdict: Verdict = .notEnoughData, note: String = "") {
    self.id = id; self.scope = scope; self.claim = claim; self.statistic = statistic; self.test = test
    self.value = value; self.p = p; self.networks = networks; self.verdict = verdict; self.note = note
  }

  /// PASS when `p` < α, FAIL otherwise (a NaN p — no difference and no spread — fails).
  mutating func decide(p: Double, alpha: Double = ClaimsReport.alpha) {
    self.p = p
    verdict = p < alpha ? .pass : .fail
  }

  // NaN is not valid JSON: p is encoded as null when undefined.
  enum CodingKeys: String, CodingKey { case id, scope, claim, statistic, test, value, p, networks, verdict, note }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    scope = try c.decode(String.self, forKey: .scope)
    claim = try c.decode(String.self, forKey: .claim)
    statistic = try c.decode(String.self, forKey: .statistic)
    test = try c.decode(String.self, forKey: .test)
    value = try c.decode(String.self, forKey: .value)
    p = try c.decodeIfPresent(Double.self, forKey: .p) ?? .nan
    networks = try c.decode(Int.self, forKey: .networks)
    verdict = try c.decode(Verdict.self, forKey: .verdict)
    note = try c.decode(String.self, forKey: .note)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(scope, forKey: .scope)
    try c.encode(claim, forKey: .claim)
    try c.encode(statistic, forKey: .statistic)
    try c.encode(test, forKey: .test)
    try c.encode(value, forKey: .value)
    if p.isFinite { try c.encode(p, forKey: .p) } else { try c.encodeNil(forKey: .p) }
    try c.encode(networks, forKey: .networks)
    try c.encode(verdict, forKey: .verdict)
    try c.encode(note, forKey: .note)
  }
}
