import Foundation

extension Project {
  /// The plan index of stage `name`, or an error that names the profile and a close match.
  func stageIndex(_ name: String) throws -> Int {
    guard let i = plan.index[name] else {
      throw UsageError(
        "no stage \"\(name)\" in profile \"\(plan.profile)\""
          + (didYouMean(name, plan.stages.map(\.name)).map { "; \($0)" } ?? ""))
    }
    return i
  }

  /// Records that the existing artifact of `stage` stands for its current key without
  /// recomputing it (a change the user declares cosmetic); with `downstream`, the stale stages
  /// below it too. Returns the accepted stages with their new records, in plan order.
  public func accept(_ stage: String, downstream: Bool) throws -> [(stage: String, record: CacheRecord)] {
    let i = try stageIndex(stage)
    let resolver = KeyResolver(plan: plan, store: store)
    if resolver.content(i) != nil { throw UsageError("stage \(stage) is up to date; there is nothing to accept") }
    var accepted: [(stage: String, record: CacheRecord)] = []
    let order = [i] + (downstream ? plan.descendants(of: [i]).sorted() : [])
    for j in order where resolver.content(j) == nil {
      let name = plan.stages[j].name
      guard let parts = resolver.parts(j) else {
        if j != i { continue }
        let waiting = plan.stages[j].inputs.filter { resolver.content(plan.index[$0.stage]!) == nil }.map(\.stage)
        throw UsageError(
          "stage \(name): its input \(waiting.joined(separator: ", ")) is not up to date\nhint: accept it first (`timescales accept \(waiting[0]) --downstream`) or make it"
        )
      }
      guard let head = store.head(profile: plan.profile, stage: name), head.key != parts.key else {
        if j != i { continue }
        throw UsageError("stage \(name) has no earlier artifact to accept\nhint: `timescales make \(name)` computes it")
      }
      let record = try store.accept(head.key, as: parts, stage: name, profile: plan.profile)
      resolver.set(j, key: record.key, contentHash: record.contentHash)
      accepted.append((name, record))
    }
    return accepted
  }
}

extension CacheRecord {
  /// The record beside a cache file (`<key>.json` next to `<key>.h5`), if the file is a cache entry.
  public static func beside(_ artifactFile: String) -> CacheRecord? {
    guard artifactFile.hasSuffix(".h5"),
      let data = FileManager.default.contents(atPath: String(artifactFile.dropLast(3)) + ".json"),
      let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self))
    else { return nil }
    return CacheRecord(json: json)
  }

  /// "accepted from key … on …" for an accepted entry.
  public var acceptanceNote: String? {
    accepted.map {
      "accepted (not recomputed) from key \($0.fromKey) on \(Project.dateText($0.at)); the provenance below is that key's"
    }
  }
}
