import ArgumentParser
import Foundation
import Pipeline

enum ExecutorKind: String, ExpressibleByArgument, CaseIterable {
  case local, slurm
}

/// `make`'s options for running on a Slurm cluster.
struct SlurmOptions: ParsableArguments {
  @Option(
    help:
      "Where stages run: local (child processes) or slurm (a job per long stage; short stages that become ready together share one)."
  )
  var executor: ExecutorKind = .local
  @Option(help: "Slurm partition to submit to (default: the cluster's default partition).")
  var partition: String?
  @Option(
    name: .customLong("slurm-opt"),
    help: ArgumentHelp("Extra sbatch option KEY=VALUE (→ --KEY=VALUE); repeatable.", valueName: "KEY=VALUE"))
  var slurmOpts: [String] = []
  @Flag(help: "With --executor slurm: follow the jobs until they end (exit 1 if a stage failed).")
  var wait = false

  func validate() throws {
    if executor == .local && (partition != nil || !slurmOpts.isEmpty || wait) {
      throw ValidationError("--partition, --slurm-opt and --wait need --executor slurm")
    }
  }

  /// The flags, completed by timescales.json's `slurm` settings.
  func executor(_ p: Project) throws -> SlurmExecutor {
    let config = try ProjectConfiguration.load(root: p.root)
    return SlurmExecutor(
      project: p,
      options: .init(
        executable: selfExecutable(), partition: partition ?? config.slurmPartition,
        extra: config.slurmOptions + slurmOpts))
  }

  func say(json: Bool) -> (String) -> Void {
    { line in
      if json { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
    }
  }

  func make(_ p: Project, targets: [String], json: Bool) throws {
    let slurm = try executor(p)
    let actions = try slurm.submit(targets: targets, display: say(json: json))
    try follow(slurm, actions, verb: "make", json: json) { report in try slurm.publish(targets: targets, &report) }
  }

  /// `rerun STAGE --executor slurm`: the stage forced, then its dependants, as jobs.
  func rerun(_ p: Project, stage: String, downstream: Bool, json: Bool) throws {
    let slurm = try executor(p)
    let (actions, stages) = try slurm.rerun(stage: stage, downstream: downstream, display: say(json: json))
    try follow(slurm, actions, verb: "rerun", json: json) { report in slurm.publish(stages: stages, &report) }
  }

  /// Prints what was submitted; with --wait follows the jobs, publishes, and reports (exit 1 on a failure).
  func follow(
    _ slurm: SlurmExecutor, _ actions: [(stage: String, action: SlurmExecutor.Action)], verb: String, json: Bool,
    publish: (inout MakeReport) throws -> Void
  ) throws {
    let p = slurm.project
    let say = say(json: json)
    var jobs: [(stage: String, job: String)] = [], cached: [String] = [], skipped: [String] = []
    var submitted = 0
    for (stage, action) in actions {
      switch action {
      case .cached: cached.append(stage)
      case .submitted(let id): jobs.append((stage, id)); submitted += 1
      case .queued(let id): jobs.append((stage, id))
      case .skipped: skipped.append(stage)
      }
    }
    // An array of tasks is one job submitted.
    let newJobs = Set(
      actions.compactMap { if case .submitted(let id) = $0.action { SlurmExecutor.baseJob(id) } else { nil } }
    ).count
    let summary =
      "\(submitted) submitted in \(newJobs) job(s), \(jobs.count - submitted) already queued, \(cached.count) cached"
    if !wait {
      if json {
        printJSON(
          SubmissionReport(
            profile: p.plan.profile, submitted: submitted, submittedJobs: newJobs, cached: cached.count,
            jobs: jobs.map { .init(stage: $0.stage, job: $0.job) }))
      } else {
        print("\(verb) (\(p.plan.profile)) --executor slurm: \(summary)")
        if !jobs.isEmpty { print("follow with `timescales status`; stop with `timescales cancel`") }
      }
      return
    }
    let interval = try ProjectConfiguration.load(root: p.root).pollInterval ?? SlurmExecutor.defaultPollInterval
    var report = slurm.wait(
      jobs, cachedStages: cached, interval: interval, command: CommandLine.arguments.joined(separator: " "),
      display: say)
    try publish(&report)
    if json { printJSON(report.json) } else { print("\(verb) (\(p.plan.profile)) --executor slurm: \(report.summary)") }
    for e in report.entries where e.result == .failed { say("FAILED \(e.stage): \(e.message ?? "")") }
    for e in report.entries where e.result == .skipped { say("CANCELLED \(e.stage): \(e.message ?? "")") }
    if report.failed { throw ExitCode(1) }
  }
}

/// `timescales cancel`: cancels this project's queued and running Slurm jobs.
struct Cancel: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Cancel this project's pending and running Slurm jobs (submitted by make --executor slurm)."
  )
  @OptionGroup var project: ProjectOptions

  func run() throws {
    let store = Store(projectRoot: project.rootURL)
    let cancelled = try SlurmExecutor.cancelAll(store)
    for c in cancelled { print("cancelled job \(c.job)  \(c.stage)") }
    let jobs = Set(cancelled.map { SlurmExecutor.baseJob($0.job) }).count
    print("cancel: \(jobs) job(s) cancelled" + (jobs < cancelled.count ? " (\(cancelled.count) stages)" : ""))
  }
}

/// `make --executor slurm --json` without `--wait`: what was submitted.
struct SubmissionReport: Encodable {
  struct Job: Encodable {
    var stage: String
    var job: String
  }
  var profile: String
  var submitted: Int
  /// Jobs those stages were submitted in (short stages share jobs; an array counts once).
  var submittedJobs: Int
  var cached: Int
  var jobs: [Job]
}
