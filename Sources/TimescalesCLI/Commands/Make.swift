import ArgumentParser
import Foundation
import Pipeline

struct Make: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Bring stages up to date: run what is stale, reuse what is cached.",
    discussion: """
      Targets are stage names, template ids, prefixes (train/parity) or globs (fig/*, train/**/N5). \
      Without targets: the pipeline's default targets (every figure).
        timescales make --profile smoke
        timescales make train/parity --jobs 2 --dry-run
        timescales make -n -C ~/timescales           (-n = --dry-run, -C = --root)
        timescales make --pull /shared/lab/cache     (fetch what a remote cache has first)
      With --executor slurm every pending stage is submitted as an sbatch job (afterok dependencies) \
      and make exits after printing the job ids; --wait follows the jobs until they end.
        timescales make --executor slurm --partition cpu --slurm-opt account=lab --wait
      """
  )
  @OptionGroup var project: ProjectOptions
  @OptionGroup var runOptions: RunOptions
  @Argument(help: "Stages to make (names, prefixes or globs).") var targets: [String] = []
  @Flag(
    name: [.customShort("n"), .long],
    help: "List what would run, and why, and estimate its CPU and wall time, without running it.") var dryRun = false
  @Option(
    name: .customLong("pull"),
    help: ArgumentHelp(
      "First fetch from this remote cache folder what it already has (not with --dry-run).", valueName: "REMOTE"))
  var pullFrom: String?
  @Flag(help: "Print the result as JSON on stdout.") var json = false
  @Flag(help: "Afterwards, print the table of the paper's claims (the `claims` stage must be up to date).") var claims =
    false
  @OptionGroup var slurm: SlurmOptions

  func validate() throws {
    if claims && json { throw ValidationError("--claims prints a table; for JSON use `timescales claims --json`") }
  }

  func run() throws {
    let p = try project.open()
    if let pullFrom, !dryRun {
      let fetched = try p.pull(
        targets.isEmpty ? p.defaultSelection.map { p.plan.stages[$0].name } : targets,
        from: project.remote(pullFrom, verb: "make --pull"))
      if !json { print("pulled \(fetched.copied.count) artifact(s) from \(pullFrom)") }
    }
    if slurm.executor == .slurm && !dryRun { return try slurm.make(p, targets: targets, json: json) }
    let display = json ? nil : ProgressDisplay(verbose: project.verbose)
    let report = try p.make(
      targets: targets, jobs: runOptions.jobs, cores: runOptions.cores, dryRun: dryRun,
      executor: runOptions.executor(p), display: display, command: CommandLine.arguments.joined(separator: " "))
    let pending = Set(report.entries.filter { $0.result == .wouldRun }.compactMap { p.plan.index[$0.stage] })
    let estimate = dryRun ? CostEstimate(p.plan, stages: pending, jobs: runOptions.jobs, cores: runOptions.cores) : nil
    if json {
      printJSON(
        estimate.map { .object((report.json.objectPairs ?? []) + [("estimate", $0.json(p.plan))]) } ?? report.json)
    } else {
      if dryRun {
        let statuses = Dictionary(uniqueKeysWithValues: p.status().map { ($0.stage.name, $0.status) })
        for e in report.entries where e.result == .wouldRun {
          let why = statuses[e.stage].map { $0.reasons.isEmpty ? $0.label : $0.reasons.joined(separator: "; ") } ?? ""
          print("would run \(e.stage)  (\(why))")
        }
        print("estimate: " + estimate!.summary)
      }
      print("make (\(p.plan.profile)): \(report.summary)")
    }
    if report.failed { throw ExitCode(1) }
    if claims && !dryRun { try Claims.printTable(p, json: false) }
  }
}
