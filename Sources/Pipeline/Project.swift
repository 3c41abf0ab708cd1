import Foundation

/// A project folder (pipeline.json + data/) opened under one profile: the entry point the
/// command-line tool calls, one method per verb.
public struct Project {
  public let root: URL
  public let registry: StageRegistry
  public let plan: Plan
  public let store: Store

  public static func open(root: URL, profile: String?, registry: StageRegistry) throws -> Project {
    let plan = try Planner.plan(root: root, profile: profile, registry: registry)
    return Project(root: root, registry: registry, plan: plan, store: Store(projectRoot: root))
  }

  public var runner: StageRunner { StageRunner(plan: plan, store: store, registry: registry, projectRoot: root) }

  /// The stages `make` builds when given no target: the pipeline's `targets`, else every
  /// figure, else everything.
  public var defaultSelection: Set<Int> {
    if !plan.defaultTargets.isEmpty, let s = try? plan.select(plan.defaultTargets) { return s }
    let figures = plan.stages.indices.filter { plan.stages[$0].kind == "figure" }
    return figures.isEmpty ? Set(plan.stages.indices) : Set(figures)
  }

  public func make(
    targets: [String], jobs: Int, cores: Int, dryRun: Bool, executor: Executor,
    display: ProgressDisplay?, command: String
  ) throws -> MakeReport {
    let roots = targets.isEmpty ? defaultSelection : try plan.select(targets)
    let selection = plan.withAncestors(roots)
    if !dryRun { store.sweepTemporaryFiles() }
    var report = MakeReport()
    // A stage or a publish hook that finds a cached input damaged quarantines it and fails; one
    // more pass recomputes the input (its dependants only if its content changed) and the stage.
    for pass in 0..<3 {
      let quarantined = store.quarantinedCount
      let journal =
        dryRun
        ? nil : RunJournal(store: store, profile: plan.profile, command: command, planned: plan.stages.map(\.name))
      if pass == 0, let problem = journal?.problem { display?.note("warning: \(problem); this run is not recorded") }
      let scheduler = Scheduler(
        resolver: KeyResolver(plan: plan, store: store), executor: executor, journal: journal, display: display)
      var next = scheduler.make(selection, jobs: jobs, cores: cores, dryRun: dryRun)
      if !dryRun { publish(roots, &next, display: display) }
      report = pass == 0 ? next : report.updated(by: next)
      guard !dryRun, report.failed, store.quarantinedCount > quarantined else { break }
      display?.note("a damaged cached file was quarantined; making again")
    }
    return report
  }

  /// Runs the `publish` hook of each stage of `stages` that `report` shows up to date (ran or
  /// cached). A failing hook turns the stage's entry into a failure with the hook's message.
  func publish(_ stages: Set<Int>, _ report: inout MakeReport, display: ProgressDisplay?) {
    for n in report.entries.indices where report.entries[n].result == .ran || report.entries[n].result == .cached {
      let name = report.entries[n].stage
      guard let i = plan.index[name], stages.contains(i), let kind = registry[plan.stages[i].kind],
        let head = store.head(profile: plan.profile, stage: name)
      else { continue }
      let context = PublishContext(stageName: name, profile: plan.profile, projectRoot: root, key: head.key)
      let store = self.store
      do {
        try kind.publish(plan.stages[i].params, { try store.load(head.key, stage: name).0 }, context)
      } catch {
        let message = "it is up to date but publishing its results failed: \(error)"
        report.entries[n].result = .failed
        report.entries[n].message = message
        display?.failed(name, message, log: store.logPath(profile: plan.profile, stage: name))
      }
    }
  }

  /// Recomputes exactly `stage` (bringing its inputs up to date first). Downstream stages run
  /// afterwards only if its content changed — or all of them, forced, with `downstream`.
  public func rerun(
    stage: String, downstream: Bool, jobs: Int, cores: Int, executor: Executor,
    display: ProgressDisplay?, command: String
  ) throws -> MakeReport {
    guard let i = plan.index[stage] else {
      throw UsageError(
        "no stage \"\(stage)\" in profile \"\(plan.profile)\""
          + (didYouMean(stage, plan.stages.map(\.name)).map { "; \($0)" } ?? ""))
    }
    let before = store.head(profile: plan.profile, stage: stage)?.contentHash
    let journal = RunJournal(store: store, profile: plan.profile, command: command, planned: plan.stages.map(\.name))
    let resolver = KeyResolver(plan: plan, store: store)
    let scheduler = Scheduler(resolver: resolver, executor: executor, journal: journal, display: display)
    var report = scheduler.make(plan.withAncestors([i]), forced: [i], jobs: jobs, cores: cores)
    guard !report.failed else { return report }
    let after = store.head(profile: plan.profile, stage: stage)?.contentHash
    let below = plan.descendants(of: [i])
    var published: Set<Int> = [i]
    if downstream || before != after, !below.isEmpty {
      let more = scheduler.make(plan.withAncestors(below), forced: downstream ? below : [], jobs: jobs, cores: cores)
      report.entries += more.entries.filter { e in !report.entries.contains { $0.stage == e.stage } }
      report.seconds += more.seconds
      published.formUnion(below)
    } else if !below.isEmpty {
      display?.note("\(stage): content unchanged; \(below.count) downstream stage(s) stay cached")
    }
    publish(published, &report, display: display)
    return report
  }

  public func status() -> [(stage: PlannedStage, status: StageStatus)] {
    let statuses = Staleness.statuses(KeyResolver(plan: plan, store: store))
    return zip(plan.stages, statuses).map { ($0, $1) }
  }

  /// Removes cache entries that no profile's current plan uses, no run of the last `days` days
  /// recorded, and that are not the latest or previous artifact of a stage of the pipeline.
  /// Sweeps debris (`Debris`) too. Returns the removed keys, bytes freed and the debris removed.
  public func gc(dryRun: Bool, days: Double = 30) throws -> (removed: [String], bytes: Int, debris: [Debris]) {
    var keep = Set<String>()
    let doc = try Planner.read(root: root)
    for profile in Planner.profiles(of: doc) {
      guard let p = try? Planner.plan(doc, profile: profile, registry: registry, root: root) else { continue }
      let resolver = KeyResolver(plan: p, store: store)
      for i in p.stages.indices { if let k = resolver.key(i) { keep.insert(k) } }
      // The latest and the previous artifact of each stage, for `diff STAGE --previous`.
      for s in p.stages {
        if let h = store.head(profile: profile, stage: s.name) {
          keep.insert(h.key); h.previousKey.map { _ = keep.insert($0) }
        }
      }
    }
    let horizon = Date().timeIntervalSince1970 - days * 86400
    for run in RunJournal.all(store) {
      let entries = RunJournal.entries(store, id: run)
      guard let started = entries.first?["started"]?.doubleValue, started >= horizon else { continue }
      for e in entries { if let k = e["key"]?.stringValue { keep.insert(k) } }
    }
    let debris = store.debris(used: keep)
    if !dryRun { store.remove(debris) }
    var removed: [String] = [], bytes = 0
    for key in store.allKeys() where !keep.contains(key) {
      removed.append(key)
      bytes += FileIO.fileStatus(store.artifactPath(key))?.size ?? 0
      if !dryRun {
        store.discard(key)
        try? FileManager.default.removeItem(at: store.scratchDirectory(key))
      }
    }
    if !dryRun {
      // Artifacts kept for `diff --previous` go with the entries they belonged to.
      for f in (try? FileManager.default.contentsOfDirectory(atPath: store.previousDirectory.path)) ?? [] {
        let key = String(f.prefix(64))
        if !keep.contains(key) {
          try? FileManager.default.removeItem(at: store.previousDirectory.appendingPathComponent(f))
        }
      }
    }
    return (removed.sorted(), bytes, debris)
  }
}
