import Artifacts
import Foundation

/// The Slurm client commands this project uses (`sbatch`, `squeue`, `scontrol`, `scancel`), each
/// run under `timeout`: when slurmctld is down they otherwise block and retry for minutes.
/// Works without accounting (`sacct`): job states come from `squeue --states=all` and
/// `scontrol show job`, which know a job as long as slurmctld keeps its record (`MinJobAge`).
public struct SlurmClient: Sendable {
  /// Seconds each client command may take.
  public var timeout: Double = 8

  public init(timeout: Double = 8) { self.timeout = timeout }

  /// What Slurm says of one job.
  public struct JobInfo: Sendable, Equatable {
    /// PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, …
    public var state: String
    /// `Reason=` (e.g. Dependency, DependencyNeverSatisfied), when known.
    public var reason: String?
    /// `ExitCode=rc:signal`, when known.
    public var exitCode: String?

    /// Still queued or running: a resubmission would duplicate it.
    public var isActive: Bool {
      [
        "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "STAGE_OUT",
        "SIGNALING", "REQUEUE_HOLD", "REQUEUE_FED",
      ]
      .contains(state)
    }
    public var isFailure: Bool { !isActive && state != "COMPLETED" }
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The full path of `command` on PATH, if installed.
  public static func which(_ command: String) -> String? { ChildProcess.which(command) }

  /// Runs `command args` under `timeout`, with `input` on stdin. Returns exit status, stdout, stderr.
  @discardableResult
  public func run(_ command: String, _ args: [String], input: String? = nil) throws -> (
    status: Int32, out: String, err: String
  ) {
    guard let exe = Self.which(command) else {
      throw Failure(
        description: "\(command) is not installed (no \(command) on PATH); is this a Slurm cluster's login node?"
          + "\nhint: scripts/slurm-localhost.sh up starts a single-node cluster on this machine")
    }
    let r = try ChildProcess.run(
      Self.which("timeout") ?? "/usr/bin/timeout",
      ["-k", "2", String(format: "%.0f", timeout), exe] + args, input: input)
    if r.status == 124 || r.status == 137 {
      throw Failure(
        description: "\(command) did not answer within \(Int(timeout)) s: the Slurm controller is not responding")
    }
    return (r.status, r.stdout, r.stderr)
  }

  /// Fails with a clear message unless `sbatch` is installed and the controller answers.
  public func checkAvailable() throws {
    guard Self.which("sbatch") != nil else {
      throw Failure(
        description: "sbatch is not installed: --executor slurm needs the Slurm client commands"
          + "\nhint: scripts/slurm-localhost.sh up installs and starts a single-node cluster on this machine")
    }
    let r = try run("scontrol", ["ping"])
    guard r.status == 0, r.out.contains("UP") else {
      let text = (r.out + r.err).trimmingCharacters(in: .whitespacesAndNewlines)
      throw Failure(
        description: "the Slurm controller does not answer: \(text.isEmpty ? "scontrol ping exit \(r.status)" : text)")
    }
  }

  /// Submits a batch script; returns the job id.
  public func submit(script: String, options: [String]) throws -> String {
    let r = try run("sbatch", ["--parsable"] + options, input: script)
    let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
    guard r.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      throw Failure(
        description: "sbatch failed (exit \(r.status)): "
          + (r.err + r.out).trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return id
  }

  /// The state of each job Slurm still knows; ids it does not know are absent. Throws when the
  /// controller does not answer (so callers can tell "unknown job" from "no answer").
  public func queryJobs(_ ids: [String]) throws -> [String: JobInfo] {
    guard !ids.isEmpty else { return [:] }
    var out: [String: JobInfo] = [:]
    // One squeue call for all of them (`-r`: an array's tasks one per line, as `ID_TASK`). An
    // unknown id makes squeue fail; then ask one by one.
    let r = try run("squeue", ["--states=all", "-h", "-r", "-j", ids.joined(separator: ","), "-o", "%i|%T|%r"])
    if r.status == 0 {
      for line in r.out.split(separator: "\n") {
        let f = line.split(separator: "|", omittingEmptySubsequences: false).map {
          $0.trimmingCharacters(in: .whitespaces)
        }
        guard f.count >= 2 else { continue }
        out[f[0]] = JobInfo(state: f[1], reason: f.count > 2 && f[2] != "None" ? f[2] : nil, exitCode: nil)
      }
      if out.count == ids.count { return out }
    }
    for id in ids where out[id] == nil {
      if let info = try showJob(id) { out[id] = info }
    }
    return out
  }

  /// `queryJobs`, with no answer taken as no job known.
  public func jobs(_ ids: [String]) -> [String: JobInfo] {
    (try? queryJobs(ids)) ?? [:]
  }

  /// `scontrol -o show job ID`: JobState, Reason, ExitCode. Nil if Slurm no longer knows the job.
  public func showJob(_ id: String) throws -> JobInfo? {
    let r = try run("scontrol", ["-o", "show", "job", id])
    guard r.status == 0 else { return nil }
    var fields: [String: String] = [:]
    for token in r.out.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
      if let eq = token.firstIndex(of: "=") { fields[String(token[..<eq])] = String(token[token.index(after: eq)...]) }
    }
    guard let state = fields["JobState"] else { return nil }
    return JobInfo(
      state: state, reason: fields["Reason"].flatMap { $0 == "None" ? nil : $0 }, exitCode: fields["ExitCode"])
  }

  public func cancel(_ ids: [String]) throws {
    guard !ids.isEmpty else { return }
    let r = try run("scancel", ids)
    guard r.status == 0 else {
      throw Failure(
        description: "scancel failed (exit \(r.status)): "
          + (r.err + r.out).trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }
}
