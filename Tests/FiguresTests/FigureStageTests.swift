import Artifacts
import Figures
import Foundation
import Layouts
import Pipeline
import Stages
import Tasks
import TestSupport
import Testing

/// Test-only stage kind: writes a hand-made train artifact (`SyntheticRuns`) for one network and level.
enum SyntheticTrainStage: StageKind {
  static let name = "synthetic-train"
  static let codeVersion = 1
  static let summary = "test: a hand-made train artifact"
  struct Params: Codable, DefaultInitializable {
    init() {}
    var task = "parity"
    var curriculum = "multi"
    var seed = 1
    var n = 2
    /// The highest level of the run; it is not reached if `lastReached` is false.
    var lastLevel = 2
    var lastReached = true
  }
  static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let net = SyntheticRuns.Network(
      task: TaskKind(rawValue: p.task)!, curriculum: Curriculum(name: p.curriculum)!,
      seed: UInt64(p.seed), lastLevel: p.lastLevel, lastReached: p.lastReached, neurons: 6)
    return SyntheticRuns.artifact(net, level: p.n)
  }
}

/// The figure stage run by the real pipeline: HDF5 artifacts in a store, gnuplot, publishing.
@Suite struct FigureStageTests {
  static let registry = StageRegistry([AnyStageKind(SyntheticTrainStage.self), AnyStageKind(FigureStage.self)])

  static let pipeline = """
    { "profiles": { "default": {} },
      "stages": {
        "train": { "kind": "synthetic-train", "name": "train/{task}/{curriculum}/seed{seed}/N{n}",
                   "matrix": { "task": ["parity"], "curriculum": ["single", "multi"], "seed": [1, 2], "n": { "from": 2, "to": 4 } },
                   "params": { "lastLevel": 4 } },
        "tau": { "kind": "figure", "name": "fig/tau-vs-n", "params": { "figure": "tau-vs-n" }, "needs": ["train"] },
        "speed": { "kind": "figure", "name": "fig/training-speed", "params": { "figure": "training-speed" }, "needs": ["train"] } } }
    """

  /// A project folder with the pipeline above and the real figure scripts.
  static func project(_ pipeline: String = pipeline) throws -> URL {
    let dir = try ToyProject.make(pipeline)
    let figures = dir.appendingPathComponent("figures")
    try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
    for f in ["style.gp", "tau-vs-n.gp", "training-speed.gp", "README.md"] {
      try FileManager.default.copyItem(
        at: Fixtures.packageRoot.appendingPathComponent("figures/\(f)"), to: figures.appendingPathComponent(f))
    }
    return dir
  }

  static func build(_ dir: URL) throws -> MakeReport { try ToyProject.build(dir, registry: registry) }

  static func artifact(_ dir: URL, _ stage: String) throws -> Artifact {
    let p = try Project.open(root: dir, profile: "default", registry: registry)
    let head = try #require(p.store.head(profile: "default", stage: stage))
    return try ArtifactReader.read(p.store.artifactPath(head.key))
  }

  static func key(_ dir: URL, _ stage: String) throws -> String? {
    let p = try Project.open(root: dir, profile: "default", registry: registry)
    return KeyResolver(plan: p.plan, store: p.store).key(p.plan.index[stage]!)
  }

  static func append(_ text: String, to file: URL) throws {
    let old = try String(contentsOf: file, encoding: .utf8)
    try (old + text).write(to: file, atomically: true, encoding: .utf8)
  }

  @Test func drawsStoresTablesAndPublishes() throws {
    let dir = try Self.project()
    let report = try Self.build(dir)
    #expect(
      !report.failed, "\(report.entries.filter { $0.result == .failed }.map { "\($0.stage): \($0.message ?? "")" })")
    #expect(ToyProject.ran(report).isSuperset(of: ["fig/tau-vs-n", "fig/training-speed"]))

    let a = try Self.artifact(dir, "fig/tau-vs-n")
    for ext in ["png", "svg", "pdf"] {
      #expect((a["/files/tau-vs-n.\(ext)"]?.bytes?.count ?? 0) > 1000, "tau-vs-n.\(ext) is missing or tiny")
    }
    let table = String(decoding: try #require(a["/tables/tau-vs-n.parity-single.tsv"]?.bytes), as: UTF8.self)
    #expect(table.hasPrefix("# tau-vs-n / parity-single: "))
    #expect(table.contains("# columns:") && table.contains("\nn\tmean_of_mean\t"), "a plain header line")
    #expect(
      table.contains("# source: train/parity/single/seed1/N2  content "),
      "provenance lines name stages and content hashes")
    #expect(a.attribute("gnuplot")?.stringValue?.hasPrefix("gnuplot") == true)

    // Published copies with their provenance written in; a cached make puts them back.
    let out = dir.appendingPathComponent("figures/out/default")
    let png = try #require(FileManager.default.contents(atPath: out.appendingPathComponent("tau-vs-n.png").path))
    let provenance = FigureProvenance(artifact: a, profile: "default")
    #expect(
      provenance.stage == "fig/tau-vs-n" && provenance.cacheKey == a.attribute("provenance.cache_key")?.stringValue)
    #expect(Array(png) == (try provenance.embed(in: try #require(a["/files/tau-vs-n.png"]?.bytes), format: .png)))
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("tau-vs-n.parity-single.tsv").path))
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("training-speed.pdf").path))
    try FileManager.default.removeItem(at: out)
    let again = try Self.build(dir)
    #expect(ToyProject.ran(again).isEmpty && !again.failed)
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("tau-vs-n.svg").path))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp.") }
    #expect(leftovers.isEmpty)
  }

  @Test func editingAScriptRedrawsOnlyThatFigure() throws {
    let dir = try Self.project()
    _ = try Self.build(dir)
    let tauKey = try Self.key(dir, "fig/tau-vs-n"), speedKey = try Self.key(dir, "fig/training-speed")

    // An unrelated file: nothing changes.
    try Self.append("\nmore words\n", to: dir.appendingPathComponent("figures/README.md"))
    #expect(try Self.key(dir, "fig/tau-vs-n") == tauKey)
    #expect(ToyProject.ran(try Self.build(dir)).isEmpty)

    // This figure's script: only this figure's key changes, and status says why.
    try Self.append("\n# a comment\n", to: dir.appendingPathComponent("figures/tau-vs-n.gp"))
    #expect(try Self.key(dir, "fig/tau-vs-n") != tauKey)
    #expect(try Self.key(dir, "fig/training-speed") == speedKey)
    let p = try Project.open(root: dir, profile: "default", registry: Self.registry)
    let status = Dictionary(uniqueKeysWithValues: p.status().map { ($0.stage.name, $0.status) })
    #expect(status["fig/tau-vs-n"] == .stale(["figures/tau-vs-n.gp changed"]))
    #expect(status["fig/training-speed"] == .cached)
    #expect(ToyProject.ran(try Self.build(dir)) == ["fig/tau-vs-n"])

    // The shared style: every figure.
    try Self.append("\n# another comment\n", to: dir.appendingPathComponent("figures/style.gp"))
    #expect(ToyProject.ran(try Self.build(dir)) == ["fig/tau-vs-n", "fig/training-speed"])
  }

  @Test func aBrokenScriptFailsWithGnuplotsMessageAndLine() throws {
    let dir = try Self.project()
    let script = """
      figw = 4; figh = 3
      load 'figures/style.gp'
      plot table('parity-single') using 1:2 with lines, \\
           undefined_function(x) with lines
      """
    try script.write(to: dir.appendingPathComponent("figures/tau-vs-n.gp"), atomically: true, encoding: .utf8)
    let report = try Self.build(dir)
    let failure = try #require(report.entries.first { $0.stage == "fig/tau-vs-n" })
    #expect(failure.result == .failed)
    let message = failure.message ?? ""
    #expect(message.contains("\"figures/tau-vs-n.gp\" line 4"), "message: \(message)")
    #expect(message.contains("undefined function: undefined_function"), "message: \(message)")
    #expect(message.hasPrefix("gnuplot failed: \"figures/tau-vs-n.gp\" line 4"), "the first line says where")
    #expect(report.entries.first { $0.stage == "fig/training-speed" }?.result == .ran, "other figures are drawn")
    #expect(
      !FileManager.default.fileExists(atPath: dir.appendingPathComponent("figures/out/default/tau-vs-n.png").path))
  }

  @Test func aFigureWithoutScriptIsAPlanError() throws {
    let dir = try Self.project()
    try FileManager.default.removeItem(at: dir.appendingPathComponent("figures/tau-vs-n.gp"))
    do {
      _ = try Project.open(root: dir, profile: "default", registry: Self.registry)
      Issue.record("expected a plan error")
    } catch let e as PlanErrors {
      let text = e.description
      #expect(text.contains("stages.tau.params.figure"), "\(text)")
      #expect(text.contains("figures/tau-vs-n.gp does not exist"), "\(text)")
      #expect(text.contains("hint: write figures/tau-vs-n.gp"), "\(text)")
    }
  }

  @Test func anUnknownFigureIsAPlanError() throws {
    let dir = try Self.project(
      Self.pipeline.replacingOccurrences(of: "\"figure\": \"tau-vs-n\"", with: "\"figure\": \"tau-vs-m\""))
    do {
      _ = try Project.open(root: dir, profile: "default", registry: Self.registry)
      Issue.record("expected a plan error")
    } catch let e as PlanErrors {
      #expect(
        e.description.contains(
          "stages.tau.params.figure: no figure \"tau-vs-m\" (figures: \(FigureBuilders.names.joined(separator: ", ")))"),
        "\(e.description)")
    }
  }

  @Test func withoutGnuplotTheErrorSaysHowToInstallIt() throws {
    let none = Gnuplot(searchPath: "/nonexistent")
    #expect(none.executable == nil && none.version == nil)
    do {
      try none.run(script: "figures/tau-vs-n.gp", variables: [], workingDirectory: Fixtures.packageRoot)
      Issue.record("expected an error")
    } catch let e as FigureError {
      #expect(e.description.contains("gnuplot is not installed"))
      #expect(
        e.description.contains("make deps")
          && e.description.contains("apt-get install --no-install-recommends gnuplot-nox"))
    }
    #expect(Gnuplot.shared.version?.hasPrefix("gnuplot ") == true, "the test machine has gnuplot")
  }
}
