extension Project {
  /// The file of `stage`'s latest artifact under this profile, for reading it without this tool.
  ///
  /// - Throws: `UsageError` naming the closest stage for an unknown name, or saying how to make
  ///   a stage that has no artifact yet.
  public func artifactPath(of stage: String) throws -> String {
    guard plan[stage] != nil else {
      throw UsageError(
        "no stage \"\(stage)\" in profile \"\(plan.profile)\""
          + (didYouMean(stage, plan.stages.map(\.name)).map { "; \($0)" } ?? "; `timescales dag` lists them"))
    }
    guard let head = store.head(profile: plan.profile, stage: stage) else {
      throw UsageError(
        "stage \(stage) has no artifact yet in profile \"\(plan.profile)\"; run `timescales make \(stage) --profile \(plan.profile)`"
      )
    }
    return store.artifactPath(head.key)
  }
}
