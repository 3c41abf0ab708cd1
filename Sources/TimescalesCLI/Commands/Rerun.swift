import ArgumentParser
import Foundation
import Pipeline

struct Rerun: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Recompute one stage even if it is cached.",
    discussion: """
      Its inputs are brought up to date first. Downstream stages rerun only if the stage's \
      content changed (a deterministic stage leaves them cached), or all of them with --downstream.
        timescales rerun train/parity/multi/seed1/N7 --profile smoke
      With --executor slurm the stage (forced) and every stage downstream of it are submitted as sbatch \
      jobs; a downstream job whose inputs came out unchanged finds its stage cached and exits at once.
        timescales rerun tau-net/parity/multi/seed1/N4 --profile smoke --executor slurm --wait
      """
  )
  @OptionGroup var project: ProjectOptions
  @OptionGroup var runOptions: RunOptions
  @Argument(help: "The stage to recompute.") var stage: String
  @Flag(help: "Also recompute every downstream stage.") var downstream = false
  @Flag(help: "Print the result as JSON on stdout.") var json = false
  @OptionGroup var slurm: SlurmOptions

  func run() throws {
    let p = try project.open()
    if slurm.executor == .slurm { return try slurm.rerun(p, stage: stage, downstream: downstream, json: json) }
    let report = try p.rerun(
      stage: stage, downstream: downstream, jobs: runOptions.jobs, cores: runOptions.cores,
      executor: runOptions.executor(p),
      display: json ? nil : ProgressDisplay(verbose: project.verbose),
      command: CommandLine.arguments.joined(separator: " "))
    if json { printJSON(report.json) } else { print("rerun (\(p.plan.profile)): \(report.summary)") }
    if report.failed { throw ExitCode(1) }
  }
}
