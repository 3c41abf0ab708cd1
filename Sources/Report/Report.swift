import Artifacts
import Figures
import Foundation
import Pipeline
import Stages

/// Everything the report page shows for one profile, read from the cache (nothing is computed):
/// the claims, every figure with its provenance, what the stages cost, the machine.
public struct Report: Sendable {
  public struct Figure: Sendable {
    public var stage: String
    public var name: String
    /// What the figure shows (its builder's summary).
    public var caption: String
    /// The PNG, with its provenance written in; nil when the figure has not been made.
    public var png: [UInt8]?
    public var key: String?
    public var codeVersion: Int
    /// `provenance.finished` of its artifact (ISO 8601, UTC).
    public var made: String?
    public var projectCommit: String?
    public var tool: String?
    public var gnuplot: String?
    public var freshness: FigureFile.Freshness?
    public var inputs: [InputSummary]
  }

  public var profile: String
  /// The profile's values in pipeline.json (`extends` applied), as written.
  public var profileValues: [(name: String, value: String)]
  public var claims: ClaimsReport?
  /// Why there is no claims table, when there is none.
  public var claimsMissing: String?
  public var figures: [Figure]
  public var costs: StageCosts
  public var machine: [(label: String, value: String)]
  /// The project's git commit now (the report may be made after the figures).
  public var projectCommit: String?

  public init(project: Project, toolVersion: String) throws {
    let plan = project.plan
    profile = plan.profile
    profileValues = Self.profileValues(try Planner.read(root: project.root), profile: plan.profile)
    let claimsStage = plan.stages.first { $0.kind == ClaimsStage.name }
    if let c = claimsStage, let head = project.store.head(profile: plan.profile, stage: c.name) {
      claims = try ClaimsStage.report(try project.store.load(head.key, stage: c.name).0, profile: plan.profile)
    } else {
      claimsMissing =
        claimsStage.map {
          "the stage \($0.name) has not been made: run `timescales make \($0.name) --profile \(plan.profile)`"
        }
        ?? "pipeline.json has no stage of kind claims"
    }
    // In the order the figures are listed in (the paper's), not the plan's.
    let order = { (s: PlannedStage) in
      FigureBuilders.names.firstIndex(of: s.params["figure"]?.stringValue ?? "") ?? Int.max
    }
    figures = try plan.stages.filter { $0.kind == FigureStage.name }.sorted {
      (order($0), $0.name) < (order($1), $1.name)
    }
    .map { try Self.figure($0, project: project) }
    costs = StageCosts(project: project)
    machine = MachineDescription.entries(toolVersion: toolVersion)
    projectCommit = ToolVersion.commit(in: project.root.path, short: false)
  }

  static func figure(_ s: PlannedStage, project: Project) throws -> Figure {
    let name = s.params["figure"]?.stringValue ?? s.name
    let base = s.params["output"]?.stringValue ?? name
    var f = Figure(
      stage: s.name, name: base, caption: FigureBuilders[name]?.summary ?? "", png: nil, key: nil,
      codeVersion: s.codeVersion, made: nil, projectCommit: nil, tool: nil, gnuplot: nil, freshness: nil,
      inputs: InputSummary.of(s.inputs.map(\.stage), in: project))
    guard let head = project.store.head(profile: project.plan.profile, stage: s.name) else { return f }
    let a = try project.store.load(head.key, stage: s.name).0
    f.key = head.key
    f.made = a.attribute("provenance.finished")?.stringValue
    f.projectCommit = a.attribute("provenance.project_commit")?.stringValue
    f.tool = a.attribute("provenance.tool")?.stringValue
    f.gnuplot = a.attribute("gnuplot")?.stringValue
    if let png = a["/files/\(base).png"]?.bytes {
      f.png = try FigureProvenance(artifact: a, profile: project.plan.profile).embed(in: png, format: .png)
    }
    f.freshness = FigureFile.freshness(stage: s.name, cacheKey: head.key, in: project)
    return f
  }

  /// The values of `profile` in pipeline.json, with the profiles it extends filled in.
  static func profileValues(_ doc: JSONValue, profile: String) -> [(name: String, value: String)] {
    var chain: [[(String, JSONValue)]] = [], name: String? = profile
    while let n = name, chain.count < 20, let values = doc["profiles"]?[n]?.objectPairs {
      chain.insert(values, at: 0)
      name = values.first { $0.0 == "extends" }?.1.stringValue
    }
    var out: [String: String] = [:], order: [String] = []
    for values in chain {
      for (k, v) in values where k != "extends" {
        if out[k] == nil { order.append(k) }
        out[k] = v.stringValue ?? v.canonical
      }
    }
    return order.map { ($0, out[$0]!) }
  }
}
