import Foundation

/// The claims table of one profile: every row of `PaperClaims`, as Markdown (claims.md, the
/// README) and JSON (`timescales claims --json`).
public struct ClaimsReport: Codable, Sendable, Equatable {
  /// The significance level of every claim's test (fixed by issue 9; not a parameter on purpose).
  public static let alpha = 0.05

  public var profile: String
  public var rows: [ClaimResult]

  public init(profile: String, rows: [ClaimResult]) {
    self.profile = profile
    self.rows = rows
  }

  public func count(_ v: Verdict) -> Int { rows.filter { $0.verdict == v }.count }

  /// "5 PASS, 3 FAIL, 2 NOT ENOUGH DATA".
  public var summary: String {
    "\(count(.pass)) PASS, \(count(.fail)) FAIL, \(count(.notEnoughData)) NOT ENOUGH DATA"
  }

  /// A Markdown table, one row per claim and scope; how each claim is tested and the notes as
  /// lists below it.
  public var markdown: String {
    func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
    var out = "| claim | | value | p | networks | result |\n|---|---|---|---|---|---|\n"
    for r in rows {
      let cells = ["**\(r.id)** \(r.claim)", r.scope, r.value, formatClaimP(r.p), "\(r.networks)", "**\(r.verdict.rawValue)**"]
      out += "| " + cells.map(cell).joined(separator: " | ") + " |\n"
    }
    out += "\nHow each claim is tested (α = \(ClaimsReport.alpha)):\n\n" + methods.map { "- **\($0.id)** \($0.text).\n" }.joined()
    if !notes.isEmpty { out += "\nNotes:\n\n" + notes.map { "- \($0)\n" }.joined() }
    return out
  }

  /// Plain text for a terminal: one line per row, then how each claim is tested and the notes.
  public var text: String {
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    let claimWidth = (rows.map { $0.id.count + 1 + $0.claim.count }.max() ?? 0) + 2
    var out = "Claims of the paper at profile \(profile) (α = \(ClaimsReport.alpha)):\n\n"
    out += pad("result", 17) + pad("claim", claimWidth) + pad("scope", 8) + pad("p", 9) + pad("nets", 6) + "value\n"
    for r in rows {
      out += pad(r.verdict.rawValue, 17) + pad("\(r.id) \(r.claim)", claimWidth) + pad(r.scope, 8) + pad(formatClaimP(r.p), 9)
        + pad("\(r.networks)", 6) + r.value + "\n"
    }
    out += "\nHow each claim is tested:\n" + methods.map { "  \($0.id): \($0.text)\n" }.joined()
    if !notes.isEmpty { out += "Notes:\n" + notes.map { "  \($0)\n" }.joined() }
    out += "\n\(summary)\n"
    return out
  }

  /// Each claim's statistic and test, once per claim id.
  public var methods: [(id: String, text: String)] {
    var seen = Set<String>()
    return rows.filter { seen.insert($0.id).inserted }.map { ($0.id, "\($0.statistic); \($0.test)") }
  }

  /// "C8 (lstm): every network reached …", one per row with a note.
  public var notes: [String] {
    rows.filter { !$0.note.isEmpty }.map { "\($0.id)\($0.scope.isEmpty ? "" : " (\($0.scope))"): \($0.note)" }
  }

  public var json: Data {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try! e.encode(self)
  }
}

/// "0.012", "3.1e-05", "—" when undefined.
public func formatClaimP(_ p: Double) -> String {
  if !p.isFinite { return "—" }
  if p == 0 { return "0" }
  return p < 0.001 ? String(format: "%.1e", p) : String(format: "%.3f", p)
}
