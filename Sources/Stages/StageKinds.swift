import Pipeline

/// Every stage kind the product knows, in one list. Add a new kind here.
public enum StageKinds {
  public static let all: [AnyStageKind] = [
    AnyStageKind(SyntheticStage.self),
    AnyStageKind(TrainStage.self),
    AnyStageKind(ImportStage.self),
    AnyStageKind(AblationStage.self),
    AnyStageKind(PerturbationStage.self),
    AnyStageKind(RetrainingStage.self),
    AnyStageKind(TauNetStage.self),
    AnyStageKind(ForgettingStage.self),
    AnyStageKind(ContinuousTimeTestStage.self),
    AnyStageKind(FigureStage.self),
    AnyStageKind(ClaimsStage.self),
  ]

  /// The product's kinds, plus the test-only ones (`TestStageKinds`) when `TIMESCALES_TEST_KINDS=1`.
  public static var registry: StageRegistry { StageRegistry(TestStageKinds.enabled ? all + TestStageKinds.all : all) }
}
