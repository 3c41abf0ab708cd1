import Foundation

/// What a `make` did, stage by stage.
public struct MakeReport: Sendable {
  public enum Result: String, Sendable { case ran, cached, failed, skipped, wouldRun = "would-run" }
  public struct Entry: Sendable {
    public var stage: String
    public var result: Result
    public var seconds: Double
    public var message: String?
    public var log: String?
  }
  public var entries: [Entry] = []
  public var seconds: Double = 0

  /// This report with the entries of a later pass over the same stages: a stage the later pass
  /// ran, or that failed or was skipped in this one, takes its later entry.
  func updated(by later: MakeReport) -> MakeReport {
    var out = self
    for e in later.entries {
      if let n = out.entries.firstIndex(where: { $0.stage == e.stage }) {
        if e.result != .cached || out.entries[n].result == .failed || out.entries[n].result == .skipped {
          out.entries[n] = e
        }
      } else {
        out.entries.append(e)
      }
    }
    out.seconds += later.seconds
    return out
  }

  public func count(_ r: Result) -> Int { entries.lazy.filter { $0.result == r }.count }
  public var failed: Bool { count(.failed) > 0 || count(.skipped) > 0 }

  public var summary: String {
    var s = "\(count(.ran)) ran, \(count(.cached)) cached, \(count(.failed)) failed"
    if count(.skipped) > 0 { s += ", \(count(.skipped)) skipped (an input failed)" }
    if count(.wouldRun) > 0 { s = "\(count(.wouldRun)) would run, \(count(.cached)) cached" }
    return s + String(format: " in %.1f s", seconds)
  }

  public var json: JSONValue {
    .object([
      ("ran", .int(Int64(count(.ran)))), ("cached", .int(Int64(count(.cached)))),
      ("failed", .int(Int64(count(.failed)))),
      ("skipped", .int(Int64(count(.skipped)))), ("wouldRun", .int(Int64(count(.wouldRun)))),
      ("seconds", .double(seconds)),
      (
        "stages",
        .array(
          entries.map { e in
            var pairs: [(String, JSONValue)] = [
              ("stage", .string(e.stage)), ("result", .string(e.result.rawValue)), ("seconds", .double(e.seconds)),
            ]
            if let m = e.message { pairs.append(("message", .string(m))) }
            if let l = e.log { pairs.append(("log", .string(l))) }
            return .object(pairs)
          })
      ),
    ])
  }
}

/// Runs the selected stages in dependency order, `jobs` at a time, with keep-going semantics:
/// a failed stage stops only its descendants.
public final class Scheduler: @unchecked Sendable {
  public let resolver: KeyResolver
  public let executor: Executor
  public let journal: RunJournal?
  public let display: ProgressDisplay?
  var plan: Plan { resolver.plan }
  var store: Store { resolver.store }

  public init(resolver: KeyResolver, executor: Executor, journal: RunJournal?, display: ProgressDisplay?) {
    self.resolver = resolver
    self.executor = executor
    self.journal = journal
    self.display = display
  }

  /// - Parameters:
  ///   - selection: stages to bring up to date (callers include ancestors).
  ///   - forced: stages to recompute even when cached.
  ///   - cores: threads to share among running stages, for work a stage splits in a fixed way
  ///     (BLAS itself always runs one thread, so the count never changes a result).
  public func make(_ selection: Set<Int>, forced: Set<Int> = [], jobs: Int, cores: Int, dryRun: Bool = false)
    -> MakeReport
  {
    let start = Date()
    var report = MakeReport()
    let dependents = plan.dependents
    let order = plan.stages.indices.filter { selection.contains($0) }
    var waitingOn = [Int: Int]()
    for i in order { waitingOn[i] = plan.stages[i].inputs.filter { selection.contains(plan.index[$0.stage]!) }.count }
    var ready = order.filter { waitingOn[$0] == 0 }
    var done = Set<Int>(), dead = Set<Int>()
    var running: [Int: Date] = [:]
    let mailbox = Mailbox()
    var cachedLines: [JSONValue] = []
    display?.begin(total: order.count)

    func release(_ i: Int) {
      for j in dependents[i] where selection.contains(j) {
        waitingOn[j]! -= 1
        if waitingOn[j] == 0 { ready.append(j) }
      }
    }
    func skipDescendants(_ i: Int, because name: String) {
      for j in plan.descendants(of: [i]) where selection.contains(j) && !dead.contains(j) && !done.contains(j) {
        dead.insert(j)
        report.entries.append(
          .init(stage: plan.stages[j].name, result: .skipped, seconds: 0, message: "input \(name) failed"))
        journal?.write(
          .object([
            ("stage", .string(plan.stages[j].name)), ("outcome", .string("skipped")),
            ("reason", .string("input \(name) failed")),
          ]))
        display?.finished(plan.stages[j].name, .skipped, nil)
      }
    }

    while true {
      // Start or settle every ready stage.
      while let i = ready.first, running.count < max(jobs, 1) || resolverSaysCached(i, forced) {
        ready.removeFirst()
        if dead.contains(i) { continue }
        let name = plan.stages[i].name
        if !forced.contains(i), let key = resolver.key(i) {
          switch store.entry(key) {
          case .valid(let rec):
            resolver.set(i, key: key, contentHash: rec.contentHash)
            try? store.setHead(profile: plan.profile, stage: name, record: rec, previousFile: nil)
            done.insert(i)
            report.entries.append(.init(stage: name, result: .cached, seconds: 0))
            cachedLines.append(
              .object([
                ("stage", .string(name)), ("key", .string(key)), ("content", .string(rec.contentHash)),
                ("outcome", .string("cached")),
              ]))
            display?.finished(name, .cached, nil)
            release(i)
            continue
          case .damaged(let why):
            let moved = store.quarantine(key).map { "moved to \($0); " } ?? ""
            display?.note("\(name): \(why); \(moved)recomputing")
            journal?.write(.object([("stage", .string(name)), ("key", .string(key)), ("note", .string(why))]))
            resolver.forget(i)
          case .absent:
            break
          }
        }
        if dryRun {
          done.insert(i)
          report.entries.append(.init(stage: name, result: .wouldRun, seconds: 0))
          release(i)
          continue
        }
        running[i] = Date()
        let threads = max(1, cores / max(1, min(jobs, running.count + ready.count)))
        let log = store.logPath(profile: plan.profile, stage: name)
        display?.started(name, log: log)
        let executor = self.executor
        let force = forced.contains(i)
        let planned = handOff(i)
        Thread.detachNewThread {
          let t0 = Date()
          let outcome = executor.execute(name, planned: planned, force: force, threads: threads, log: log)
          mailbox.post((i, outcome, Date().timeIntervalSince(t0)))
        }
      }
      if running.isEmpty && ready.isEmpty { break }
      let batch = mailbox.take()
      for (i, outcome, seconds) in batch {
        running[i] = nil
        let name = plan.stages[i].name
        let log = store.logPath(profile: plan.profile, stage: name)
        switch outcome {
        case .ran(let rec), .cached(let rec):
          resolver.set(i, key: rec.key, contentHash: rec.contentHash)
          done.insert(i)
          let result: MakeReport.Result = { if case .ran = outcome { return .ran } else { return .cached } }()
          report.entries.append(.init(stage: name, result: result, seconds: seconds, log: log))
          var line: [(String, JSONValue)] = [
            ("stage", .string(name)), ("key", .string(rec.key)), ("content", .string(rec.contentHash)),
            ("outcome", .string(result.rawValue)), ("seconds", .double(seconds)), ("log", .string(log)),
          ]
          if result == .ran, let u = rec.usage {
            line += [("cpu_seconds", .double(u.cpuSeconds)), ("peak_memory_bytes", .int(Int64(u.peakMemoryBytes)))]
          }
          journal?.write(.object(line))
          display?.finished(name, result, seconds)
          release(i)
        case .failed(let message):
          dead.insert(i)
          report.entries.append(.init(stage: name, result: .failed, seconds: seconds, message: message, log: log))
          journal?.write(
            .object([
              ("stage", .string(name)), ("outcome", .string("failed")), ("message", .string(message)),
              ("seconds", .double(seconds)), ("log", .string(log)),
            ]))
          display?.failed(name, message, log: log)
          skipDescendants(i, because: name)
        }
      }
    }
    journal?.write(cachedLines)
    report.seconds = Date().timeIntervalSince(start)
    journal?.write(.object([("end", .double(Date().timeIntervalSince1970)), ("summary", .string(report.summary))]))
    display?.end()
    return report
  }

  /// Stage `i` as planned, with its inputs' keys (all of them are up to date when it starts).
  private func handOff(_ i: Int) -> PlannedRun? {
    let s = plan.stages[i]
    var inputKeys: [String] = []
    for d in s.inputs {
      guard let j = plan.index[d.stage], let k = resolver.key(j) else { return nil }
      inputKeys.append(k)
    }
    guard let hash = plan.pipelineHash, let key = resolver.key(i) else { return nil }
    return PlannedRun(pipelineHash: hash, profile: plan.profile, stage: s, inputKeys: inputKeys, key: key)
  }

  /// Cached stages are settled without taking a job slot.
  private func resolverSaysCached(_ i: Int, _ forced: Set<Int>) -> Bool {
    guard !forced.contains(i), let key = resolver.key(i), case .valid = store.entry(key) else { return false }
    return true
  }
}

/// Completed stages handed from worker threads to the scheduler loop.
private final class Mailbox: @unchecked Sendable {
  private let condition = NSCondition()
  private var items: [(Int, StageOutcome, Double)] = []

  func post(_ item: (Int, StageOutcome, Double)) {
    condition.lock()
    items.append(item)
    condition.signal()
    condition.unlock()
  }

  /// Waits for at least one item and returns all that are there.
  func take() -> [(Int, StageOutcome, Double)] {
    condition.lock()
    defer { condition.unlock() }
    while items.isEmpty { condition.wait() }
    let out = items
    items.removeAll()
    return out
  }
}
