import Foundation

/// Runs a pipeline on a Slurm cluster: every pending stage becomes one `sbatch` job running
/// `timescales run-stage NAME --profile P --root R` (the same binary; `data/` on a shared
/// filesystem), with `--dependency=afterok:<jobs of its pending inputs>` and
/// `--kill-on-invalid-dep=yes`, so a failed stage's dependants end CANCELLED and independent
/// branches go on. Nothing babysits the run: `make` returns after submission (`--wait` follows it).
///
/// Submitted jobs are recorded in `data/slurm/<profile>/<stage>.json` (job id, the stage's recipe
/// hash and what its inputs were at submission). A later `make` reuses a still-queued or running
/// job whose recipe and inputs still match instead of submitting a duplicate; a job whose stage
/// changed since is cancelled and replaced. Job states come from `squeue`/`scontrol` (no `sacct`).
public struct SlurmExecutor {
  public struct Options: Sendable {
    public var executable: String
    public var partition: String?
    /// Extra sbatch options: `KEY=VALUE` → `--KEY=VALUE`, `KEY` → `--KEY`.
    public var extra: [String] = []
    public init(executable: String, partition: String? = nil, extra: [String] = []) {
      self.executable = executable
      self.partition = partition
      self.extra = extra
    }
  }

  /// One stage's submission, as recorded on disk.
  public struct JobRecord: Codable, Sendable {
    public var stage: String
    public var profile: String
    public var job: String
    public var log: String
    public var submitted: Double
    /// Hash of the stage's own definition (kind, code version, parameters, extras).
    public var recipe: String
    /// Per input stage: "content:<hash>" if it was cached at submission, "job:<id>" if pending.
    public var inputs: [String: String]
  }

  /// What `make --executor slurm` did with one stage.
  public enum Action: Sendable, Equatable {
    case cached
    case submitted(String)
    /// An earlier submission still queued or running, reused.
    case queued(String)
    /// Not submitted: an input could not be submitted.
    case skipped(String)
  }

  public let project: Project
  public let options: Options
  public let client: SlurmClient

  public init(project: Project, options: Options, client: SlurmClient = SlurmClient()) {
    self.project = project
    self.options = options
    self.client = client
  }

  var plan: Plan { project.plan }
  var store: Store { project.store }

  // MARK: - Records

  static func directory(_ store: Store) -> URL { store.root.appendingPathComponent("slurm") }
  static func recordPath(_ store: Store, profile: String, stage: String) -> URL {
    directory(store).appendingPathComponent("\(profile)/\(stage).json")
  }

  public static func record(_ store: Store, profile: String, stage: String) -> JobRecord? {
    guard let data = FileManager.default.contents(atPath: recordPath(store, profile: profile, stage: stage).path) else {
      return nil
    }
    return try? JSONDecoder().decode(JobRecord.self, from: data)
  }

  static func write(_ r: JobRecord, _ store: Store) throws {
    let url = recordPath(store, profile: r.profile, stage: r.stage)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try FileIO.atomicWrite(try encoder.encode(r), to: url.path)
  }

  /// Every job record of the project (all profiles).
  public static func allRecords(_ store: Store) -> [JobRecord] {
    let dir = directory(store)
    guard let files = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] else { return [] }
    return files.filter { $0.hasSuffix(".json") }.compactMap { f in
      FileManager.default.contents(atPath: dir.appendingPathComponent(f).path).flatMap {
        try? JSONDecoder().decode(JobRecord.self, from: $0)
      }
    }
  }

  static func recipe(_ s: PlannedStage) -> String {
    var pairs: [(String, JSONValue)] = [
      ("kind", .string(s.kind)), ("codeVersion", .int(Int64(s.codeVersion))), ("params", s.params),
    ]
    if let e = s.keyExtras { pairs.append(("extras", e)) }
    return sha256Hex(JSONValue.object(pairs).canonical)
  }

  // MARK: - Submission

  /// Submits every stage of `targets` (and their ancestors) that is not cached.
  /// Returns each stage's action in plan order. Throws before submitting anything if Slurm is
  /// not usable.
  public func submit(targets: [String], display: ((String) -> Void)? = nil) throws -> [(stage: String, action: Action)]
  {
    let roots = targets.isEmpty ? project.defaultSelection : try plan.select(targets)
    return try submit(plan.withAncestors(roots), display: display)
  }

  /// `rerun STAGE` on the cluster: the stage is submitted forced (`run-stage --force`) even if
  /// cached, after its inputs are brought up to date, and every stage downstream of it is submitted
  /// after it. A downstream job whose inputs' content came out unchanged finds its stage cached and
  /// exits at once (so only stale dependants recompute, as `rerun` does locally); with `downstream`
  /// they are all forced. Returns the actions and the stages rerun (the stage and its descendants).
  public func rerun(stage: String, downstream: Bool, display: ((String) -> Void)? = nil)
    throws -> (actions: [(stage: String, action: Action)], stages: Set<Int>)
  {
    guard let i = plan.index[stage] else {
      throw UsageError(
        "no stage \"\(stage)\" in profile \"\(plan.profile)\""
          + (didYouMean(stage, plan.stages.map(\.name)).map { "; \($0)" } ?? ""))
    }
    let below = plan.descendants(of: [i])
    let actions = try submit(
      plan.withAncestors(below.union([i])), resubmit: below.union([i]), forced: downstream ? below.union([i]) : [i],
      display: display)
    return (actions, below.union([i]))
  }

  /// Submits every stage of `selection` that is not cached, and those of `resubmit` even if they
  /// are (`forced` ones with `run-stage --force`).
  func submit(
    _ selection: Set<Int>, resubmit: Set<Int> = [], forced: Set<Int> = [],
    display: ((String) -> Void)? = nil
  ) throws -> [(stage: String, action: Action)] {
    do { try client.checkAvailable() } catch let e as SlurmClient.Failure {
      throw UsageError("--executor slurm: \(e.description)")
    }
    // No sweep of temporary files here: on a cluster their writers run on other hosts.

    let order = plan.stages.indices.filter { selection.contains($0) }
    // Earlier submissions of the stages not cached, and what Slurm says of them (one query).
    var records: [Int: JobRecord] = [:]
    let before = KeyResolver(plan: plan, store: store)
    for i in order where resubmit.contains(i) || before.content(i) == nil {
      if let r = Self.record(store, profile: plan.profile, stage: plan.stages[i].name) { records[i] = r }
    }
    let states: [String: SlurmClient.JobInfo]
    do { states = try client.queryJobs(Array(Set(records.values.map(\.job)))) } catch {
      throw UsageError("--executor slurm: \(error)")
    }
    // The cache is looked at again after the query: a job that ended between the first look and the
    // query committed its artifact before it ended, so its stage is cached now (not resubmitted);
    // one that ends after the query was seen active (and is reused).
    let resolver = KeyResolver(plan: plan, store: store)
    let pending = { (i: Int) in resubmit.contains(i) || resolver.content(i) == nil }

    var actions: [Int: Action] = [:]
    var out: [(String, Action)] = []
    for i in order {
      let s = plan.stages[i]
      if !pending(i) {
        actions[i] = .cached
        out.append((s.name, .cached))
        continue
      }
      // Inputs: cached content, or the job that will make them.
      var inputs: [String: String] = [:]
      var deps: [String] = []
      var blocked: String?
      for d in s.inputs {
        let j = plan.index[d.stage]!
        switch actions[j] {
        case .submitted(let id)?, .queued(let id)?:
          inputs[d.stage] = "job:" + id
          deps.append(id)
        default:
          if let c = resolver.content(j) { inputs[d.stage] = "content:" + c } else { blocked = d.stage }
        }
      }
      if let blocked {
        actions[i] = .skipped(blocked)
        out.append((s.name, .skipped(blocked)))
        continue
      }
      let recipe = Self.recipe(s)
      if let r = records[i], let info = states[r.job], info.isActive {
        if r.recipe == recipe && consistent(r.inputs, now: inputs, states: states) {
          actions[i] = .queued(r.job)
          out.append((s.name, .queued(r.job)))
          display?("queued    \(s.name)  job \(r.job) (\(info.state), submitted earlier)")
          continue
        }
        try? client.cancel([r.job])
        display?("cancelled \(s.name)  job \(r.job) (the stage changed since it was submitted)")
      }
      let log = store.logPath(profile: plan.profile, stage: s.name)
      let id: String
      do {
        id = try submitJob(s, dependencies: deps, log: log, force: forced.contains(i))
      } catch {
        // All or nothing: withdraw what this call submitted, then report.
        let mine = out.compactMap { e -> (String, String)? in
          if case .submitted(let j) = e.1 { return (e.0, j) } else { return nil }
        }
        try? client.cancel(mine.map(\.1))
        for (stage, _) in mine {
          try? FileManager.default.removeItem(at: Self.recordPath(store, profile: plan.profile, stage: stage))
        }
        if !mine.isEmpty { display?("cancelled the \(mine.count) job(s) submitted before the failure") }
        throw error
      }
      try Self.write(
        JobRecord(
          stage: s.name, profile: plan.profile, job: id, log: log, submitted: Date().timeIntervalSince1970,
          recipe: recipe, inputs: inputs), store)
      actions[i] = .submitted(id)
      out.append((s.name, .submitted(id)))
      display?(
        "submitted \(s.name)  job \(id)" + (deps.isEmpty ? "" : " after \(deps.joined(separator: ","))")
          + (forced.contains(i) ? " (forced)" : ""))
    }
    return out
  }

  /// An earlier job's inputs still describe the same computation: each input is the same job, the
  /// same content, or was a job that has since completed (and made the content now cached).
  func consistent(_ before: [String: String], now: [String: String], states: [String: SlurmClient.JobInfo]) -> Bool {
    guard Set(before.keys) == Set(now.keys) else { return false }
    for (stage, was) in before {
      let is_ = now[stage]!
      if was == is_ { continue }
      if was.hasPrefix("job:"), is_.hasPrefix("content:") { continue }  // the job made it
      return false
    }
    return true
  }

  func submitJob(_ s: PlannedStage, dependencies: [String], log: String, force: Bool = false) throws -> String {
    try FileManager.default.createDirectory(
      atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let root = project.root.path
    let cpus = max(1, s.resources.cpus)
    var args = [
      "--job-name=ts:\(s.name)", "--output=\(log)", "--chdir=\(root)", "--cpus-per-task=\(cpus)",
      "--mem=\(s.resources.memory)", "--time=\(s.resources.time)", "--kill-on-invalid-dep=yes",
    ]
    if let p = options.partition { args.append("--partition=\(p)") }
    if !dependencies.isEmpty { args.append("--dependency=afterok:" + dependencies.joined(separator: ":")) }
    for o in options.extra { args.append(o.hasPrefix("-") ? o : "--" + o) }
    let script = """
      #!/bin/sh
      # timescales stage \(s.name) (profile \(plan.profile)) in \(root)
      export OPENBLAS_NUM_THREADS=1
      \(shellQuote(options.executable)) run-stage \(shellQuote(s.name)) --profile \(shellQuote(plan.profile)) --root \(shellQuote(root)) --threads \(cpus)\(force ? " --force" : "")
      rc=$?
      # 3: already cached (another run made it): a success for the stages after it.
      [ $rc -eq 3 ] && exit 0
      exit $rc

      """
    do {
      return try client.submit(script: script, options: args)
    } catch let e as SlurmClient.Failure {
      throw UsageError("submitting \(s.name): \(e.description)")
    }
  }

  // MARK: - Following jobs

  /// Seconds between two `squeue` calls while following jobs: one call for all of a run's jobs
  /// per interval keeps the load on a cluster's controller low.
  public static let defaultPollInterval = 30.0

  /// Polls `jobs` (stage → job id) until none is queued or running, reporting each change of
  /// state. Returns the report of the run (ran / failed / skipped = cancelled after an input failed).
  public func wait(
    _ jobs: [(stage: String, job: String)], cachedStages: [String], interval: Double = defaultPollInterval,
    command: String? = nil, display: (String) -> Void
  ) -> MakeReport {
    let start = Date()
    var last: [String: String] = [:]
    var final: [String: SlurmClient.JobInfo] = [:]
    var lastProgress = ""
    var lastSeen: [String: String] = [:]
    let total = jobs.count
    while final.count < total {
      let pending = jobs.filter { final[$0.job] == nil }
      let states: [String: SlurmClient.JobInfo]
      do {
        states = try client.queryJobs(pending.map(\.job))
      } catch {
        // The controller did not answer: say so and keep following (the jobs go on without it).
        display("… \(error)")
        Thread.sleep(forTimeInterval: 5)
        continue
      }
      for (stage, job) in pending {
        let info = states[job] ?? gone(stage)
        let seen = info.state + "|" + (info.state == "PENDING" ? info.reason ?? "" : "")
        if lastSeen[job] != seen {
          lastSeen[job] = seen
          last[job] = info.state
          var line = "\(info.state.padding(toLength: 9, withPad: " ", startingAt: 0)) \(stage)  job \(job)"
          if info.state == "PENDING", let r = info.reason, r != "Dependency", r != "Priority", r != "None" {
            line +=
              "  (\(r))"
              + (Self.neverStarts(r) ? " — it will not start as requested; `timescales cancel` stops the run" : "")
          }
          if info.isFailure {
            line +=
              info.state == "CANCELLED" && isDependencyFailure(info)
              ? "  (an input failed)" : "  log: \(store.logPath(profile: plan.profile, stage: stage))"
          }
          if info.isActive || info.isFailure || info.state == "COMPLETED" { display(line) }
        }
        if !info.isActive { final[job] = info }
      }
      if final.count < total {
        let running = jobs.filter { last[$0.job] == "RUNNING" }.count
        let progress = "… \(final.count) of \(total) jobs ended, \(running) running"
        if progress != lastProgress { display(progress) }
        lastProgress = progress
        Thread.sleep(forTimeInterval: interval)
      }
    }
    var report = MakeReport()
    for s in cachedStages { report.entries.append(.init(stage: s, result: .cached, seconds: 0)) }
    for (stage, job) in jobs {
      let info = final[job]!
      let log = store.logPath(profile: plan.profile, stage: stage)
      if info.state == "COMPLETED" {
        let cached = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("cached \(stage):")
        report.entries.append(.init(stage: stage, result: cached ? .cached : .ran, seconds: 0, log: log))
      } else if info.state == "CANCELLED" && isDependencyFailure(info) {
        report.entries.append(
          .init(stage: stage, result: .skipped, seconds: 0, message: "job \(job) cancelled: an input failed", log: log))
      } else {
        let last = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").last {
          $0.hasPrefix("error:")
        }
        report.entries.append(
          .init(
            stage: stage, result: .failed, seconds: 0,
            message: "job \(job) \(info.state)" + (last.map { ": " + $0.dropFirst(7) } ?? "") + "; see \(log)", log: log
          ))
      }
    }
    report.seconds = Date().timeIntervalSince(start)
    if let command { journal(report, command: command, started: start) }
    return report
  }

  /// A run record of the followed jobs, as a local `make` writes (for `diff run:latest` and `gc`).
  func journal(_ report: MakeReport, command: String, started: Date) {
    let journal = RunJournal(store: store, profile: plan.profile, command: command, planned: plan.stages.map(\.name))
    for e in report.entries {
      var pairs: [(String, JSONValue)] = [("stage", .string(e.stage)), ("outcome", .string(e.result.rawValue))]
      if e.result == .ran || e.result == .cached, let head = store.head(profile: plan.profile, stage: e.stage) {
        pairs += [("key", .string(head.key)), ("content", .string(head.contentHash))]
      }
      if let m = e.message { pairs.append(("message", .string(m))) }
      if let l = e.log { pairs.append(("log", .string(l))) }
      pairs.append(("executor", .string("slurm")))
      journal.write(.object(pairs))
    }
    journal.write(.object([("end", .double(Date().timeIntervalSince1970)), ("summary", .string(report.summary))]))
  }

  /// Pending reasons that no amount of waiting resolves (the request exceeds what the partition allows).
  static func neverStarts(_ reason: String) -> Bool {
    ["PartitionConfig", "BadConstraints", "PartitionNodeLimit", "PartitionTimeLimit", "InvalidAccount", "InvalidQOS"]
      .contains(reason)
      || reason.hasSuffix("Limit") && reason.hasPrefix("Assoc") == false && reason.hasPrefix("QOS") == false
        && reason.hasPrefix("Partition")
  }

  /// A job Slurm no longer knows: completed if its stage is now cached, else failed.
  func gone(_ stage: String) -> SlurmClient.JobInfo {
    let resolver = KeyResolver(plan: plan, store: store)
    if let i = plan.index[stage], resolver.content(i) != nil { return .init(state: "COMPLETED") }
    return .init(state: "UNKNOWN", reason: "Slurm no longer knows the job")
  }

  func isDependencyFailure(_ info: SlurmClient.JobInfo) -> Bool {
    (info.reason ?? "").contains("Dependency")
  }

  /// Publishes the targets that are up to date (figures to figures/out/), as the local `make` does.
  public func publish(targets: [String], _ report: inout MakeReport) throws {
    let roots = targets.isEmpty ? project.defaultSelection : try plan.select(targets)
    project.publish(roots, &report, display: nil)
  }

  /// Publishes `stages` (by index) that are up to date.
  public func publish(stages: Set<Int>, _ report: inout MakeReport) {
    project.publish(stages, &report, display: nil)
  }

  // MARK: - Status and cancel

  /// For stages with a recorded submission that are not cached: the job id, Slurm's view of the
  /// job (nil when Slurm no longer knows it) and the log path.
  public static func jobs(_ project: Project, stages: [String], client: SlurmClient = SlurmClient())
    -> [String: (job: String, info: SlurmClient.JobInfo?, log: String)]
  {
    var recs: [String: JobRecord] = [:]
    for s in stages {
      // Only a submission of the stage as it is now (not of an older version of it).
      if let r = record(project.store, profile: project.plan.profile, stage: s), let st = project.plan[s],
        r.recipe == recipe(st)
      {
        recs[s] = r
      }
    }
    guard !recs.isEmpty, SlurmClient.which("squeue") != nil else {
      return recs.mapValues { ($0.job, nil, $0.log) }
    }
    // No answer from the controller: the recorded job ids, states unknown.
    let states = (try? client.queryJobs(Array(Set(recs.values.map(\.job))))) ?? [:]
    return recs.mapValues { ($0.job, states[$0.job], $0.log) }
  }

  /// Cancels every queued or running job this project submitted (any profile). Returns the
  /// cancelled (stage, job) pairs.
  public static func cancelAll(_ store: Store, client: SlurmClient = SlurmClient()) throws -> [(
    stage: String, job: String
  )] {
    let recs = allRecords(store)
    guard !recs.isEmpty else { return [] }
    let states: [String: SlurmClient.JobInfo]
    do { states = try client.queryJobs(Array(Set(recs.map(\.job)))) } catch { throw UsageError("\(error)") }
    let active = recs.filter { states[$0.job]?.isActive == true }.sorted { $0.job < $1.job }
    do { try client.cancel(active.map(\.job)) } catch let e as SlurmClient.Failure { throw UsageError(e.description) }
    return active.map { ($0.stage, $0.job) }
  }
}

func shellQuote(_ s: String) -> String {
  "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
