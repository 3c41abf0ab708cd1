import ArgumentParser
import Foundation
import Numerics
import Pipeline
import Stages

/// Runs one stage in this process; what the Slurm executor starts for each stage.
struct RunStage: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run-stage",
    abstract: "Run one stage in this process (used by the executors).",
    discussion: "Exit status: 0 ran, 3 already cached, 1 failed, 2 usage error.",
    shouldDisplay: false
  )
  @OptionGroup var project: ProjectOptions
  @Argument(help: "The stage.") var stage: String
  @Option(help: "Threads this stage may use (for work split in a fixed way; BLAS always runs one thread).") var threads:
    Int = 1
  @Flag(help: "Recompute even if cached.") var force = false
  @Option(
    help: ArgumentHelp(
      "The stage as the scheduler planned it (written by make); used if pipeline.json has not changed since.",
      valueName: "FILE"))
  var planned: String?

  func run() throws {
    let status = try Self.run(stage, planned: planned, force: force, threads: threads, project: project)
    if status != 0 { throw ExitCode(status) }
  }

  /// Runs `stage`, printing its progress and how it ended; returns the exit status (0 ran, 3
  /// cached, 1 failed). Throws a usage error for a stage the profile does not have.
  static func run(_ stage: String, planned: String?, force: Bool, threads: Int, project: ProjectOptions) throws
    -> Int32
  {
    BLAS.threadCount = 1  // content must not depend on the thread count (see BLAS)
    let outcome: StageOutcome
    if let (runner, handOff, parts) = handedOver(stage, planned: planned, project: project) {
      outcome = runner.run(handOff, parts: parts, force: force, threads: threads) { print($0) }
    } else {
      let p = try project.open()
      guard p.plan[stage] != nil else { throw UsageError("no stage \"\(stage)\" in profile \"\(p.plan.profile)\"") }
      outcome = p.runner.run(stage, force: force, threads: threads) { print($0) }
    }
    switch outcome {
    case .ran(let r):
      print("ran \(stage): key \(r.key) content \(r.contentHash)")
      return 0
    case .cached(let r):
      print("cached \(stage): key \(r.key)")
      return ProcessExecutor.exitCached
    case .failed(let message):
      print("error: \(message)")
      return 1
    }
  }

  /// The hand-off of `--planned`, if it is for this stage, pipeline.json is the one it was
  /// planned from, and the inputs still give the planned key.
  static func handedOver(_ stage: String, planned: String?, project: ProjectOptions) -> (
    StageRunner, PlannedRun, CacheKeyParts
  )? {
    guard let planned, let handOff = PlannedRun.read(planned), handOff.stage.name == stage,
      project.profile.map({ $0 == handOff.profile }) ?? true,
      Planner.pipelineHash(root: project.rootURL) == handOff.pipelineHash
    else { return nil }
    let runner = StageRunner(
      profile: handOff.profile, store: Store(projectRoot: project.rootURL), registry: StageKinds.registry,
      projectRoot: project.rootURL)
    return runner.parts(handOff).map { (runner, handOff, $0) }
  }
}
