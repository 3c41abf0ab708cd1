import Numerics
import Pipeline

/// A random choice of stages for `verify --sample`.
enum StageSample {
  /// Draws `k` of `candidates` without replacement. With `favourCheap`, a stage's weight is the
  /// inverse of what recomputing it would cost here: its own estimated CPU time plus that of its
  /// inputs that are not cached.
  static func draw(_ k: Int, from candidates: Set<Int>, project: Project, favourCheap: Bool, seed: UInt64) -> Set<Int> {
    var pool = candidates.sorted()
    var weights: [Double] = pool.map { _ in 1 }
    if favourCheap {
      let resolver = KeyResolver(plan: project.plan, store: project.store)
      let seconds = CostModel.cpuSeconds(project.plan)
      weights = pool.map { i in
        let uncached = project.plan.withAncestors([i]).filter { $0 == i || resolver.content($0) == nil }
        return 1 / max(0.05, uncached.reduce(0) { $0 + seconds[$1] })
      }
    }
    var rng = RandomStream(seed: seed)
    var chosen = Set<Int>()
    while chosen.count < k, !pool.isEmpty {
      var r = rng.uniformDouble() * weights.reduce(0, +)
      var pick = pool.count - 1
      for (n, w) in weights.enumerated() {
        r -= w
        if r < 0 { pick = n; break }
      }
      chosen.insert(pool.remove(at: pick))
      weights.remove(at: pick)
    }
    return chosen
  }
}
