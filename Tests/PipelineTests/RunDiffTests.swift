import Artifacts
import Diff
import Foundation
import Pipeline
import TestSupport
import Testing

/// A stage whose output differs on every run (seeded from the clock): a non-deterministic kind.
enum NoisyStage: StageKind {
  static let name = "noisy"
  static let codeVersion = 1
  static let summary = "test: a different value on every run"
  struct Params: Codable, DefaultInitializable { init() {} }
  static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    var a = Artifact()
    a["/value"] = NDArray([Double.random(in: 0..<1)])
    return a
  }
}

@Suite struct RunDiffTests {
  /// a → b → c, and x independent; d needs c and x.
  func pipeline(a: Double = 1, x: Double = 10) -> String {
    """
    { "profiles": { "default": { "a": \(a), "x": \(x) }, "other": { "a": 5, "x": 10 } },
      "stages": {
        "a": { "kind": "sum", "params": { "value": "$a" } },
        "b": { "kind": "sum", "needs": ["a"] },
        "c": { "kind": "sum", "params": { "value": 1 }, "needs": ["b"] },
        "x": { "kind": "sum", "params": { "value": "$x" } },
        "d": { "kind": "sum", "needs": ["c", "x"] },
        "n": { "kind": "noisy" } } }
    """
  }

  static let registry = StageRegistry([
    AnyStageKind(SumStage.self), AnyStageKind(FailStage.self), AnyStageKind(NoisyStage.self),
  ])

  func build(_ dir: URL, profile: String = "default") throws {
    _ = try ToyProject.build(dir, profile: profile, registry: Self.registry)
  }

  func diff(
    _ dir: URL, _ a: String, _ b: String? = nil, previous: Bool = false, profile: String? = nil,
    options: DiffOptions = DiffOptions()
  ) throws -> Differ.Result {
    try Differ.diff(
      .init(a: a, b: b, previous: previous, profile: profile, root: dir, options: options), registry: Self.registry)
  }

  func rerun(_ dir: URL, _ stage: String) throws {
    let project = try Project.open(root: dir, profile: "default", registry: Self.registry)
    _ = try project.rerun(
      stage: stage, downstream: false, jobs: 2, cores: 2, executor: InProcessExecutor(runner: project.runner),
      display: nil, command: "test rerun \(stage)")
  }

  func runs(_ r: Differ.Result) throws -> RunDiff {
    guard case .runs(let d) = r else { throw UsageError("not a run diff") }
    return d
  }

  func artifacts(_ r: Differ.Result) throws -> ArtifactDiff {
    guard case .artifacts(let d, _, _) = r else { throw UsageError("not an artifact diff") }
    return d
  }

  @Test func aChangedParameterIsNamedAndExactlyTheAffectedStagesChange() throws {
    let dir = try ToyProject.make(pipeline())
    try build(dir)
    try ToyProject.rewrite(dir, pipeline(x: 11))
    try build(dir)
    let d = try runs(try diff(dir, "run:previous", "run:latest"))
    #expect(d.hasDifferences)
    let changed = Dictionary(uniqueKeysWithValues: d.stages.filter { $0.change == .changed }.map { ($0.name, $0) })
    #expect(Set(changed.keys) == ["x", "d"])
    #expect(changed["x"]?.reasons == ["params.value 10 → 11"])
    #expect(changed["d"]?.reasons == ["input x changed"])
    #expect(Set(d.stages.filter { $0.change == .unchanged }.map(\.name)) == ["a", "b", "c", "n"])
    let value = try #require(changed["d"]?.artifact.flatMap { numbers($0, "/value") })
    #expect(value.maxAbs == 1 && value.maxAbsAt?.a == 12 && value.maxAbsAt?.b == 13)
    let lines = d.lines()
    #expect(lines[2] == "changed          d  input x changed", "\(lines)")
    #expect(lines.contains("changed          x  params.value 10 → 11"), "\(lines)")
    #expect(lines.contains("unchanged: 4 stages (same cache key and content)"), "\(lines)")
    #expect(lines.last == "runs differ: 2 changed, 4 unchanged")
    // The same two runs by id, and the latest against its predecessor.
    let history = RunHistory(store: Store(projectRoot: dir))
    let ids = history.runs.map(\.id)
    #expect(ids.count == 2)
    #expect(try runs(try diff(dir, "run:\(ids[0])", "run:\(ids[1])")).count(.changed) == 2)
    #expect(try runs(try diff(dir, "run:latest", previous: true)).count(.changed) == 2)
    // Within tolerance: the changes are 1 on values 11 → 12 (x) and 12 → 13 (d).
    let loose = try runs(
      try diff(dir, "run:previous", "run:latest", options: DiffOptions(tolerance: .init(atol: 0, rtol: 0.1))))
    #expect(!loose.hasDifferences && loose.count(.withinTolerance) == 2)
  }

  /// A rerun of a deterministic stage is recomputed to identical content; downstream stays cached.
  @Test func aRerunOfADeterministicStageIsIdentical() throws {
    let dir = try ToyProject.make(pipeline())
    try build(dir)
    try rerun(dir, "b")
    let d = try runs(try diff(dir, "run:previous", "run:latest"))
    #expect(!d.hasDifferences)
    #expect(d.stages.first?.name == "b" && d.stages.first?.change == .identical)
    #expect(d.stages.first?.reasons.first?.hasPrefix("recomputed in run ") == true)
    #expect(d.count(.unchanged) == 5)
    // And against its own previous artifact.
    let previous = try diff(dir, "b", previous: true)
    #expect(!previous.hasDifferences)
    #expect(try artifacts(previous).lines().last == "identical: 1 dataset")
  }

  @Test func previousAfterRerunComparesWithTheReplacedArtifact() throws {
    let dir = try ToyProject.make(pipeline())
    try build(dir)
    let store = Store(projectRoot: dir)
    let before = try #require(store.head(profile: "default", stage: "n"))
    #expect(throws: UsageError.self) { try diff(dir, "n", previous: true) }  // computed once
    try rerun(dir, "n")
    let head = try #require(store.head(profile: "default", stage: "n"))
    #expect(head.key == before.key && head.contentHash != before.contentHash)
    let d = try diff(dir, "n", previous: true)
    #expect(d.hasDifferences)
    guard case .artifacts(let diff, let a, let b) = d else { Issue.record("not an artifact diff"); return }
    #expect(a.path.contains("/data/previous/") && b.path == store.artifactPath(head.key))
    #expect(numbers(diff, "/value")?.differing == 1)
    // The run diff finds the replaced artifact too, and says why the same key gave new content.
    let r = try runs(try self.diff(dir, "run:previous", "run:latest"))
    let n = try #require(r.stages.first)
    #expect(n.name == "n" && n.change == .changed && n.artifact != nil)
    #expect(n.reasons.first?.contains("not deterministic") == true)
  }

  @Test func previousAfterAParameterChangeAndGCKeepsIt() throws {
    let dir = try ToyProject.make(pipeline())
    try build(dir)
    try ToyProject.rewrite(dir, pipeline(a: 2))
    try build(dir)
    try ToyProject.rewrite(dir, pipeline(a: 3))
    try build(dir)
    // gc with every run too old to count: only the plans and the heads keep entries.
    let project = try Project.open(root: dir, profile: "default", registry: Self.registry)
    let (removed, _, _) = try project.gc(dryRun: false, days: 0)
    #expect(removed.count == 4, "\(removed)")  // a, b, c, d with a = 1; those with a = 2 are the heads' previous
    let d = try artifacts(try diff(dir, "c", previous: true))
    #expect(numbers(d, "/value")?.maxAbsAt.map { [$0.a, $0.b] } == [3, 4])
    #expect(d.provenance.contains { $0.name == "input b" })
  }

  /// The journal header lists the plan's stages: a stage removed from pipeline.json is gone
  /// from later runs, not carried over as "unchanged".
  @Test func aStageRemovedFromThePipelineIsOnlyInA() throws {
    let dir = try ToyProject.make(pipeline())
    try build(dir)
    try ToyProject.rewrite(
      dir,
      pipeline().replacingOccurrences(of: #""x": { "kind": "sum", "params": { "value": "$x" } },"#, with: "")
        .replacingOccurrences(of: #""needs": ["c", "x"]"#, with: #""needs": ["c"]"#))
    try build(dir)
    let d = try runs(try diff(dir, "run:previous", "run:latest"))
    #expect(d.stages.filter { $0.change == .onlyInA }.map(\.name) == ["x"])
    #expect(d.stages.first { $0.name == "d" }?.reasons == ["input x removed"])
  }

  /// Many inputs changing at once (a figure over every seed) are summarised in the text.
  @Test func manyInputReasonsAreGrouped() throws {
    func fan(_ v: Int) -> String {
      """
      { "profiles": { "default": {} }, "stages": {
        "s": { "kind": "sum", "name": "s{n}", "matrix": { "n": { "from": 1, "to": 5 } }, "params": { "value": \(v) } },
        "t": { "kind": "sum", "needs": ["s"] } } }
      """
    }
    let dir = try ToyProject.make(fan(1))
    try build(dir)
    try ToyProject.rewrite(dir, fan(2))
    try build(dir)
    let d = try runs(try diff(dir, "run:previous", "run:latest"))
    #expect(d.stages.first { $0.name == "t" }?.reasons.count == 5)
    #expect(d.lines().contains { $0.hasPrefix("changed          t  5 inputs changed (s1, s2, …)") }, "\(d.lines())")
    #expect(d.lines(verbose: true).contains { $0.hasPrefix("changed          t  input s1 changed; input s2 changed") })
  }

  @Test func stagesResolveUnderAnyProfileAndFilesDirectly() throws {
    let dir = try ToyProject.make(pipeline())
    try build(dir)
    try build(dir, profile: "other")
    let d = try artifacts(try diff(dir, "a", "a@other"))
    #expect(d.hasDifferences)
    #expect(d.provenance.map(\.description).contains("params.value 1 → 5"))
    let store = Store(projectRoot: dir)
    let file = store.artifactPath(try #require(store.head(profile: "other", stage: "a")).key)
    #expect(try !diff(dir, file, "a", profile: "other").hasDifferences)
    // Runs of different profiles compare too; latest/previous can be limited to a profile.
    #expect(
      try runs(try diff(dir, "run:previous", "run:latest")).stages.first { $0.name == "a" }?.reasons == [
        "params.value 1 → 5"
      ])
    #expect(throws: UsageError.self) { try diff(dir, "run:previous", "run:latest", profile: "other") }
  }

  @Test(arguments: [
    ["nosuch", "a"], ["a"], ["a", "b", "--previous"], ["run:latest", "a"], ["run:nosuch", "run:latest"],
    ["/no/such/file.h5", "a"], ["PIPELINE", "a"], ["PIPELINE", "--previous"], ["run:latest", "--previous"],
  ])
  func badOperandsAreUsageOrInputErrors(_ args: [String]) throws {
    let dir = try ToyProject.make(pipeline())
    try build(dir)
    let ops = args.filter { $0 != "--previous" }.map {
      $0 == "PIPELINE" ? dir.appendingPathComponent("pipeline.json").path : $0
    }
    do {
      _ = try diff(dir, ops[0], ops.count > 1 ? ops[1] : nil, previous: args.contains("--previous"))
      Issue.record("no error for \(args)")
    } catch {
      #expect(error is UsageError || error is ArtifactsError, "\(type(of: error)): \(error)")
    }
  }
}
