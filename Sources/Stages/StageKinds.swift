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

  /// The product's kinds, plus the test-only ones (`TestStageKinds`) when `TIMESCALES_TEST_KINDS=1`.
  public static var registry: StageRegistry { StageRegistry(TestStageKinds.enabled ? all + TestStageKinds.all : all) }
}
