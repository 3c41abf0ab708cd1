import ArgumentParser
import Foundation
import Numerics
import Pipeline

/// Runs one stage in this process; what the local and cluster executors start for each stage.
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

  func run() throws {
    let p = try project.open()
    BLAS.threadCount = 1  // content must not depend on the thread count (see BLAS)
    guard p.plan[stage] != nil else { throw UsageError("no stage \"\(stage)\" in profile \"\(p.plan.profile)\"") }
    let outcome = p.runner.run(stage, force: force, threads: threads) { print($0) }
    switch outcome {
    case .ran(let r): print("ran \(stage): key \(r.key) content \(r.contentHash)")
    case .cached(let r):
      print("cached \(stage): key \(r.key)")
      throw ExitCode(ProcessExecutor.exitCached)
    case .failed(let message):
      print("error: \(message)")
      throw ExitCode(1)
    }
  }
}
