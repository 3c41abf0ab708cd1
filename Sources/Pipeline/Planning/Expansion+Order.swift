extension Expansion {
  /// Kahn's algorithm in file order; a cycle is reported as its path of stage names.
  mutating func topologicalOrder(_ stages: [PlannedStage]) -> [Int]? {
    var index: [String: Int] = [:]
    for (i, s) in stages.enumerated() { index[s.name] = i }
    var indegree = stages.map(\.inputs.count)
    var dependents = [[Int]](repeating: [], count: stages.count)
    for (i, s) in stages.enumerated() { for d in s.inputs { dependents[index[d.stage]!].append(i) } }
    var ready = stages.indices.filter { indegree[$0] == 0 }.reversed() as [Int]
    var order: [Int] = []
    order.reserveCapacity(stages.count)
    while let i = ready.popLast() {
      order.append(i)
      for j in dependents[i].reversed() {
        indegree[j] -= 1
        if indegree[j] == 0 { ready.append(j) }
      }
    }
    if order.count == stages.count { return order }
    // Walk back along unfinished inputs until a stage repeats: that loop is the cycle.
    var path: [Int] = []
    var i = stages.indices.first { indegree[$0] > 0 }!
    while !path.contains(i) {
      path.append(i)
      i = index[stages[i].inputs.first { indegree[index[$0.stage]!] > 0 }!.stage]!
    }
    let cycle = path[path.firstIndex(of: i)!...].reversed().map { stages[$0].name } + [stages[i].name]
    fail("stages.\(stages[i].template).needs", "dependency cycle: " + cycle.joined(separator: " → "))
    return nil
  }
}
