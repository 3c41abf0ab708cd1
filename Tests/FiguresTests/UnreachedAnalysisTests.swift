import Artifacts
import Experiments
import Figures
import Foundation
import Layouts
import Networks
import Pipeline
import Stages
import Testing

/// A robustness stage given a level the network never reached writes a `/source`-only artifact that
/// the figure and the claims still group correctly (the perturbation target included).
@Suite struct UnreachedAnalysisTests {
  @Test func anUnreachedPerturbationKeepsItsTargetForFigureAndClaims() throws {
    let config = TrainingConfig(
      neurons: 4, batchSize: 8, stepsPerEpoch: 2, testBatches: 2, epochBudget: 2,
      task: .parity, curriculum: .single, seed: 5)
    var state = TrainingState.fresh(config)
    state.level = 4
    state.levelReached = false
    let checkpoint = Checkpoint.artifact(state, config: config)
    let dir = FileManager.default.temporaryDirectory
    let context = StageContext(
      stageName: "perturbation/tau/x", profile: "test", projectRoot: dir, scratchDirectory: dir,
      threads: 1, progress: { _ in })
    var p = PerturbationStage.Params()
    p.target = .tau
    let a = try PerturbationStage.run(
      p, inputs: StageInputs([.init(role: "network", stage: "train/x/N4", artifact: checkpoint)]),
      context: context)
    #expect(a.allDatasets.isEmpty && a.attribute("level_reached", at: "/source")?.intValue == 0)
    #expect(a.attribute("target", at: "/source")?.stringValue == "tau")
    let input = FigureInput(stage: "perturbation/tau/x", role: "perturbation", artifact: a)
    _ = try Perturbation.builder.build([input])
    let c6 = try #require(try PaperClaims.evaluate([input], profile: "test").report.rows.first { $0.id == "C6" })
    #expect(c6.verdict == .notEnoughData)
  }
}
