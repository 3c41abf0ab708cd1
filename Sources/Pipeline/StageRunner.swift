import Artifacts
import Foundation

/// How one stage execution ended.
public enum StageOutcome: Sendable {
  /// Computed and committed.
  case ran(CacheRecord)
  /// Another process committed it first (found after waiting on its lock).
  case cached(CacheRecord)
  case failed(String)

  public var record: CacheRecord? {
    switch self {
    case .ran(let r), .cached(let r): r
    case .failed: nil
    }
  }
}

/// Runs one planned stage in this process: resolves its key from the cached inputs, takes the
/// key's lock, computes the artifact, stamps provenance and commits it to the store.
public struct StageRunner {
  public let plan: Plan
  public let store: Store
  public let registry: StageRegistry
  public let projectRoot: URL

  public init(plan: Plan, store: Store, registry: StageRegistry, projectRoot: URL) {
    self.plan = plan
    self.store = store
    self.registry = registry
    self.projectRoot = projectRoot
  }

  /// A runner for stages handed over already planned (`run(_ planned:)`), without a plan.
  public init(profile: String, store: Store, registry: StageRegistry, projectRoot: URL) {
    self.init(
      plan: Plan(profile: profile, stages: [], defaultTargets: []), store: store, registry: registry,
      projectRoot: projectRoot)
  }

  /// - Parameters:
  ///   - force: recompute even if the key is cached (`rerun`).
  ///   - progress: receives the stage's progress lines.
  public func run(_ name: String, force: Bool, threads: Int, progress: @escaping (String) -> Void) -> StageOutcome {
    guard let i = plan.index[name] else { return .failed("no stage \(name) in profile \(plan.profile)") }
    let stage = plan.stages[i]
    let resolver = KeyResolver(plan: plan, store: store)
    guard let parts = resolver.parts(i) else {
      let missing = stage.inputs.filter { resolver.content(plan.index[$0.stage]!) == nil }.map(\.stage)
      return .failed("inputs not available: " + missing.joined(separator: ", "))
    }
    let inputKeys = stage.inputs.map { resolver.key(plan.index[$0.stage]!)! }
    return run(stage, parts: parts, inputKeys: inputKeys, force: force, threads: threads, progress: progress)
  }

  /// The planning the scheduler did, checked: the stage's parts if its inputs are still cached
  /// and give the planned key, else nil (then plan again).
  public func parts(_ planned: PlannedRun) -> CacheKeyParts? {
    guard planned.profile == plan.profile, let parts = planned.parts(store), parts.key == planned.key else {
      return nil
    }
    return parts
  }

  /// Runs a stage handed over already planned; `parts` come from `parts(planned)`.
  public func run(
    _ planned: PlannedRun, parts: CacheKeyParts, force: Bool, threads: Int, progress: @escaping (String) -> Void
  ) -> StageOutcome {
    run(planned.stage, parts: parts, inputKeys: planned.inputKeys, force: force, threads: threads, progress: progress)
  }

  private func run(
    _ stage: PlannedStage, parts: CacheKeyParts, inputKeys: [String], force: Bool, threads: Int,
    progress: @escaping (String) -> Void
  ) -> StageOutcome {
    let name = stage.name
    let key = parts.key
    let lock: StoreLock
    do {
      let staleAfter = (try? ProjectConfiguration.load(root: projectRoot))?.lockStaleAfter
      lock = try StoreLock.acquire(
        store.lockPath(key), staleAfter: staleAfter ?? StoreLock.defaultStaleAfter, onWait: progress)
    } catch {
      return .failed("\(error)")
    }
    defer { lock.release() }
    if !force, case .valid(let rec) = store.entry(key) {
      try? store.setHead(profile: plan.profile, stage: name, record: rec, previousFile: nil)
      return .cached(rec)
    }
    guard let kind = registry[stage.kind] else { return .failed("unknown stage kind \(stage.kind)") }
    let started = Date()
    let usageBefore = ResourceUsage.ofThisProcess()
    do {
      var inputs: [StageInputs.Input] = []
      // parts.inputs: the inputs' content hashes, in the order of stage.inputs.
      for ((d, k), part) in zip(zip(stage.inputs, inputKeys), parts.inputs) {
        guard case .valid = store.entry(k) else {
          throw UsageError(
            "input \(d.stage) has no valid cached artifact (key \(k.prefix(12)))\nhint: `timescales make` recomputes it"
          )
        }
        let store = self.store
        inputs.append(
          .init(
            role: d.role, stage: d.stage, contentHash: part.contentHash,
            loader: { try store.load(k, stage: d.stage).0 }))
      }
      let scratch = store.scratchDirectory(key)
      let context = StageContext(
        stageName: name, profile: plan.profile, projectRoot: projectRoot,
        scratchDirectory: scratch, threads: threads, progress: progress)
      var artifact = try kind.execute(stage.params, StageInputs(inputs), context)
      let finished = Date()
      let usage = ResourceUsage.ofThisProcess().since(usageBefore)
      Provenance(
        stage: name, kind: stage.kind, codeVersion: stage.codeVersion, parameters: stage.params.canonical,
        inputs: parts.inputs.map { "\($0.stage)=\($0.contentHash)" }, cacheKey: key,
        seed: stage.params["seed"]?.intValue.map(Int64.init), toolVersion: ToolVersion.current,
        started: started, finished: finished, host: FileIO.hostName,
        projectCommit: ToolVersion.commit(in: projectRoot.path, short: false),
        usage: usage
      ).stamp(&artifact)
      let (record, previous) = try store.commit(
        artifact, key: key, parts: parts, stage: name, profile: plan.profile,
        started: started, finished: finished, usage: usage)
      try store.setHead(profile: plan.profile, stage: name, record: record, previousFile: previous, recomputed: true)
      try? FileManager.default.removeItem(at: scratch)
      return .ran(record)
    } catch {
      return .failed("\(error)")
    }
  }
}
