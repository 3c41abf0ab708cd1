import Foundation
import Testing
import TestSupport

/// The Slurm executor against a real single-node cluster (`scripts/slurm-localhost.sh`), brought
/// up here where Slurm is installed or installable (root with apt-get); skipped otherwise.
enum LocalCluster {
  static let script = Fixtures.packageRoot.appendingPathComponent("scripts/slurm-localhost.sh").path

  /// Runs a shell command with system(3), output through a file: the cluster's daemons are
  /// started from here, and Foundation's Process was seen to wait forever for such a command.
  static func shell(_ command: String) -> (status: Int32, out: String) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-test-\(UUID().uuidString.prefix(8)).out").path
    defer { unlink(file) }
    let raw = system("( \(command) ) </dev/null >'\(file)' 2>&1")
    let out = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    return ((raw >> 8) & 0xff, out)
  }

  static var installable: Bool {
    shell("command -v sbatch").status == 0 || (getuid() == 0 && shell("command -v apt-get").status == 0)
  }

  /// Whether the cluster was already running before the tests (then they leave it running).
  static let wasRunning: Bool = installable && shell("'\(script)' status").status == 0

  /// Brings the cluster up (a no-op but for the probe job when it runs); nil on success, else why not.
  static func up() -> String? {
    _ = wasRunning
    guard installable else { return "Slurm is not installed and cannot be installed here (needs root and apt-get)" }
    let r = shell("'\(script)' up")
    return r.status == 0 ? nil : "scripts/slurm-localhost.sh up failed: \(r.out.suffix(2000))"
  }

  static func down() {
    if !wasRunning { _ = shell("'\(script)' down") }
  }

  static func state(_ job: String) -> String {
    shell("timeout 8 squeue --states=all -h -j \(job) -o %T").out.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// The `job N` ids printed by `make --executor slurm`, by stage.
func submittedJobs(_ out: String) -> [String: String] {
  var jobs: [String: String] = [:]
  for line in out.split(separator: "\n") where line.hasPrefix("submitted ") {
    let f = line.split(separator: " ", omittingEmptySubsequences: true)
    if f.count >= 4, f[2] == "job" { jobs[String(f[1])] = String(f[3]) }
  }
  return jobs
}

func headContent(_ dir: URL, _ stage: String) -> String? {
  let path = dir.appendingPathComponent("data/heads/default/\(stage).json").path
  guard let data = FileManager.default.contents(atPath: path),
        let j = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
  return j["contentHash"] as? String
}

@Suite(.serialized) struct SlurmTests {
  /// A chain of three, an independent stage, a stage that fails (tau-net on a network that is not a
  /// checkpoint) and a stage after it.
  static let stages = """
    "a": { "kind": "synthetic", "params": { "value": 1, "seconds": 2 } },
    "b": { "kind": "synthetic", "needs": ["a"], "params": { "value": 2 } },
    "c": { "kind": "synthetic", "needs": ["b"], "params": { "value": 3, "elements": 1000 } },
    "n": { "kind": "synthetic", "params": { "value": 5 } },
    "bad": { "kind": "tau-net", "needs": [{ "stage": "n", "as": "network" }], "params": { "steps": 100, "lags": 50 } },
    "after": { "kind": "synthetic", "needs": ["bad"] }
    """

  @Test func withoutSbatchOrControllerMakeFailsFastWithExit2() throws {
    let dir = try project("\"a\": { \"kind\": \"synthetic\" }")
    defer { try? FileManager.default.removeItem(at: dir) }
    // No sbatch on PATH.
    let t0 = Date()
    let r = try CLI.run(["make", "--executor", "slurm"], in: dir, env: ["PATH": "/nonexistent"])
    #expect(r.status == 2, "\(r.out)")
    #expect(r.out.contains("sbatch is not installed"), "\(r.out)")
    #expect(Date().timeIntervalSince(t0) < 10)
    // A controller that does not answer (a slurm.conf pointing at a port nobody listens on).
    guard LocalCluster.shell("command -v sbatch").status == 0 else { return }
    let conf = dir.appendingPathComponent("slurm.conf")
    try "ClusterName=nowhere\nSlurmctldHost=\(ProcessInfo.processInfo.hostName.split(separator: ".")[0])(127.0.0.1)\nSlurmctldPort=6899\nAuthType=auth/munge\nNodeName=x NodeAddr=127.0.0.1 CPUs=1\nPartitionName=p Nodes=x Default=YES\n"
      .write(to: conf, atomically: true, encoding: .utf8)
    let t1 = Date()
    let r2 = try CLI.run(["make", "--executor", "slurm"], in: dir, env: ["SLURM_CONF": conf.path])
    #expect(r2.status == 2, "\(r2.out)")
    #expect(r2.out.contains("controller"), "\(r2.out)")
    #expect(Date().timeIntervalSince(t1) < 10, "took \(Date().timeIntervalSince(t1)) s")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("data/slurm").path), "something was recorded as submitted")
  }

  @Test(.enabled(if: LocalCluster.installable, "Slurm is not installed and cannot be installed here (needs root and apt-get)"))
  func pipelineOnARealClusterMatchesTheLocalRun() throws {
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try project(Self.stages)
    defer { try? FileManager.default.removeItem(at: dir) }

    // Submission: every stage is a job; make returns at once.
    let t0 = Date()
    let first = try CLI.run(["make", "--executor", "slurm"], in: dir)
    let submitSeconds = Date().timeIntervalSince(t0)
    #expect(first.status == 0, "\(first.out)")
    let jobs = submittedJobs(first.out)
    #expect(Set(jobs.keys) == ["a", "b", "c", "n", "bad", "after"], "\(first.out)")
    #expect(first.out.contains("6 submitted"), "\(first.out)")
    #expect(first.out.contains("submitted b  job \(jobs["b"] ?? "?") after \(jobs["a"] ?? "?")"), "\(first.out)")

    // A second make right after submits nothing new.
    let second = try CLI.run(["make", "--executor", "slurm"], in: dir)
    #expect(second.status == 0, "\(second.out)")
    #expect(submittedJobs(second.out).isEmpty, "duplicates submitted: \(second.out)")
    #expect(second.out.contains("0 submitted"), "\(second.out)")

    // Status shows the queued jobs.
    let status = try CLI.run(["status"], in: dir)
    #expect(status.out.contains("job \(jobs["c"] ?? "?") PENDING") || status.out.contains("job \(jobs["c"] ?? "?") RUNNING"), "\(status.out)")

    // --wait follows the jobs: the failure fails its job, its dependant is cancelled, the rest completes.
    let waited = try CLI.run(["make", "--executor", "slurm", "--wait"], in: dir)
    #expect(waited.status == 1, "\(waited.out)")
    #expect(submittedJobs(waited.out).isEmpty, "\(waited.out)")
    #expect(waited.out.contains("FAILED    bad  job \(jobs["bad"] ?? "?")"), "\(waited.out)")
    #expect(waited.out.contains("CANCELLED after  job \(jobs["after"] ?? "?")  (an input failed)"), "\(waited.out)")
    #expect(waited.out.contains("FAILED bad: job \(jobs["bad"] ?? "?") FAILED: checkpoint /training"), "\(waited.out)")
    #expect(LocalCluster.state(jobs["bad"]!) == "FAILED")
    #expect(LocalCluster.state(jobs["after"]!) == "CANCELLED")
    #expect(LocalCluster.state(jobs["c"]!) == "COMPLETED")
    let runs = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("data/runs").path)) ?? []
    let journal = runs.compactMap { try? String(contentsOfFile: dir.appendingPathComponent("data/runs/\($0)").path, encoding: .utf8) }.joined()
    #expect(journal.contains("\"executor\":\"slurm\"") && journal.contains("\"stage\":\"c\""), "no run record of the slurm run: \(journal)")

    let after = try CLI.run(["status"], in: dir)
    #expect(after.out.contains("job \(jobs["bad"] ?? "?") FAILED, log: \(dir.path)/data/logs/default/bad.log"), "\(after.out)")
    #expect(after.out.contains("job \(jobs["after"] ?? "?") CANCELLED"), "\(after.out)")
    #expect(after.out.contains("4 cached"), "\(after.out)")

    // The same artifacts as a local run.
    let local = try project(Self.stages)
    defer { try? FileManager.default.removeItem(at: local) }
    _ = try CLI.run(["make"], in: local)
    for s in ["a", "b", "c", "n"] {
      #expect(headContent(dir, s) != nil && headContent(dir, s) == headContent(local, s), "\(s) differs from the local run")
    }
    print("slurm: submitting 6 stages took \(String(format: "%.2f", submitSeconds)) s")
  }

  /// A stage asking for more CPUs than the partition has: sbatch refuses it (EnforcePartLimits), make
  /// exits 2 naming the stage, and the jobs it had already submitted are withdrawn.
  @Test(.enabled(if: LocalCluster.installable, "Slurm is not installed and cannot be installed here (needs root and apt-get)"))
  func aRequestBeyondThePartitionSubmitsNothing() throws {
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try project("""
      "a": { "kind": "synthetic" },
      "big": { "kind": "synthetic", "needs": ["a"], "resources": { "cpus": 4096 } }
      """)
    defer { try? FileManager.default.removeItem(at: dir) }
    let m = try CLI.run(["make", "--executor", "slurm"], in: dir)
    #expect(m.status == 2, "\(m.out)")
    #expect(m.out.contains("submitting big: sbatch failed"), "\(m.out)")
    let a = submittedJobs(m.out)["a"] ?? "0"
    #expect(["CANCELLED", "COMPLETED"].contains(LocalCluster.state(a)), "\(m.out)")
    let records = (FileManager.default.enumerator(atPath: dir.appendingPathComponent("data/slurm").path)?.allObjects as? [String]) ?? []
    #expect(!records.contains { $0.hasSuffix(".json") }, "records left: \(records)")
  }

  @Test(.enabled(if: LocalCluster.installable, "Slurm is not installed and cannot be installed here (needs root and apt-get)"))
  func cancelStopsTheProjectsJobsAndTeardownLeavesNothing() throws {
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try project("""
      "slow": { "kind": "synthetic", "params": { "seconds": 60 } },
      "next": { "kind": "synthetic", "needs": ["slow"] }
      """)
    defer { try? FileManager.default.removeItem(at: dir) }
    let m = try CLI.run(["make", "--executor", "slurm"], in: dir)
    #expect(m.status == 0, "\(m.out)")
    let jobs = submittedJobs(m.out)
    #expect(jobs.count == 2, "\(m.out)")
    for _ in 0..<100 where LocalCluster.state(jobs["slow"] ?? "0") != "RUNNING" { usleep(100_000) }
    #expect(LocalCluster.state(jobs["slow"] ?? "0") == "RUNNING")
    let c = try CLI.run(["cancel"], in: dir)
    #expect(c.status == 0, "\(c.out)")
    #expect(c.out.contains("2 job(s) cancelled"), "\(c.out)")
    for _ in 0..<50 where LocalCluster.state(jobs["slow"] ?? "0") != "CANCELLED" { usleep(100_000) }
    #expect(LocalCluster.state(jobs["slow"] ?? "0") == "CANCELLED")
    #expect(LocalCluster.state(jobs["next"] ?? "0") == "CANCELLED")
    let again = try CLI.run(["cancel"], in: dir)
    #expect(again.out.contains("0 job(s) cancelled"), "\(again.out)")

    // Teardown (only if these tests started the cluster): no daemon and no job process left.
    guard !LocalCluster.wasRunning else { return }
    LocalCluster.down()
    let left = LocalCluster.shell("for d in slurmctld slurmd slurmstepd munged; do pgrep -x $d; done; pgrep -f 'run-stage [s]low'")
    #expect(left.out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "left running: \(left.out)")
  }
}
