import ArgumentParser
import Foundation
import Pipeline

struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show which stages are cached, stale (and why) or missing; exit 1 if any is not up to date.",
    discussion: """
      A stale stage names what changed: a parameter (old → new), an input, or the kind's code version.
      With targets, only they and the stages they need are shown. Exit status 0 when every selected stage
      is cached, 1 otherwise (as `make -q`); `--quiet` prints nothing.
      --verify reads and hashes every cached artifact of the profile (as long as reading the whole
      cache once); a damaged one is moved to data/quarantine/ and the next `make` recomputes it.
      Without it, status and make hash only files whose size or times changed since they were written.
        timescales status --profile smoke
        timescales status -q fig/tau-vs-n || timescales make fig/tau-vs-n
        timescales status --profile smoke --verify
      """
  )
  @OptionGroup var project: ProjectOptions
  @Flag(help: "Print JSON on stdout.") var json = false
  @Flag(help: "List cached stages too (by default they are counted).") var all = false
  @Flag(help: "Hash every cached artifact; quarantine damaged ones so that make recomputes them.") var verify = false
  @Flag(name: .shortAndLong, help: "Print nothing; only the exit status says whether everything selected is cached.")
  var quiet = false
  @Argument(help: "Stages to check (names, prefixes or globs) with what they need. Default: the whole profile.")
  var targets: [String] = []

  func run() throws {
    let p = try project.open()
    let selected = try p.selection(targets)
    if verify {
      let v = p.verifyCache()
      let say: (String) -> Void =
        quiet ? { _ in } : json ? { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } : { print($0) }
      for d in v.damaged {
        say(
          "damaged  \(d.stage)  \(d.reason)" + (d.quarantinedAt.map { "; moved to \($0)" } ?? "")
            + "; `timescales make` recomputes it")
      }
      say(
        String(
          format: "verified %d cached artifacts (%.1f MB) in %.1f s: %d damaged", v.checked, Double(v.bytes) / 1e6,
          v.seconds, v.damaged.count))
    }
    let rows = p.status().enumerated().filter { selected.contains($0.offset) }.map(\.element)
    let upToDate = rows.allSatisfy { $0.status == .cached }
    if quiet { throw ExitCode(upToDate ? 0 : 1) }
    // Stages submitted with `make --executor slurm` and not cached yet: job id and state.
    let jobs = SlurmExecutor.jobs(p, stages: rows.filter { $0.status != .cached }.map(\.stage.name))
    func jobText(_ name: String) -> String? {
      guard let j = jobs[name] else { return nil }
      let state =
        (j.info?.state ?? "unknown to Slurm")
        + (j.info.flatMap {
          $0.state == "PENDING" && $0.reason != nil && $0.reason != "Dependency" ? " (\($0.reason!))" : nil
        } ?? "")
      return "job \(j.job) \(state)"
        + (j.info.map { $0.isFailure && !($0.reason ?? "").contains("Dependency") } ?? false ? ", log: \(j.log)" : "")
    }
    if json {
      printJSON(
        StatusReport(
          profile: p.plan.profile,
          stages: rows.map { r in
            StatusReport.Stage(
              stage: r.stage.name, status: r.status.label, reasons: r.status.reasons,
              job: jobs[r.stage.name].map { .init(id: $0.job, state: $0.info?.state, log: $0.log) })
          }))
      if !upToDate { throw ExitCode(1) }
      return
    }
    var counts: [String: Int] = [:]
    for r in rows {
      counts[r.status.label, default: 0] += 1
      if r.status == .cached && !(all || project.verbose) { continue }
      let why =
        (r.status.reasons.isEmpty ? "" : "  " + r.status.reasons.joined(separator: "; "))
        + (jobText(r.stage.name).map { "  [\($0)]" } ?? "")
      print("\(r.status.label.padding(toLength: 8, withPad: " ", startingAt: 0)) \(r.stage.name)\(why)")
    }
    let order = ["cached", "stale", "missing", "waiting"]
    print(
      "status (\(p.plan.profile)): " + order.map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", ")
        + " of \(rows.count) stages")
    if !upToDate { throw ExitCode(1) }
  }
}

/// `status --json`.
struct StatusReport: Encodable {
  struct Stage: Encodable {
    var stage: String
    var status: String
    var reasons: [String]
    var job: Job?
  }
  struct Job: Encodable {
    var id: String
    /// nil (null) when Slurm no longer knows the job.
    var state: String?
    var log: String

    private enum CodingKeys: String, CodingKey { case id, state, log }

    func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(id, forKey: .id)
      try c.encode(state, forKey: .state)
      try c.encode(log, forKey: .log)
    }
  }
  var profile: String
  var stages: [Stage]
}
