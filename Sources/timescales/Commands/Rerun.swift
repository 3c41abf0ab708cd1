import ArgumentParser
import Pipeline

struct Rerun: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Recompute one stage even if it is cached.",
    discussion: """
      Its inputs are brought up to date first. Downstream stages rerun only if the stage's \
      content changed (a deterministic stage leaves them cached), or all of them with --downstream.
        timescales rerun train/rnn/parity/multi/seed1/N7 --profile smoke
      """
  )
  @OptionGroup var project: ProjectOptions
  @OptionGroup var runOptions: RunOptions
  @Argument(help: "The stage to recompute.") var stage: String
  @Flag(help: "Also recompute every downstream stage.") var downstream = false
  @Flag(help: "Print the result as JSON on stdout.") var json = false

  func run() throws {
    let p = try project.open()
    let report = try p.rerun(stage: stage, downstream: downstream, jobs: runOptions.jobs, cores: runOptions.cores, executor: runOptions.executor(p),
                             display: json ? nil : ProgressDisplay(verbose: project.verbose),
                             command: CommandLine.arguments.joined(separator: " "))
    if json { printJSON(report.json) } else { print("rerun (\(p.plan.profile)): \(report.summary)") }
    if report.failed { throw ExitCode(1) }
  }
}
