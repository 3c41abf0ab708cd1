import Pipeline

/// What computing a profile's stages cost, from the cache records of their latest artifacts:
/// wall time, CPU time and peak memory per stage, summed per stage kind.
public struct StageCosts: Sendable {
  public struct Stage: Sendable {
    public var name: String
    public var kind: String
    public var wallSeconds: Double
    /// Nil for artifacts made before CPU time and memory were recorded.
    public var cpuSeconds: Double?
    public var peakMemoryBytes: Int?
  }

  public struct Kind: Sendable {
    public var kind: String
    public var stages: Int
    public var wallSeconds: Double
    public var cpuSeconds: Double
    /// Stages whose CPU time and memory are known.
    public var measured: Int
    public var peakMemoryBytes: Int
    public var slowestStage: String
  }

  /// Every stage with an artifact, slowest first.
  public var stages: [Stage]
  /// Stages of the plan with no artifact yet.
  public var missing: Int

  public init(project: Project) {
    var out: [Stage] = [], missing = 0
    for s in project.plan.stages {
      guard let head = project.store.head(profile: project.plan.profile, stage: s.name),
        let r = project.store.record(head.key)
      else {
        missing += 1
        continue
      }
      out.append(
        Stage(
          name: s.name, kind: s.kind, wallSeconds: r.finished - r.started, cpuSeconds: r.usage?.cpuSeconds,
          peakMemoryBytes: r.usage?.peakMemoryBytes))
    }
    stages = out.sorted { $0.wallSeconds > $1.wallSeconds }
    self.missing = missing
  }

  /// Per stage kind, the kind with the most wall time first.
  public var kinds: [Kind] {
    Dictionary(grouping: stages, by: \.kind).map { kind, list in
      Kind(
        kind: kind, stages: list.count, wallSeconds: list.map(\.wallSeconds).reduce(0, +),
        cpuSeconds: list.compactMap(\.cpuSeconds).reduce(0, +), measured: list.filter { $0.cpuSeconds != nil }.count,
        peakMemoryBytes: list.compactMap(\.peakMemoryBytes).max() ?? 0, slowestStage: list[0].name)
    }.sorted { $0.wallSeconds > $1.wallSeconds }
  }

  public var totalWallSeconds: Double { stages.map(\.wallSeconds).reduce(0, +) }
}
