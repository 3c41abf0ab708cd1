import Foundation

/// The claims table of one profile: every row of `PaperClaims`, as Markdown (claims.md, the
/// README) and JSON (`timescales claims --json`).
public struct ClaimsReport: Codable, Sendable, Equatable {
  public var profile: String
  /// The version of `ClaimDefinitions` the rows were tested with.
  public var definitions: Int
  public var rows: [ClaimResult]

  public init(profile: String, rows: [ClaimResult]) {
    self.profile = profile
    self.definitions = ClaimDefinitions.version
    self.rows = rows
  }

  public func count(_ v: Verdict) -> Int { rows.filter { $0.verdict == v }.count }

  /// "5 PASS, 3 FAIL, 1 REVERSED, 2 NOT ENOUGH DATA".
  public var summary: String {
    Verdict.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
  }

  /// A Markdown table, one row per claim and scope; how each claim is tested and the notes as
  /// lists below it.
  public var markdown: String {
    func cell(_ s: String) -> String {
      s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
    var out =
      "| claim | scope | networks | effect | p one-sided | p two-sided | result |\n|---|---|---|---|---|---|---|\n"
    for r in rows {
      let cells = [
        "**\(r.id)** \(r.claim)", r.scope, r.nText, r.effect, formatClaimP(r.pOneSided), formatClaimP(r.pTwoSided),
        "**\(r.verdict.rawValue)**",
      ]
      out += "| " + cells.map(cell).joined(separator: " | ") + " |\n"
    }
    out +=
      "\nHow each claim is tested (α = \(ClaimDefinitions.alpha), the network is the unit; claims version \(definitions)):\n\n"
      + methods.map { "- **\($0.id)** \($0.text).\n" }.joined()
    if !notes.isEmpty { out += "\nNotes:\n\n" + notes.map { "- \($0)\n" }.joined() }
    return out
  }

  /// Plain text for a terminal: one line per row, then how each claim is tested and the notes.
  public var text: String {
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    func width(_ f: (ClaimResult) -> String) -> Int { (rows.map { f($0).count }.max() ?? 0) + 2 }
    let scopeWidth = width(\.scope), nWidth = width(\.nText)
    var out =
      "Claims of the paper at profile \(profile) (α = \(ClaimDefinitions.alpha), claims version \(definitions)):\n\n"
    func line(_ cells: [String]) -> String {
      zip(cells, [17, 6, scopeWidth, nWidth, 11, 11, 0]).map { pad($0, $1) }.joined() + "\n"
    }
    out += line(["result", "claim", "scope", "networks", "p 1-sided", "p 2-sided", "effect"])
    for r in rows {
      out += line([
        r.verdict.rawValue, r.id, r.scope, r.nText, formatClaimP(r.pOneSided), formatClaimP(r.pTwoSided), r.effect,
      ])
    }
    out += "\nThe claims and how each is tested:\n" + methods.map { "  \($0.id): \($0.text)\n" }.joined()
    if !notes.isEmpty { out += "Notes:\n" + notes.map { "  \($0)\n" }.joined() }
    out += "\n\(summary)\n"
    return out
  }

  /// Each claim's words, statistic and test, once per claim id.
  public var methods: [(id: String, text: String)] {
    var seen = Set<String>()
    return rows.filter { seen.insert($0.id).inserted }.map { ($0.id, "\($0.claim): \($0.statistic); \($0.test)") }
  }

  /// "C7 (lstm): every network reached …", one per row with a note.
  public var notes: [String] {
    rows.filter { !$0.note.isEmpty }.map { "\($0.id)\($0.scope.isEmpty ? "" : " (\($0.scope))"): \($0.note)" }
  }

  public var json: Data {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try! e.encode(self)
  }
}

/// "0.012", "3.1e-05", "—" when undefined.
public func formatClaimP(_ p: Double) -> String {
  if !p.isFinite { return "—" }
  if p == 0 { return "0" }
  return p < 0.001 ? String(format: "%.1e", p) : String(format: "%.3f", p)
}
