import Foundation

/// Runs a pipeline on a Slurm cluster: pending stages become `sbatch` jobs running
/// `timescales run-stage NAME --profile P --root R` (the same binary; `data/` on a shared
/// filesystem), grouped into job arrays and bundles of short stages (`SlurmJobs`), each job with
/// `--dependency` on the jobs of its pending inputs (`aftercorr` between aligned arrays) and
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

    // First pass, in plan order: cached, reused (an earlier job still queued or running), skipped
    // (an input can be neither cached nor made), or to be submitted.
    var actions: [Int: Action] = [:]
    var toSubmit: [Int] = []
    var recordedInputs: [Int: [String: String]] = [:]
    for i in order {
      let s = plan.stages[i]
      if !pending(i) {
        actions[i] = .cached
        continue
      }
      // Inputs: cached content, or the job that will make them ("job:" alone: not submitted yet).
      var inputs: [String: String] = [:]
      var blocked: String?
      for d in s.inputs {
        let j = plan.index[d.stage]!
        switch actions[j] {
        case .queued(let id)?: inputs[d.stage] = "job:" + id
        case .submitted?: inputs[d.stage] = "job:"
        default:
          if let c = resolver.content(j) { inputs[d.stage] = "content:" + c } else { blocked = d.stage }
        }
      }
      if let blocked {
        actions[i] = .skipped(blocked)
        continue
      }
      if let r = records[i], let info = states[r.job], info.isActive {
        if r.recipe == Self.recipe(s) && consistent(r.inputs, now: inputs, states: states) {
          actions[i] = .queued(r.job)
          display?("queued    \(s.name)  job \(r.job) (\(info.state), submitted earlier)")
          continue
        }
        try? client.cancel([r.job])
        display?("cancelled \(s.name)  job \(r.job) (the stage changed since it was submitted)")
      }
      actions[i] = .submitted("")
      toSubmit.append(i)
      recordedInputs[i] = inputs
    }

    // Then the jobs and job arrays (`SlurmJobs`), each after the jobs it waits for.
    var submittedHere: [(stage: String, job: String)] = []
    for unit in SlurmJobs.units(plan, toSubmit) {
      let members = Set(unit.stages)
      let inputJobs = unit.stages.map { i in
        plan.stages[i].inputs.compactMap { d -> String? in
          let j = plan.index[d.stage]!
          guard !members.contains(j) else { return nil }
          switch actions[j] {
          case .queued(let id)?, .submitted(let id)?: return id.isEmpty ? nil : id
          default: return nil
          }
        }
      }
      let deps = Self.dependency(tasks: unit.tasks, inputJobs: inputJobs)
      let id: String
      do {
        id = try submitJob(unit, dependency: deps, forced: forced)
      } catch {
        // All or nothing: withdraw what this call submitted, then report.
        try? client.cancel(Array(Set(submittedHere.map { Self.baseJob($0.job) })))
        for (stage, _) in submittedHere {
          try? FileManager.default.removeItem(at: Self.recordPath(store, profile: plan.profile, stage: stage))
        }
        let jobs = Set(submittedHere.map { Self.baseJob($0.job) }).count
        if jobs > 0 { display?("cancelled the \(jobs) job(s) submitted before the failure") }
        throw error
      }
      for (k, i) in unit.stages.enumerated() {
        let s = plan.stages[i]
        let job = unit.tasks.map { "\(id)_\($0[k])" } ?? id
        var inputs = recordedInputs[i]!
        for (stage, value) in inputs where value == "job:" {
          if case .submitted(let j)? = actions[plan.index[stage]!] { inputs[stage] = "job:" + j }
        }
        try Self.write(
          JobRecord(
            stage: s.name, profile: plan.profile, job: job, log: store.logPath(profile: plan.profile, stage: s.name),
            submitted: Date().timeIntervalSince1970, recipe: Self.recipe(s), inputs: inputs), store)
        actions[i] = .submitted(job)
        submittedHere.append((s.name, job))
        let after =
          inputJobs[k].isEmpty ? "" : " after \(Set(inputJobs[k]).sorted(by: Self.jobOrder).joined(separator: ","))"
        display?(
          "submitted \(s.name)  job \(job)\(after)" + (forced.contains(i) ? " (forced)" : "")
            + (unit.tasks == nil && unit.stages.count > 1 ? " (one job for \(unit.stages.count) stages)" : ""))
      }
    }
    return order.map { (plan.stages[$0].name, actions[$0]!) }
  }

  /// An earlier job's inputs still describe the same computation: each input is the same job, the
  /// same content, or was a job that has since completed (and made the content now cached).
  func consistent(_ before: [String: String], now: [String: String], states: [String: SlurmClient.JobInfo]) -> Bool {
    guard Set(before.keys) == Set(now.keys) else { return false }
    for (stage, was) in before {
      let is_ = now[stage]!
      if was == is_ && is_ != "job:" { continue }
      if was.hasPrefix("job:"), is_.hasPrefix("content:") { continue }  // the job made it
      return false
    }
    return true
  }

  /// The `--dependency` of a job or array whose stages wait for `inputJobs` (per stage, the jobs
  /// of its inputs: `ID` or, for a task of an array, `ID_TASK`). An array waits with `aftercorr`
  /// on an earlier array when each of its tasks waits for exactly the task of the same number
  /// there; for anything else it waits with `afterok` for every job any of its tasks needs.
  static func dependency(tasks: [Int]?, inputJobs: [[String]]) -> String? {
    var afterok = Set(inputJobs.joined())
    var aftercorr: [String] = []
    if let tasks {
      let arrays = Set(afterok.compactMap { arrayTask($0)?.array })
      for array in arrays.sorted(by: jobOrder) {
        let waits = inputJobs.map { $0.filter { arrayTask($0)?.array == array } }
        let corresponding = zip(waits, tasks).allSatisfy { w, t in w.count == 1 && arrayTask(w[0])?.task == t }
        guard corresponding else { continue }
        aftercorr.append(array)
        afterok.subtract(waits.joined())
      }
    }
    var parts: [String] = []
    if !afterok.isEmpty { parts.append("afterok:" + afterok.sorted(by: jobOrder).joined(separator: ":")) }
    if !aftercorr.isEmpty { parts.append("aftercorr:" + aftercorr.joined(separator: ":")) }
    return parts.isEmpty ? nil : parts.joined(separator: ",")
  }

  /// `ID_TASK` split into the array's job id and the task number; nil for a job that is no array task.
  static func arrayTask(_ job: String) -> (array: String, task: Int)? {
    let parts = job.split(separator: "_")
    guard parts.count == 2, let t = Int(parts[1]) else { return nil }
    return (String(parts[0]), t)
  }

  /// The job id Slurm was given at submission: an array task's array, or the job itself.
  public static func baseJob(_ job: String) -> String { arrayTask(job)?.array ?? job }

  /// Job ids in numeric order, an array's tasks by task number.
  static func jobOrder(_ a: String, _ b: String) -> Bool {
    let key = { (j: String) in (Int(baseJob(j)) ?? 0, arrayTask(j)?.task ?? -1) }
    return key(a) < key(b)
  }

  /// Submits one unit: a job running its stages one after another (in plan order), or an array
  /// whose task N runs the stage numbered N; each stage writes its own log. The job (or every task)
  /// asks for the most any of its stages asks for (CPUs, memory, time), not the sum.
  func submitJob(_ unit: SlurmJobs.Unit, dependency: String?, forced: Set<Int>) throws -> String {
    let stages = unit.stages.map { plan.stages[$0] }
    let logs = stages.map { store.logPath(profile: plan.profile, stage: $0.name) }
    for log in logs {
      try FileManager.default.createDirectory(
        atPath: (log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    }
    let root = project.root.path
    let resources = SlurmJobs.resources(stages.map(\.resources))
    let cpus = max(1, resources.cpus)
    // One stage: its own log is the job's output. Several: each stage's output goes to its log,
    // Slurm's and the job's own lines (which stage failed) to a log named after the job.
    let output =
      stages.count == 1
      ? logs[0]
      : unit.tasks == nil ? jobLog("%j") : jobLog("%A_%a")
    var args = [
      "--job-name=ts:\(stages[0].name)" + (stages.count > 1 ? "+\(stages.count - 1)" : ""), "--output=\(output)",
      "--chdir=\(root)", "--cpus-per-task=\(cpus)", "--mem=\(resources.memory)", "--time=\(resources.time)",
      "--kill-on-invalid-dep=yes",
    ]
    if let tasks = unit.tasks { args.append("--array=" + tasks.map(String.init).joined(separator: ",")) }
    if let p = options.partition { args.append("--partition=\(p)") }
    if let dependency { args.append("--dependency=" + dependency) }
    for o in options.extra { args.append(o.hasPrefix("-") ? o : "--" + o) }
    let command = { (s: PlannedStage) in
      "\(shellQuote(options.executable)) run-stage \(shellQuote(s.name)) --profile \(shellQuote(self.plan.profile)) --root \(shellQuote(root)) --threads \(cpus)"
        + (forced.contains(self.plan.index[s.name]!) ? " --force" : "")
    }
    // A job (or array task) running one stage, `body`, with its exit status; 3 from run-stage is
    // already cached (another run made it), a success for the stages after it.
    let oneStage = { (comment: String, body: String) in
      """
      #!/bin/sh
      # \(comment)
      export OPENBLAS_NUM_THREADS=1
      \(body)
      rc=$?
      [ $rc -eq 3 ] && exit 0
      exit $rc

      """
    }
    let script: String
    if let tasks = unit.tasks {
      let arms = zip(zip(stages, logs), tasks).map { sl, t in
        "  \(t)) \(command(sl.0)) >\(shellQuote(sl.1)) 2>&1 ;;"
      }
      script = oneStage(
        "timescales: an array of \(stages.count) stages (profile \(plan.profile)) in \(root), one per task",
        "case \"$SLURM_ARRAY_TASK_ID\" in\n\(arms.joined(separator: "\n"))\n"
          + "  *) echo \"no stage for task $SLURM_ARRAY_TASK_ID\"; exit 2 ;;\nesac")
    } else if stages.count == 1 {
      script = oneStage("timescales stage \(stages[0].name) (profile \(plan.profile)) in \(root)", command(stages[0]))
    } else {
      // Every stage is tried (one whose input failed fails at once, saying so); the job fails if any did.
      let lines = zip(stages, logs).map { s, log in
        "\(command(s)) >\(shellQuote(log)) 2>&1; rc=$?\n"
          + "[ $rc -eq 0 ] || [ $rc -eq 3 ] || { echo \(shellQuote("failed: \(s.name); see \(log)")); failed=1; }"
      }
      script = """
        #!/bin/sh
        # timescales: \(stages.count) short stages (profile \(plan.profile)) in \(root), one after another
        export OPENBLAS_NUM_THREADS=1
        failed=0
        \(lines.joined(separator: "\n"))
        exit $failed

        """
    }
    do {
      return try client.submit(script: script, options: args)
    } catch let e as SlurmClient.Failure {
      throw UsageError("submitting \(stages[0].name): \(e.description)")
    }
  }

  // MARK: - Following jobs

  /// Seconds between two `squeue` calls while following jobs: one call for all of a run's jobs
  /// per interval keeps the load on a cluster's controller low.
  public static let defaultPollInterval = 30.0

  /// Polls `jobs` (stage → job id; several stages may share a job) until none is queued or
  /// running, with one `squeue` call for all of them per `interval` (the first after one
  /// interval: the jobs were just submitted or looked at), reporting each change of state.
  /// Returns the report of the run (ran / failed / skipped = cancelled after an input failed).
  public func wait(
    _ jobs: [(stage: String, job: String)], cachedStages: [String], interval: Double = defaultPollInterval,
    command: String? = nil, display: (String) -> Void
  ) -> MakeReport {
    let start = Date()
    var stagesOf: [String: [String]] = [:]
    var ids: [String] = []
    for (stage, job) in jobs {
      if stagesOf[job] == nil { ids.append(job) }
      stagesOf[job, default: []].append(stage)
    }
    var last: [String: String] = [:]
    var final: [String: SlurmClient.JobInfo] = [:]
    var lastProgress = ""
    var lastSeen: [String: String] = [:]
    while final.count < ids.count {
      Thread.sleep(forTimeInterval: interval)
      let pending = ids.filter { final[$0] == nil }
      let states: [String: SlurmClient.JobInfo]
      do {
        states = try client.queryJobs(pending)
      } catch {
        // The controller did not answer: say so and keep following (the jobs go on without it).
        display("… \(error)")
        continue
      }
      for job in pending {
        let stages = stagesOf[job]!
        let info = states[job] ?? gone(stages)
        let seen = info.state + "|" + (info.state == "PENDING" ? info.reason ?? "" : "")
        if lastSeen[job] != seen {
          lastSeen[job] = seen
          last[job] = info.state
          let what = stages[0] + (stages.count > 1 ? " and \(stages.count - 1) more" : "")
          var line = "\(info.state.padding(toLength: 9, withPad: " ", startingAt: 0)) \(what)  job \(job)"
          if info.state == "PENDING", let r = info.reason, r != "Dependency", r != "Priority", r != "None" {
            line +=
              "  (\(r))"
              + (Self.neverStarts(r) ? " — it will not start as requested; `timescales cancel` stops the run" : "")
          }
          if info.isFailure {
            line +=
              info.state == "CANCELLED" && isDependencyFailure(info)
              ? "  (an input failed)"
              : "  log: \(stages.count == 1 ? store.logPath(profile: plan.profile, stage: stages[0]) : jobLog(job))"
                + (Self.arrayTask(job) != nil ? " (Slurm's: \(jobLog(job)))" : "")
          }
          if info.isActive || info.isFailure || info.state == "COMPLETED" { display(line) }
        }
        if !info.isActive { final[job] = info }
      }
      if final.count < ids.count {
        let running = ids.filter { last[$0] == "RUNNING" }.count
        let progress = "… \(final.count) of \(ids.count) jobs ended, \(running) running"
        if progress != lastProgress { display(progress) }
        lastProgress = progress
      }
    }
    var report = MakeReport()
    for s in cachedStages { report.entries.append(.init(stage: s, result: .cached, seconds: 0)) }
    for (stage, job) in jobs {
      let info = final[job]!
      let log = store.logPath(profile: plan.profile, stage: stage)
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      let cancelledBefore = info.state == "CANCELLED" && isDependencyFailure(info)
      // A stage of a job that failed may have succeeded before another stage of the job failed.
      let succeeded =
        info.state == "COMPLETED"
        || !cancelledBefore && (text.contains("ran \(stage):") || text.contains("cached \(stage):"))
      if succeeded {
        report.entries.append(
          .init(stage: stage, result: text.contains("cached \(stage):") ? .cached : .ran, seconds: 0, log: log))
      } else if cancelledBefore {
        report.entries.append(
          .init(stage: stage, result: .skipped, seconds: 0, message: "job \(job) cancelled: an input failed", log: log))
      } else {
        let last = text.split(separator: "\n").last { $0.hasPrefix("error:") }
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

  /// Slurm's log of a job running several stages, or of an array task (`ID_TASK`); each stage has
  /// its own log too.
  func jobLog(_ job: String) -> String { "\(store.root.path)/logs/\(plan.profile)/slurm-job-\(job).log" }

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

  /// A job Slurm no longer knows: completed if its stages are now cached, else failed.
  func gone(_ stages: [String]) -> SlurmClient.JobInfo {
    let resolver = KeyResolver(plan: plan, store: store)
    if stages.allSatisfy({ plan.index[$0].map { resolver.content($0) != nil } ?? false }) {
      return .init(state: "COMPLETED")
    }
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
    do { try client.cancel(Array(Set(active.map(\.job))).sorted()) } catch let e as SlurmClient.Failure {
      throw UsageError(e.description)
    }
    return active.map { ($0.stage, $0.job) }
  }
}

func shellQuote(_ s: String) -> String {
  "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
