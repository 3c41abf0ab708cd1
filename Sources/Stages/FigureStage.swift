import Artifacts
import Figures
import Foundation
import Pipeline

/// Draws one figure with gnuplot (docs/method.md §7): the figure's builder turns the input artifacts into
/// tables, `figures/<figure>.gp` draws them as PNG, SVG and PDF.
///
/// Reads: whatever the builder reads (`tau-vs-n`, `training-speed`, `max-n-fixed-tau`: train
/// artifacts, grouped by their config; `ablation`, `perturbation`, `retraining`: those kinds'
/// artifacts, grouped by the network config in their `/source`). Writes:
/// ```
/// /tables/<output>.<table>.tsv   uint8  the TSV tables, as files
/// /files/<output>.{png,svg,pdf}  uint8  the drawings, as files
///   root attributes: figure, output, script, gnuplot
/// ```
/// The cache key includes the script's and figures/style.gp's content, the builder's version and
/// the gnuplot version (`keyExtras`): editing one script redraws that figure only. After every
/// `make` the files are copied to `figures/out/<profile>/` (`publish`).
///
/// Every figure gets a grey line at its bottom (gnuplot variable `footer`): the profile and the
/// scale of the networks drawn (`FigureScale`).
///
/// codeVersion history: 1 initial; 2 p-values comparing groups of networks by the exact Mann–Whitney
/// test (as the claims), perturbation p per network, ablation pairs without the unpaired p, "(2-sided)" labels;
/// 3 self-describing: every dataset has description, units and dimensions (Layouts/ArtifactDescriptions), the
/// root its layout and layout version; 4 the scale line (`footer`); 5 tables cite their inputs' content hashes (part of
/// the figure's cache key) instead of their cache keys (which are not).
public enum FigureStage: StageKind {
  public static let name = "figure"
  public static let codeVersion = 5
  public static let isShort = true
  public static let summary = "draws a figure: builder tables + figures/<figure>.gp → PNG, SVG, PDF"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// The figure: a builder in Sources/Figures and the script `figures/<figure>.gp`.
    public var figure: String = ""
    /// Base name of the files (default: the figure), for two stages drawing one figure from different inputs.
    public var output: String? = nil
    /// The profile named in the scale line under the figure (`"$profile"` in pipeline.json); nil: none named.
    public var profile: String? = nil

    var base: String { output ?? figure }
  }

  public static func validate(_ p: Params) -> [(String, String)] {
    var out: [(String, String)] = []
    if p.figure.isEmpty {
      out.append(("figure", "required: the figure to draw (one of \(FigureBuilders.names.joined(separator: ", ")))"))
    } else if FigureBuilders[p.figure] == nil {
      out.append(("figure", "no figure \"\(p.figure)\" (figures: \(FigureBuilders.names.joined(separator: ", ")))"))
    }
    if let o = p.output,
      o.isEmpty || o.hasPrefix(".") || !o.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
    {
      out.append(("output", "\"\(o)\" must be a file name of letters, digits, - _ ."))
    }
    return out
  }

  /// The script's and the style's content hashes, the builder's version and gnuplot's version.
  public static func keyExtras(_ p: Params, projectRoot: URL) throws -> JSONValue? {
    let script = FigureRenderer.script(p.figure), style = FigureRenderer.styleFile
    guard let scriptHash = FigureRenderer.fileHash(projectRoot.appendingPathComponent(script)) else {
      throw ParameterError(
        "figure",
        "figure \"\(p.figure)\" has no script: \(projectRoot.appendingPathComponent(script).path) does not exist",
        hint: "write \(script) (it loads \(style); see figures/README.md)")
    }
    guard let styleHash = FigureRenderer.fileHash(projectRoot.appendingPathComponent(style)) else {
      throw ParameterError(
        "figure", "the shared style \(projectRoot.appendingPathComponent(style).path) does not exist",
        hint: "restore \(style) from git: every figure script loads it")
    }
    return .object([
      (script, .string(scriptHash)),
      (style, .string(styleHash)),
      ("builder", .int(Int64(FigureBuilders[p.figure]?.version ?? 0))),
      ("gnuplot", .string(Gnuplot.shared.version ?? "not installed")),
    ])
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    guard Gnuplot.shared.executable != nil else { throw StageError(Gnuplot.missingMessage, hint: Gnuplot.installHint) }
    let builder = FigureBuilders[p.figure]!
    let figureInputs = inputs.all.map { input in
      FigureInput(stage: input.stage, role: input.role, contentHash: input.contentHash, loader: { try input.load() })
    }
    var data: FigureData
    let rendered: FigureRenderer.Rendered
    let work = context.scratchDirectory.appendingPathComponent("render")
    try? FileManager.default.removeItem(at: work)
    defer { try? FileManager.default.removeItem(at: work) }
    do {
      data = try builder.build(figureInputs)
      data.set("footer", data.scale.footer(profile: p.profile))
      for n in data.notes { context.progress(n) }
      rendered = try FigureRenderer.render(
        figure: p.figure, output: p.base, data: data, projectRoot: context.projectRoot,
        workDirectory: work)
    } catch let e as FigureError {
      throw StageError(e.message, hint: e.hint)
    }
    for w in rendered.warnings { context.progress("gnuplot: " + w) }
    context.progress("drew \(p.base) from \(inputs.all.count) input(s): \(data.tables.count) tables")

    var a = Artifact()
    for (name, bytes) in rendered.tables {
      a["/tables/\(name)"] = NDArray(bytes: bytes)
    }
    for (name, bytes) in rendered.drawings {
      a["/files/\(name)"] = NDArray(bytes: bytes)
    }
    a.setAttribute("figure", .string(p.figure))
    a.setAttribute("output", .string(p.base))
    a.setAttribute("script", .string(FigureRenderer.script(p.figure)))
    a.setAttribute("gnuplot", .string(Gnuplot.shared.version ?? ""))
    return a
  }

  /// Copies the tables and drawings to `figures/out/<profile>/`, each drawing with its provenance
  /// written inside it (`timescales show FILE` reads it back).
  public static func publish(_ p: Params, artifact: () throws -> Artifact, context: PublishContext) throws {
    let a = try artifact()
    let provenance = FigureProvenance(artifact: a, profile: context.profile)
    var files: [(name: String, bytes: [UInt8])] = []
    for group in ["/files", "/tables"] {
      for (name, ds) in (a.group(group)?.datasets ?? [:]).sorted(by: { $0.key < $1.key }) {
        guard let bytes = ds.array.bytes else { continue }
        if group == "/files", let format = FigureProvenance.Format(path: name) {
          files.append((name, try provenance.embed(in: bytes, format: format)))
        } else {
          files.append((name, bytes))
        }
      }
    }
    try FigurePublisher.publish(
      files, to: FigurePublisher.folder(projectRoot: context.projectRoot, profile: context.profile))
  }
}
