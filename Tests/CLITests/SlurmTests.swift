import Foundation
import TestSupport
import Testing

/// The Slurm executor against a real single-node cluster (`scripts/slurm-localhost.sh`), brought
/// up here where Slurm is installed or installable (root with apt-get); skipped otherwise.
enum LocalCluster {
  static let script = Fixtures.packageRoot.appendingPathComponent("scripts/slurm-localhost.sh").path

  /// Runs a shell command with system(3), output through a file: the cluster's daemons are
  /// started from here, and Foundation's Process was seen to wait forever for such a command.
  static func shell(_ command: String) -> (status: Int32, out: String) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "slurm-test-\(UUID().uuidString.prefix(8)).out"
    ).path
    defer { unlink(file) }
    let raw = system("( \(command) ) </dev/null >'\(file)' 2>&1")
    let out = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    return ((raw >> 8) & 0xff, out)
  }

  static var installable: Bool {
    shell("command -v sbatch").status == 0 || (getuid() == 0 && shell("command -v apt-get").status == 0)
  }

  /// Whether these tests started the cluster (and so must stop it). A cluster that was running
  /// before is left running.
  nonisolated(unsafe) static var startedHere = false

  static var running: Bool { shell("'\(script)' status").status == 0 }

  /// Brings the cluster up (a no-op but for the probe job when it runs); nil on success, else why not.
  static func up() -> String? {
    guard installable else { return "Slurm is not installed and cannot be installed here (needs root and apt-get)" }
    let wasRunning = running
    let r = shell("'\(script)' up")
    if r.status == 0 && !wasRunning { startedHere = true }
    print("slurm tests: cluster up (it was \(wasRunning ? "already running" : "started here"))")
    return r.status == 0 ? nil : "scripts/slurm-localhost.sh up failed: \(r.out.suffix(2000))"
  }

  /// Stops the cluster if these tests started it.
  static func down() {
    guard startedHere else { return }
    let r = shell("'\(script)' down")
    print("slurm tests: cluster down (exit \(r.status))")
    startedHere = false
  }

  /// Daemons and job processes of the cluster still alive (empty: none). `jobsOf`: a project
  /// directory whose `run-stage` processes count too.
  static func leftRunning(jobsOf dir: URL? = nil) -> String {
    var command = "for d in slurmctld slurmd slurmstepd munged; do pgrep -a -x $d; done"
    if let dir { command += "; pgrep -a -f 'run-stag[e] .*--root \(dir.path)' | grep -v pgrep" }
    return shell(command).out.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func state(_ job: String) -> String {
    shell("timeout 8 squeue --states=all -h -j \(job) -o %T").out.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// The suite brings the cluster down at its end if a test brought it up and did not stop it (a
/// safety net: the smoke test stops it itself and checks that nothing is left).
struct LocalClusterTeardown: SuiteTrait, TestScoping {
  func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void)
    async throws
  {
    defer {
      LocalCluster.down()
    }
    try await function()
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
    let j = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
  else { return nil }
  return j["contentHash"] as? String
}

@Suite(.serialized, LocalClusterTeardown()) struct SlurmTests {
  static let unavailable = "Slurm is not installed and cannot be installed here (needs root and apt-get)"

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
    try
      "ClusterName=nowhere\nSlurmctldHost=\(ProcessInfo.processInfo.hostName.split(separator: ".")[0])(127.0.0.1)\nSlurmctldPort=6899\nAuthType=auth/munge\nNodeName=x NodeAddr=127.0.0.1 CPUs=1\nPartitionName=p Nodes=x Default=YES\n"
      .write(to: conf, atomically: true, encoding: .utf8)
    let t1 = Date()
    let r2 = try CLI.run(["make", "--executor", "slurm"], in: dir, env: ["SLURM_CONF": conf.path])
    #expect(r2.status == 2, "\(r2.out)")
    #expect(r2.out.contains("controller"), "\(r2.out)")
    #expect(Date().timeIntervalSince(t1) < 10, "took \(Date().timeIntervalSince(t1)) s")
    #expect(
      !FileManager.default.fileExists(atPath: dir.appendingPathComponent("data/slurm").path),
      "something was recorded as submitted")
  }

  /// Stages added to a copy of the project's pipeline.json for the smoke run on the cluster: two
  /// chains of three test stages (seeds 1 and 2), each level an array of two tasks, whose first stage
  /// (test-only kind `fail-for`, known only to `timescales-test`, which this test runs) fails for
  /// seed 2. The rest of the smoke profile is independent of them. The chains wait for a figure made
  /// late in the run, so that they are still pending at the second `make` (a failed job is
  /// resubmitted by the next `make`, as it should be).
  static let failingBranch: [String: Any] = [
    "test-fail": [
      "kind": "fail-for", "name": "test-fail/seed{seed}", "matrix": ["seed": [1, 2]], "params": ["failSeed": 2],
      "needs": ["fig/tau-vs-n"],
    ],
    "test-after-fail": [
      "kind": "synthetic", "name": "test-after-fail/seed{seed}", "matrix": ["seed": [1, 2]],
      "needs": ["test-fail/seed{seed}"], "params": ["value": 1],
    ],
    "test-after-after": [
      "kind": "synthetic", "name": "test-after-after/seed{seed}", "matrix": ["seed": [1, 2]],
      "needs": ["test-after-fail/seed{seed}"], "params": ["value": 2],
    ],
  ]

  /// The acceptance test of the Slurm executor: the smoke profile (plus a failing branch) on a real
  /// single-node cluster with `make --executor slurm --wait`, compared with the local smoke run of
  /// SmokeProfileTests (`SmokeRun`, run once per test process); then `rerun --executor slurm`; then
  /// teardown.
  @Test(
    .enabled(
      if: LocalCluster.installable, "Slurm is not installed and cannot be installed here (needs root and apt-get)"))
  func smokeProfileOnARealClusterMatchesTheLocalRun() throws {
    let t0 = Date()
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try SmokeRun.projectCopy("smoke-slurm", addingStages: Self.failingBranch, targets: ["test-after-after"])
    // Look at the queue every second rather than the default 30 s.
    try "{ \"slurm\": { \"pollInterval\": 1 } }".write(
      to: dir.appendingPathComponent("timescales.json"), atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: dir) }
    let smoke = ["--profile", "smoke"]

    // Submission: job arrays and bundles of short stages; make returns at once.
    let first = try CLI.run(["make", "--executor", "slurm"] + smoke, in: dir, binary: CLI.testBinary)
    let submitSeconds = Date().timeIntervalSince(t0)
    #expect(first.status == 0, "\(first.out)")
    let jobs = submittedJobs(first.out)
    #expect(jobs.count > 200, "\(first.out)")
    let submissions = Set(jobs.values.map { String($0.split(separator: "_")[0]) })
    #expect(
      first.out.contains("\(jobs.count) submitted in \(submissions.count) job(s), 0 already queued, 0 cached"),
      "\(first.out)")
    // At most a third of the 215 jobs of one job per stage (and short stages bundled by readiness).
    #expect(submissions.count <= 215 / 3, "\(submissions.count) jobs submitted")
    // Training stages have a job or an array task each; short stages that become ready together share one.
    let training = jobs.filter { $0.key.hasPrefix("train") || $0.key.hasPrefix("retraining") }
    #expect(Set(training.values).count == training.count, "training stages share jobs")
    #expect(
      jobs["train/parity/single/seed1/N3"]?.contains("_") == true, "training is not submitted as arrays: \(first.out)")
    let shared = Dictionary(grouping: jobs.keys, by: { jobs[$0]! }).filter { $0.value.count > 1 }
    #expect(
      shared.values.allSatisfy { $0.allSatisfy { !$0.hasPrefix("train") && !$0.hasPrefix("test-") } }, "\(shared)")
    print(
      "slurm smoke: \(jobs.count) stages in \(submissions.count) jobs (\(training.count) training) instead of \(jobs.count)"
    )
    let job = { (stage: String) in jobs[stage] ?? "?" }
    for s in ["test-fail/seed2", "test-after-fail/seed2", "test-after-after/seed2", "fig/tau-vs-n", "fig/gru-lstm"] {
      #expect(jobs[s] != nil, "\(s) was not submitted: \(first.out)")
    }
    // The chains are arrays: each task waits for the task of the same number before it.
    #expect(
      first.out.contains(
        "submitted test-after-fail/seed2  job \(job("test-after-fail/seed2")) after \(job("test-fail/seed2"))"),
      "\(first.out)")
    #expect(
      job("test-after-fail/seed1").split(separator: "_").first
        == job("test-after-fail/seed2").split(separator: "_").first,
      "\(first.out)")

    // The local run to compare with (shared with SmokeProfileTests) is made meanwhile, unless it already is.
    DispatchQueue.global().async { _ = SmokeRun.result }

    // A second make right after submits nothing new.
    let second = try CLI.run(["make", "--executor", "slurm"] + smoke, in: dir, binary: CLI.testBinary)
    #expect(second.status == 0, "\(second.out)")
    #expect(submittedJobs(second.out).isEmpty, "duplicates submitted: \(second.out)")
    #expect(second.out.contains("--executor slurm: 0 submitted in 0 job(s), "), "\(second.out)")

    // --wait follows the jobs: the failure fails its job, its dependants are cancelled, the rest completes.
    let waited = try CLI.run(["make", "--executor", "slurm", "--wait"] + smoke, in: dir, binary: CLI.testBinary)
    #expect(waited.status == 1, "\(waited.out)")
    #expect(submittedJobs(waited.out).isEmpty, "\(waited.out)")
    let fail = job("test-fail/seed2"), after = job("test-after-fail/seed2"), afterAfter = job("test-after-after/seed2")
    #expect(waited.out.contains("FAILED    test-fail/seed2  job \(fail)"), "\(waited.out)")
    #expect(waited.out.contains("CANCELLED test-after-fail/seed2  job \(after)  (an input failed)"), "\(waited.out)")
    #expect(
      waited.out.contains("CANCELLED test-after-after/seed2  job \(afterAfter)  (an input failed)"), "\(waited.out)")
    #expect(
      waited.out.contains("FAILED test-fail/seed2: job \(fail) FAILED: failing on purpose for seed 2"), "\(waited.out)")
    #expect(
      waited.out.contains("CANCELLED test-after-after/seed2: job \(afterAfter) cancelled: an input failed"),
      "\(waited.out)")
    // Stages whose jobs had ended before this make count as cached, the others as ran.
    let summary =
      waited.out.split(separator: "\n").first { $0.hasPrefix("make (smoke) --executor slurm: ") }.map(String.init) ?? ""
    let counts = summary.split(separator: " ").compactMap { Int($0) }
    #expect(
      counts.count >= 4 && counts[0] + counts[1] == jobs.count - 3 && counts[2] == 1 && counts[3] == 2
        && summary.contains("1 failed, 2 skipped (an input failed)"), "\(summary)")

    // Slurm's own view: only the failing branch did not complete.
    let states = LocalCluster.shell(
      "timeout 8 squeue --states=all -h -r -j \(jobs.values.joined(separator: ",")) -o '%i %T'"
    ).out
    var byJob: [String: String] = [:]
    for line in states.split(separator: "\n") {
      let f = line.split(separator: " ")
      if f.count == 2 { byJob[String(f[0])] = String(f[1]) }
    }
    #expect(byJob[fail] == "FAILED" && byJob[after] == "CANCELLED" && byJob[afterAfter] == "CANCELLED", "\(states)")
    // The same chain of seed 1, in the same arrays, completed.
    let notCompleted = jobs.filter { !$0.key.hasSuffix("/seed2") || !$0.key.hasPrefix("test-") }.filter {
      byJob[$0.value] != "COMPLETED"
    }
    #expect(
      notCompleted.isEmpty,
      "independent stages that did not complete: \(notCompleted.map { "\($0.key) \(byJob[$0.value] ?? "?")" })")

    let local = SmokeRun.result
    #expect(local.status == 0, "the local smoke run failed: \(local.output)")

    // `status` reports the failure with its log, and the cancelled dependants.
    let status = try CLI.run(["status"] + smoke, in: dir, binary: CLI.testBinary)
    #expect(
      status.out.contains("job \(fail) FAILED, log: \(dir.path)/data/logs/smoke/test-fail/seed2.log"), "\(status.out)")
    #expect(status.out.contains("job \(after) CANCELLED"), "\(status.out)")
    #expect(status.out.contains("job \(afterAfter) CANCELLED"), "\(status.out)")
    #expect(status.out.contains("\(jobs.count - 3) cached"), "\(status.out)")

    // Every figure published, byte-identical to the local run's; every artifact the same content.
    let published = { (d: URL) in
      Set(
        (try? FileManager.default.contentsOfDirectory(atPath: d.appendingPathComponent("figures/out/smoke").path)) ?? []
      )
    }
    for figure in SmokeRun.figures {
      #expect(published(dir).contains("\(figure).png"), "\(figure).png was not published")
    }
    #expect(
      published(dir) == published(local.dir),
      "published files differ: \(published(dir).symmetricDifference(published(local.dir)))")
    // Tables byte for byte. A drawing holds its figure stage's cache key, and this pipeline.json lists
    // the templates in another order (so each figure's inputs, and its key); the rest of its provenance
    // must agree, and the drawings themselves are in the artifacts compared below.
    for file in published(local.dir) {
      let a = FileManager.default.contents(atPath: local.dir.appendingPathComponent("figures/out/smoke/\(file)").path)
      let b = FileManager.default.contents(atPath: dir.appendingPathComponent("figures/out/smoke/\(file)").path)
      guard [".png", ".svg", ".pdf"].contains(where: file.hasSuffix) else {
        #expect(a != nil && a == b, "figures/out/smoke/\(file) differs from the local run's")
        continue
      }
      func provenance(_ d: URL) throws -> [String: String] {
        let r = try CLI.run(
          ["show", d.appendingPathComponent("figures/out/smoke/\(file)").path, "--json"], in: d, binary: CLI.testBinary)
        let doc = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        var p = (doc?["provenance"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        p["cache_key"] = nil
        let inputs = (doc?["provenance"] as? [String: Any])?["inputs"] as? [[String: String]] ?? []
        p["inputs"] = inputs.map { "\($0["stage"] ?? "")=\($0["content_hash"] ?? "")" }.sorted().joined(separator: " ")
        p["status"] = doc?["status"] as? String
        return p
      }
      let (pa, pb) = (try provenance(local.dir), try provenance(dir))
      #expect(pa == pb && pa["status"] == "current" && pa["stage"] != nil, "figures/out/smoke/\(file): \(pa) vs \(pb)")
    }
    let localHashes = SmokeRun.contentHashes(local.dir), clusterHashes = SmokeRun.contentHashes(dir)
    #expect(
      localHashes.count == jobs.count - 6, "\(localHashes.count) local artifacts, \(jobs.count - 6) smoke stages")
    let differing = localHashes.keys.filter { clusterHashes[$0] != localHashes[$0] }.sorted()
    #expect(differing.isEmpty, "\(differing.count) stages differ from the local run: \(differing.prefix(10))")

    // rerun --executor slurm: the stage forced, its dependants (figures, claims) after it (unchanged content: they stay cached).
    let stage = "tau-net/parity/single/seed1/N4"
    let rerun = try CLI.run(["rerun", stage, "--executor", "slurm", "--wait"] + smoke, in: dir, binary: CLI.testBinary)
    #expect(rerun.status == 0, "\(rerun.out)")
    let rerunJobs = submittedJobs(rerun.out)
    #expect(
      Set(rerunJobs.keys) == [
        stage, "fig/tau-net-vs-n", "fig/dimensionality", "fig/nonlinearity-location", "fig/sliding-window", "claims",
      ],
      "\(rerun.out)")
    #expect(rerun.out.contains("submitted \(stage)  job \(rerunJobs[stage] ?? "?") (forced)"), "\(rerun.out)")
    #expect(
      rerun.out.contains("rerun (smoke) --executor slurm: 1 ran, ") && rerun.out.contains(" 0 failed"), "\(rerun.out)")
    let logOf = { (s: String) in
      (try? String(contentsOfFile: dir.appendingPathComponent("data/logs/smoke/\(s).log").path, encoding: .utf8)) ?? ""
    }
    #expect(logOf(stage).contains("ran \(stage)"), "the forced job did not recompute: \(logOf(stage))")
    for figure in rerunJobs.keys where figure != stage {
      #expect(
        logOf(figure).contains("cached \(figure):"),
        "\(figure) was recomputed though its input did not change: \(logOf(figure))")
    }
    #expect(SmokeRun.contentHashes(dir) == clusterHashes, "a deterministic rerun changed content")

    // Teardown (only if this test started the cluster): no job left, then no daemon or job process.
    let queued = LocalCluster.shell("timeout 8 squeue -h -t PENDING,RUNNING,COMPLETING,CONFIGURING -o %i").out
    #expect(queued.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "jobs left: \(queued)")
    if LocalCluster.startedHere {
      LocalCluster.down()
      let left = LocalCluster.leftRunning(jobsOf: dir)
      #expect(left.isEmpty, "left running: \(left)")
    }
    let seconds = Date().timeIntervalSince(t0)
    print(
      "slurm smoke: submitting \(jobs.count) stages took \(String(format: "%.1f", submitSeconds)) s; the whole test \(String(format: "%.1f", seconds)) s"
    )
  }

  /// A stage asking for more CPUs than the partition has: sbatch refuses it (EnforcePartLimits), make
  /// exits 2 naming the stage, and the jobs it had already submitted are withdrawn.
  @Test(
    .enabled(
      if: LocalCluster.installable, "Slurm is not installed and cannot be installed here (needs root and apt-get)"))
  func aRequestBeyondThePartitionSubmitsNothing() throws {
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try project(
      """
      "a": { "kind": "synthetic" },
      "big": { "kind": "synthetic", "needs": ["a"], "resources": { "cpus": 4096 } }
      """)
    defer { try? FileManager.default.removeItem(at: dir) }
    let m = try CLI.run(["make", "--executor", "slurm"], in: dir)
    #expect(m.status == 2, "\(m.out)")
    #expect(m.out.contains("submitting big: sbatch failed"), "\(m.out)")
    let a = submittedJobs(m.out)["a"] ?? "0"
    #expect(["CANCELLED", "COMPLETED"].contains(LocalCluster.state(a)), "\(m.out)")
    let records =
      (FileManager.default.enumerator(atPath: dir.appendingPathComponent("data/slurm").path)?.allObjects as? [String])
      ?? []
    #expect(!records.contains { $0.hasSuffix(".json") }, "records left: \(records)")
  }

  @Test(
    .enabled(
      if: LocalCluster.installable, "Slurm is not installed and cannot be installed here (needs root and apt-get)"))
  func cancelStopsTheProjectsJobs() throws {
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try project(
      """
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
    for _ in 0..<50 where !LocalCluster.shell("pgrep -f 'run-stag[e] .*--root \(dir.path)'").out.isEmpty {
      usleep(100_000)
    }
    #expect(
      LocalCluster.shell("pgrep -a -f 'run-stag[e] .*--root \(dir.path)' | grep -v pgrep").out.isEmpty,
      "the cancelled job's process is still running")
  }

  /// `make --executor slurm --wait` asks `squeue` at most once per poll interval for all of the
  /// run's jobs: a `squeue` earlier on PATH logs each call, then runs the real one.
  @Test(.enabled(if: LocalCluster.installable, "\(unavailable)"))
  func waitAsksSqueueAtMostOncePerPollInterval() throws {
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try project(
      """
      "a": { "kind": "synthetic", "params": { "seconds": 3 } },
      "b": { "kind": "synthetic", "params": { "seconds": 3, "value": 1 } },
      "c": { "kind": "synthetic", "needs": ["a", "b"], "params": { "seconds": 2 } },
      "d": { "kind": "synthetic", "needs": ["c"] }
      """)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "{ \"slurm\": { \"pollInterval\": 2 } }".write(
      to: dir.appendingPathComponent("timescales.json"), atomically: true, encoding: .utf8)
    let real = LocalCluster.shell("command -v squeue").out.trimmingCharacters(in: .whitespacesAndNewlines)
    let bin = dir.appendingPathComponent("bin"), log = dir.appendingPathComponent("squeue-calls.log").path
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let wrapper = bin.appendingPathComponent("squeue").path
    try "#!/bin/sh\necho \"$(date +%s.%N) $*\" >> '\(log)'\nexec '\(real)' \"$@\"\n".write(
      toFile: wrapper, atomically: true, encoding: .utf8)
    chmod(wrapper, 0o755)
    let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let t0 = Date()
    let r = try CLI.run(["make", "--executor", "slurm", "--wait"], in: dir, env: ["PATH": path])
    let seconds = Date().timeIntervalSince(t0)
    #expect(r.status == 0, "\(r.out)")
    #expect(r.out.contains("4 ran"), "\(r.out)")
    let calls = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
    print("slurm --wait: \(calls.count) squeue calls in \(String(format: "%.1f", seconds)) s at a 2 s poll interval")
    #expect(!calls.isEmpty && calls.count <= Int(seconds / 2) + 1, "\(calls.count) calls in \(seconds) s: \(calls)")
    let times = calls.compactMap { $0.split(separator: " ").first.flatMap { Double($0) } }
    for (a, b) in zip(times, times.dropFirst()) { #expect(b - a >= 1.9, "two squeue calls \(b - a) s apart") }
  }

  /// A lock left by a killed job is taken over by the next job: the holder's file names its
  /// Slurm job; after `scancel`, the next `make` computes the stage.
  @Test(.enabled(if: LocalCluster.installable, "\(unavailable)"))
  func aLockLeftByAKilledJobIsTakenOverByTheNextJob() throws {
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try project("\"slow\": { \"kind\": \"synthetic\", \"params\": { \"seconds\": 6 } }")
    defer { try? FileManager.default.removeItem(at: dir) }
    try "{ \"slurm\": { \"pollInterval\": 1 } }".write(
      to: dir.appendingPathComponent("timescales.json"), atomically: true, encoding: .utf8)
    let m = try CLI.run(["make", "--executor", "slurm"], in: dir)
    let job = submittedJobs(m.out)["slow"] ?? "?"
    var lock: String?
    for _ in 0..<200 where lock == nil {
      lock = lockFiles(dir).first { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains(job) ?? false }
      usleep(100_000)
    }
    #expect(lock != nil, "no lock naming job \(job): \(lockFiles(dir))")
    #expect(LocalCluster.shell("timeout 8 scancel \(job)").status == 0)
    for _ in 0..<50 where LocalCluster.state(job) != "CANCELLED" { usleep(100_000) }
    let next = try CLI.run(["make", "--executor", "slurm", "--wait"], in: dir)
    #expect(next.status == 0 && next.out.contains("1 ran"), "\(next.out)")
    #expect(headContent(dir, "slow") != nil)
  }

  /// A process that escaped its Slurm job (the job ended; the process, and so its lock, lives on,
  /// as on a node whose process tracking lost it) no longer blocks the stage: a waiter asks Slurm
  /// about the job its lock names, and takes the lock over.
  @Test(.enabled(if: LocalCluster.installable, "\(unavailable)"))
  func aLockWhoseJobEndedIsTakenOver() throws {
    if let problem = LocalCluster.up() { Issue.record(Comment(rawValue: problem)); return }
    let dir = try project("\"slow\": { \"kind\": \"synthetic\", \"params\": { \"seconds\": 30 } }")
    defer { try? FileManager.default.removeItem(at: dir) }
    let escaped = dir.appendingPathComponent("escaped.pid").path
    let job = LocalCluster.shell(
      "timeout 8 sbatch --parsable --output=/dev/null --wrap \"setsid '\(CLI.binary)' run-stage slow --root '\(dir.path)' >/dev/null 2>&1 & echo \\$! > '\(escaped)'; sleep 3\""
    ).out.trimmingCharacters(in: .whitespacesAndNewlines)
    defer {
      if let pid = (try? String(contentsOfFile: escaped, encoding: .utf8)).flatMap({
        Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
      }) {
        kill(pid, SIGKILL)
      }
    }
    for _ in 0..<100 where !["COMPLETED", "FAILED"].contains(LocalCluster.state(job)) { usleep(200_000) }
    #expect(LocalCluster.state(job) == "COMPLETED", "job \(job)")
    let held = lockFiles(dir).first { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains(job) ?? false }
    #expect(held != nil, "the escaped process holds no lock naming job \(job): \(lockFiles(dir))")
    let t0 = Date()
    let r = try CLI.run(["run-stage", "slow"], in: dir)
    #expect(r.status == 0, "\(r.out)")
    #expect(r.out.contains("took over the lock of this stage: its holder's Slurm job \(job) is COMPLETED"), "\(r.out)")
    #expect(Date().timeIntervalSince(t0) < 45, "it waited for the escaped process")
  }

  func lockFiles(_ dir: URL) -> [String] {
    let cache = dir.appendingPathComponent("data/cache")
    let files = (FileManager.default.enumerator(atPath: cache.path)?.allObjects as? [String]) ?? []
    return files.filter { $0.hasSuffix(".lock") }.map { cache.appendingPathComponent($0).path }
  }
}
