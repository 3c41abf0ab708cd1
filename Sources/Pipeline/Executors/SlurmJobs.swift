import Foundation

/// How stages to submit become Slurm jobs, so that a profile of a thousand stages is tens of
/// submissions rather than a thousand.
///
/// - **Job arrays.** Stages of one template at the same depth (the longest chain of stages being
///   submitted that leads to them) become one job array, one task per stage: the training of every
///   seed and curriculum at level N, or the τ_net analysis of every network at level N. A task
///   takes its number from the stage it mainly waits for (its *anchor*: one stage of one earlier
///   array for each task), so the array can wait with `aftercorr`: task i starts when task i of
///   the earlier array has succeeded, and a failure stops only its own chain. Stages that would map
///   two tasks onto one anchor task (the τ and W^R perturbations of one network) go into as many
///   arrays as needed.
/// - **Bundles.** A short stage (`PlannedStage.isShort`: analyses, figures, claims) left alone in
///   its template and depth shares one job with the other such stages that become ready together,
///   i.e. that wait for the same other stages (directly or through short stages of the bundle),
///   running them one after another in plan order.
/// - A long stage left alone is a job of its own.
///
/// Every stage is at a greater depth than its inputs, so arrays only wait for arrays formed before
/// them, and a bundle only for stages outside it or before it in the bundle: the jobs form no cycle.
enum SlurmJobs {
  /// One submission: stages run one after another in a job, or one stage per task of an array.
  struct Unit: Equatable {
    var stages: [Int]
    /// For an array, the task number of each stage (in the order of `stages`); nil for a job.
    var tasks: [Int]?
  }

  /// The largest task number Slurm accepts by default (`MaxArraySize` = 1001).
  static let maxTask = 1000

  /// The submissions for `stages` (plan indices, all being submitted), listed so that every unit
  /// comes after the units it waits for.
  static func units(_ plan: Plan, _ stages: [Int]) -> [Unit] {
    let submitting = Set(stages)
    let inPlanOrder = stages.sorted()
    let inputs = { (i: Int) in plan.stages[i].inputs.map { plan.index[$0.stage]! }.filter(submitting.contains) }

    var depth: [Int: Int] = [:]
    for i in inPlanOrder { depth[i] = 1 + (inputs(i).map { depth[$0]! }.max() ?? -1) }
    struct Group: Hashable {
      var template: String
      var depth: Int
    }
    var members: [Group: [Int]] = [:]
    for i in inPlanOrder { members[Group(template: plan.stages[i].template, depth: depth[i]!), default: []].append(i) }
    let groups = members.keys.sorted { ($0.depth, members[$0]![0]) < ($1.depth, members[$1]![0]) }

    var units: [Unit] = []
    var task: [Int: Int] = [:]  // stage in an array → its task number
    var arrayOf: [Int: Int] = [:]  // stage in an array → the array's unit
    var alone: [Int] = []
    for g in groups {
      let m = members[g]!
      for array in m.count == 1 ? [[(m[0], 0)]] : arrays(m, inputs: inputs, task: task, arrayOf: arrayOf) {
        guard array.count > 1 else {
          alone.append(array[0].0)
          continue
        }
        for (i, t) in array {
          task[i] = t
          arrayOf[i] = units.count
        }
        units.append(Unit(stages: array.map(\.0), tasks: array.map(\.1)))
      }
    }

    // Stages alone: a long one is a job; short ones are bundled by the stages they become ready after.
    var readySet: [Int: Set<Int>] = [:]
    var bundleOf: [Set<Int>: Int] = [:]
    for i in alone.sorted() {
      guard plan.stages[i].isShort else {
        units.append(Unit(stages: [i], tasks: nil))
        continue
      }
      var set = Set<Int>()
      for j in inputs(i) {
        if let r = readySet[j] { set.formUnion(r) } else { set.insert(j) }
      }
      readySet[i] = set
      if let u = bundleOf[set] {
        units[u].stages.append(i)
      } else {
        bundleOf[set] = units.count
        units.append(Unit(stages: [i], tasks: nil))
      }
    }
    return ordered(units, plan: plan)
  }

  /// The arrays of one template at one depth, each a list of (stage, task number). The anchor is
  /// the first earlier array (among the first member's inputs) in which every member has exactly
  /// one input; members sharing an anchor task go to different arrays. Without an anchor, tasks
  /// are numbered in plan order.
  static func arrays(_ members: [Int], inputs: (Int) -> [Int], task: [Int: Int], arrayOf: [Int: Int])
    -> [[(Int, Int)]]
  {
    for anchor in Set(inputs(members[0]).compactMap { arrayOf[$0] }).sorted() {
      let picks = members.map { m in inputs(m).filter { arrayOf[$0] == anchor } }
      guard picks.allSatisfy({ $0.count == 1 }) else { continue }
      var out: [[(Int, Int)]] = []
      var taken: [Int: Int] = [:]  // anchor task → members given it so far
      for (m, pick) in zip(members, picks) {
        let t = task[pick[0]]!
        let k = taken[t, default: 0]
        taken[t] = k + 1
        if k == out.count { out.append([]) }
        out[k].append((m, t))
      }
      return out
    }
    return stride(from: 0, to: members.count, by: maxTask + 1).map { start in
      members[start..<min(start + maxTask + 1, members.count)].enumerated().map { ($1, $0) }
    }
  }

  /// `units` reordered so that each comes after those it waits for (Kahn's algorithm; ties in the
  /// order of their first stage).
  static func ordered(_ units: [Unit], plan: Plan) -> [Unit] {
    var unitOf: [Int: Int] = [:]
    for (u, unit) in units.enumerated() { for i in unit.stages { unitOf[i] = u } }
    var waitsFor = [Set<Int>](repeating: [], count: units.count)
    var feeds = [[Int]](repeating: [], count: units.count)
    for (u, unit) in units.enumerated() {
      for i in unit.stages {
        for d in plan.stages[i].inputs {
          guard let v = unitOf[plan.index[d.stage]!], v != u, waitsFor[u].insert(v).inserted else { continue }
          feeds[v].append(u)
        }
      }
    }
    var remaining = waitsFor.map(\.count)
    var ready = units.indices.filter { remaining[$0] == 0 }.sorted { units[$0].stages[0] < units[$1].stages[0] }
    var out: [Unit] = []
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

  /// What a job running `requests` one after another (or an array whose tasks run them) asks for:
  /// the most of each.
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
