import Artifacts
import Foundation
import Pipeline

/// Counts executions per stage name, across threads (to check "each stage runs once").
public final class ExecutionCounter: @unchecked Sendable {
  public static let shared = ExecutionCounter()
  private let lock = NSLock()
  private var counts: [String: Int] = [:]
  public func hit(_ stage: String) { lock.lock(); counts[stage, default: 0] += 1; lock.unlock() }
  public func count(_ stage: String) -> Int { lock.lock(); defer { lock.unlock() }; return counts[stage] ?? 0 }
  public func total(prefix: String) -> Int {
    lock.lock(); defer { lock.unlock() }; return counts.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +)
  }
}

/// Test-only stage kinds (never in the product): `/value` = `value` + Σ inputs' `/value`.
public enum SumStage: StageKind {
  public static let name = "sum"
  public static var codeVersion = 1
  public static let summary = "test: sums inputs"
  public struct Params: Codable, DefaultInitializable {
    public var value: Double = 0
    public var sleep: Double = 0
    /// Tags so tests can give stages distinct identities (counted per run).
    public var tag: String = ""
    public var n: Int? = nil
    public var task: String? = nil
    public var seed: Int? = nil
    public init() {}
  }
  public static func validate(_ p: Params) -> [(String, String)] {
    p.value < -1000 ? [("value", "must be ≥ −1000 (got \(p.value))")] : []
  }
  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    ExecutionCounter.shared.hit(p.tag + "|" + context.stageName)
    if p.sleep > 0 { Thread.sleep(forTimeInterval: p.sleep) }
    var a = Artifact()
    var total = p.value
    for input in inputs.all { total += try input.load()["/value"]?.doubles[0] ?? 0 }
    a["/value"] = NDArray([total])
    return a
  }
}

/// Always fails.
public enum FailStage: StageKind {
  public static let name = "fail"
  public static let codeVersion = 1
  public static let summary = "test: always fails"
  public struct Params: Codable, DefaultInitializable { public init() {} }
  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    throw StageError("failing on purpose")
  }
}

/// Fails for one seed (`failSeed`), writes `/value` = seed for the others: a failure inside an
/// array of stages.
public enum FailForStage: StageKind {
  public static let name = "fail-for"
  public static let codeVersion = 1
  public static let summary = "test: fails for one seed"
  public struct Params: Codable, DefaultInitializable {
    public var seed: Int = 0
    public var failSeed: Int = 0
    public init() {}
  }
  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    if p.seed == p.failSeed { throw StageError("failing on purpose for seed \(p.seed)") }
    var a = Artifact()
    a["/value"] = NDArray([Double(p.seed)])
    return a
  }
}

/// Crashes the process that runs it (`abort()`).
public enum CrashStage: StageKind {
  public static let name = "crash"
  public static let codeVersion = 1
  public static let summary = "test: crashes its process"
  public struct Params: Codable, DefaultInitializable { public init() {} }
  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    abort()
  }
}

public enum ToyProject {
  public static var registry: StageRegistry {
    StageRegistry([AnyStageKind(SumStage.self), AnyStageKind(FailStage.self)])
  }

  /// A temporary project folder holding `pipeline`.
  public static func make(_ pipeline: String) throws -> URL {
    let dir = try Fixtures.temporaryDirectory("project")
    try pipeline.write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
    return dir
  }

  public static func rewrite(_ dir: URL, _ pipeline: String) throws {
    try pipeline.write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
  }

  /// Runs `make` in this process (stages on threads) and returns the report.
  public static func build(
    _ dir: URL, profile: String = "default", targets: [String] = [], jobs: Int = 2,
    registry: StageRegistry = registry
  ) throws -> MakeReport {
    let project = try Project.open(root: dir, profile: profile, registry: registry)
    return try project.make(
      targets: targets, jobs: jobs, cores: 2, dryRun: false,
      executor: InProcessExecutor(runner: project.runner), display: nil, command: "test")
  }

  public static func ran(_ r: MakeReport) -> Set<String> { Set(r.entries.filter { $0.result == .ran }.map(\.stage)) }
}
