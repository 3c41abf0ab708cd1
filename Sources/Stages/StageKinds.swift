import Pipeline

/// Every stage kind the product knows, in one list. Add a new kind here (`Described<K>` when its
/// layout is in `ArtifactLayouts`).
public enum StageKinds {
  public static let all: [AnyStageKind] = [
    AnyStageKind(SyntheticStage.self),
    AnyStageKind(Described<TrainStage>.self),
    AnyStageKind(Described<ImportStage>.self),
    AnyStageKind(Described<AblationStage>.self),
    AnyStageKind(Described<PerturbationStage>.self),
    AnyStageKind(Described<RetrainingStage>.self),
    AnyStageKind(Described<TauNetStage>.self),
    AnyStageKind(Described<ForgettingStage>.self),
    AnyStageKind(Described<ContinuousTimeTestStage>.self),
    AnyStageKind(Described<FigureStage>.self),
    AnyStageKind(Described<ClaimsStage>.self),
  ]

  /// Kinds a program adds before it runs the command line (the tests' `timescales-test` adds
  /// test-only kinds); empty in `timescales`.
  nonisolated(unsafe) public static var additional: [AnyStageKind] = []

  /// The product's kinds and the `additional` ones.
  public static var registry: StageRegistry { StageRegistry(all + additional) }
}
