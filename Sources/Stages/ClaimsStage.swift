import Artifacts
import Figures
import Foundation
import Pipeline

/// Tests the paper's claims (`ClaimDefinitions`, `PaperClaims`) on this profile's artifacts and
/// writes the claims table.
///
/// Reads: its needs by role (`as`): train, fixed-tau, no-curriculum, gated, tau-net, ablation,
/// perturbation, retraining, forgetting (see `ClaimEvidence`). Writes:
/// ```
/// /claims.json  uint8  the report as JSON (definitions: the claims version; rows: id, claim, scope, unit,
///                      n (per side), statistic, test, effect, p_one_sided, p_two_sided, verdict, note)
///   root attributes: pass, fail, reversed, not_enough_data (counts)
/// ```
/// The artifact does not name the profile (two profiles with the same inputs share it). After every
/// `make`, `publish` writes `figures/out/<profile>/claims.md` (a Markdown table) and `claims.json`;
/// `timescales claims` prints the table.
///
/// codeVersion history: 1 initial; 2 C2/C4 compare at the highest level every network reached; 3 the claims'
/// definitions version 3 (docs/claims-changelog.md: the network is the unit, the paper's contrasts, REVERSED,
/// censoring at ceilings, C9–C11); 4 self-describing artifact: every dataset has description, units and
/// dimensions (Layouts/ArtifactDescriptions), the root its layout and layout version.
public enum ClaimsStage: StageKind {
  public static let name = "claims"
  public static let codeVersion = 4
  public static let isShort = true
  public static let summary =
    "tests the paper's claims C1–C11 on the profile's artifacts, network by network; writes the claims table"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let figureInputs = inputs.all.map { input in
      FigureInput(stage: input.stage, role: input.role, contentHash: input.contentHash, loader: { try input.load() })
    }
    let report: ClaimsReport
    do {
      let result = try PaperClaims.evaluate(figureInputs, profile: "")
      report = result.report
      for n in result.notes { context.progress(n) }
    } catch let e as FigureError {
      throw StageError(e.message, hint: e.hint)
    }
    context.progress("claims: \(report.summary)")
    var a = Artifact()
    a["/claims.json"] = NDArray(bytes: [UInt8](report.json))
    a.setAttribute("pass", .int(Int64(report.count(.pass))))
    a.setAttribute("fail", .int(Int64(report.count(.fail))))
    a.setAttribute("reversed", .int(Int64(report.count(.reversed))))
    a.setAttribute("not_enough_data", .int(Int64(report.count(.notEnoughData))))
    return a
  }

  /// claims.md: a title, the table, the summary.
  public static func document(_ r: ClaimsReport) -> String {
    "# The paper's claims at profile `\(r.profile)`\n\nα = \(ClaimDefinitions.alpha); the network is the unit. "
      + "Made by `timescales claims --profile \(r.profile)`; the claims' definitions: Sources/Figures/Claims/ClaimDefinitions.swift "
      + "(version \(r.definitions), changes in docs/claims-changelog.md).\n\n"
      + r.markdown + "\n\(r.summary)\n"
  }

  /// Reads the report back from a claims artifact.
  public static func report(_ a: Artifact, profile: String) throws -> ClaimsReport {
    guard let bytes = a["/claims.json"]?.bytes else {
      throw StageError("not a claims artifact: it has no /claims.json")
    }
    var r = try JSONDecoder().decode(ClaimsReport.self, from: Data(bytes))
    r.profile = profile
    return r
  }

  /// Copies claims.md and claims.json to `figures/out/<profile>/`.
  public static func publish(_ p: Params, artifact: () throws -> Artifact, context: PublishContext) throws {
    let r = try report(try artifact(), profile: context.profile)
    let files = [(name: "claims.md", bytes: Array(document(r).utf8)), (name: "claims.json", bytes: [UInt8](r.json))]
    try FigurePublisher.publish(
      files, to: FigurePublisher.folder(projectRoot: context.projectRoot, profile: context.profile))
  }
}
