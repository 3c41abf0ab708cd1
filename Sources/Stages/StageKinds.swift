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

  /// Kinds a program adds before it runs the command line (the tests' `timescales-test` adds
  /// test-only kinds); empty in `timescales`.
  nonisolated(unsafe) public static var additional: [AnyStageKind] = []

  /// The product's kinds and the `additional` ones.
  public static var registry: StageRegistry { StageRegistry(all + additional) }
}
