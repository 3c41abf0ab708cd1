import Foundation

/// How stages to submit become Slurm jobs: a long stage (training) is one job; short stages
/// (`PlannedStage.isShort`: analyses, figures, claims) that become ready together share one job
/// that runs them one after another.
///
/// "Ready together" means waiting for the same long stages: a short stage's ready set is the set
/// of long stages being submitted that it waits for, directly or through other short stages. Short
/// stages with the same ready set start at the same moment, so running them in one job delays
/// none of them. A short stage waiting on another short stage of the same set runs after it in
/// the job (plan order); one whose ready set is larger waits for the smaller set's job. A group
/// only waits for groups with a strictly smaller ready set, and long stages, so the jobs form no
/// cycle.
enum SlurmBundles {
  /// The jobs for `stages` (plan indices, all being submitted), each a list of stages in plan
  /// order, listed so that every job comes after the jobs it waits for.
  static func units(_ plan: Plan, _ stages: [Int]) -> [[Int]] {
    let submitting = Set(stages)
    let ordered = stages.sorted()
    // Ready sets of short stages, in plan order (inputs come first).
    var readySet: [Int: Set<Int>] = [:]
    var groupOf: [Set<Int>: Int] = [:]
    var units: [[Int]] = []
    var unitOf: [Int: Int] = [:]
    for i in ordered {
      let s = plan.stages[i]
      guard s.isShort else {
        unitOf[i] = units.count
        units.append([i])
        continue
      }
      var set = Set<Int>()
      for d in s.inputs {
        let j = plan.index[d.stage]!
        guard submitting.contains(j) else { continue }
        if let r = readySet[j] { set.formUnion(r) } else { set.insert(j) }
      }
      readySet[i] = set
      if let u = groupOf[set] {
        units[u].append(i)
        unitOf[i] = u
      } else {
        groupOf[set] = units.count
        unitOf[i] = units.count
        units.append([i])
      }
    }
    // Order the units so that each comes after those it waits for (Kahn's algorithm; ties in
    // the order of their first stage).
    var waitsFor = [Set<Int>](repeating: [], count: units.count)
    var feeds = [[Int]](repeating: [], count: units.count)
    for (u, members) in units.enumerated() {
      for i in members {
        for d in plan.stages[i].inputs {
          guard let v = unitOf[plan.index[d.stage]!], v != u, !waitsFor[u].contains(v) else { continue }
          waitsFor[u].insert(v)
          feeds[v].append(u)
        }
      }
    }
    var remaining = waitsFor.map(\.count)
    var ready = units.indices.filter { remaining[$0] == 0 }
    var out: [[Int]] = []
    while !ready.isEmpty {
      let u = ready.removeFirst()
      out.append(units[u])
      for v in feeds[u] {
        remaining[v] -= 1
        if remaining[v] == 0 { ready.append(v) }
      }
    }
    precondition(out.count == units.count, "the jobs of a plan wait for each other in a cycle")
    return out
  }

  /// What a job running `requests` one after another asks for: the most of each.
  static func resources(_ requests: [Resources]) -> Resources {
    var r = requests[0]
    for q in requests.dropFirst() {
      r.cpus = max(r.cpus, q.cpus)
      if megabytes(q.memory) > megabytes(r.memory) { r.memory = q.memory }
      if (q.timeLimit ?? 0) > (r.timeLimit ?? 0) { r.time = q.time }
    }
    return r
  }

  /// A Slurm memory size (`500`, `2000M`, `4G`, `1T`; megabytes without a unit) in megabytes.
  static func megabytes(_ memory: String) -> Double {
    let units: [Character: Double] = ["K": 1.0 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024]
    guard let last = memory.uppercased().last else { return 0 }
    if let unit = units[last] { return (Double(memory.dropLast()) ?? 0) * unit }
    return Double(memory) ?? 0
  }
}
