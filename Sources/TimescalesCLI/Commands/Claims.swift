import ArgumentParser
import Foundation
import Pipeline
import Stages

struct Claims: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Test the paper's claims C1–C11 on a profile's artifacts and print the table.",
    discussion: """
      Brings the pipeline's `claims` stage up to date first (running whatever it needs that is \
      stale, with progress on stderr), then prints one row per claim and scope: the networks per \
      side (the network is the unit), the effect, the one-sided p of the claim's direction, the \
      two-sided p, and PASS / FAIL / REVERSED (significant the other way) / NOT ENOUGH DATA \
      (α = 0.05). The claims' definitions: Sources/Figures/Claims/ClaimDefinitions.swift. The table \
      is also written to figures/out/<profile>/claims.md.
        timescales claims --profile smoke
        timescales claims --json > claims.json
      Exit status: 0 when the table was made (whatever the verdicts), 1 when a stage failed.
      """
  )
  @OptionGroup var project: ProjectOptions
  @OptionGroup var runOptions: RunOptions
  @Flag(help: "Print the table as JSON on stdout.") var json = false

  func run() throws {
    let p = try project.open()
    let stage = "claims"
    guard p.plan[stage] != nil else {
      throw UsageError(
        "pipeline.json has no stage named \"\(stage)\" in profile \"\(p.plan.profile)\"\n"
          + "hint: add a template of kind \"claims\" named \"claims\" whose needs carry roles (see the claims template in this project's pipeline.json)"
      )
    }
    // The progress display writes to stderr: stdout holds only the table.
    let report = try p.make(
      targets: [stage], jobs: runOptions.jobs, cores: runOptions.cores, dryRun: false,
      executor: runOptions.executor(p), display: ProgressDisplay(verbose: project.verbose),
      command: CommandLine.arguments.joined(separator: " "))
    if report.failed {
      FileHandle.standardError.write(Data("claims: \(report.summary); the table needs every stage it reads\n".utf8))
      throw ExitCode(1)
    }
    try Self.printTable(p, json: json)
  }

  /// Prints the claims table of the `claims` stage's cached artifact (`make --claims` too).
  static func printTable(_ p: Project, json: Bool) throws {
    let stage = "claims"
    guard p.plan[stage] != nil, let head = p.store.head(profile: p.plan.profile, stage: stage) else {
      throw UsageError(
        "no claims table: the pipeline has no up-to-date stage \"\(stage)\" in profile \"\(p.plan.profile)\"")
    }
    let claims = try ClaimsStage.report(try p.store.load(head.key, stage: stage).0, profile: p.plan.profile)
    if json {
      FileHandle.standardOutput.write(claims.json)
      print()
    } else {
      print(claims.text, terminator: "")
    }
  }
}
