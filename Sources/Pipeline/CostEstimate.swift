import Foundation

/// The estimated cost of running a set of stages: CPU time from `CostModel`, wall time from
/// replaying the scheduler (a stage starts when its inputs are done and one of `jobs` slots is
/// free; more running stages than cores share the cores evenly).
public struct CostEstimate: Sendable {
  public var stages: Int
  public var cpuSeconds: Double
  public var wallSeconds: Double
  public var jobs: Int
  public var cores: Int
  /// Estimated CPU seconds of each stage, by plan index.
  public var perStage: [Int: Double]

  public init(_ plan: Plan, stages selection: Set<Int>, jobs: Int, cores: Int) {
    let cost = CostModel.cpuSeconds(plan)
    stages = selection.count
    cpuSeconds = selection.reduce(0) { $0 + cost[$1] }
    perStage = Dictionary(uniqueKeysWithValues: selection.map { ($0, cost[$0]) })
    self.jobs = jobs
    self.cores = cores
    wallSeconds = Self.replay(plan, selection, cost: cost, jobs: max(1, jobs), cores: max(1, cores))
  }

  static func replay(_ plan: Plan, _ selection: Set<Int>, cost: [Double], jobs: Int, cores: Int) -> Double {
    let dependents = plan.dependents
    var waiting = [Int: Int]()
    for i in selection { waiting[i] = plan.stages[i].inputs.filter { selection.contains(plan.index[$0.stage]!) }.count }
    var ready = plan.stages.indices.filter { waiting[$0] == 0 }
    var running: [(stage: Int, left: Double)] = []
    var clock = 0.0
    while !ready.isEmpty || !running.isEmpty {
      while running.count < jobs, !ready.isEmpty { let i = ready.removeFirst(); running.append((i, cost[i])) }
      let rate = min(1, Double(cores) / Double(running.count))
      let next = running.indices.min { running[$0].left < running[$1].left }!
      let dt = running[next].left / rate
      clock += dt
      for n in running.indices { running[n].left -= dt * rate }
      let done = running.filter { $0.left <= 1e-9 }.map(\.stage)
      running.removeAll { $0.left <= 1e-9 }
      for i in done {
        for j in dependents[i] where selection.contains(j) {
          waiting[j]! -= 1
          if waiting[j] == 0 { ready.append(j) }
        }
      }
    }
    return clock
  }

  public func json(_ plan: Plan) -> JSONValue {
    .object([
      ("stages", .int(Int64(stages))), ("cpuSeconds", .double(cpuSeconds)), ("wallSeconds", .double(wallSeconds)),
      ("jobs", .int(Int64(jobs))), ("cores", .int(Int64(cores))),
      ("perStage", .object(perStage.keys.sorted().map { (plan.stages[$0].name, .double(perStage[$0]!)) })),
    ])
  }

  /// "917 stages: 27 CPU-min, 14 min wall at --jobs 2 on 2 cores".
  public var summary: String {
    "\(stages) stages: \(Self.duration(cpuSeconds)) of CPU time, \(Self.duration(wallSeconds)) wall at --jobs \(jobs) on \(cores) cores"
  }

  public static func duration(_ s: Double) -> String {
    switch s {
    case ..<120: String(format: "%.0f s", s)
    case ..<7200: String(format: "%.0f min", s / 60)
    case ..<(3 * 86400): String(format: "%.1f h", s / 3600)
    default: String(format: "%.1f days", s / 86400)
    }
  }
}
