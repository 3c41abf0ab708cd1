import Artifacts
import Figures
import Foundation
import TestSupport
import Testing

/// Each figure, drawn by the real gnuplot from hand-made train and analysis artifacts with plausible numbers.
/// Set TIMESCALES_FIGURE_DEMO=/some/folder to keep the drawings for a look.
@Suite struct FigureRenderTests {
  static func inputs(_ figure: String) -> [FigureInput] {
    switch figure {
    case "tau-vs-n":
      SyntheticRuns.curriculumNetworks.flatMap { SyntheticRuns.inputs($0) }
    case "ablation": SyntheticAnalyses.ablationInputs
    case "perturbation": SyntheticAnalyses.perturbationInputs
    case "retraining": SyntheticAnalyses.retrainingInputs
    case "tau-net-vs-n", "dimensionality": SyntheticAnalyses.tauNetInputs
    case "forgetting": SyntheticAnalyses.forgettingInputs
    case "nonlinearity-location": SyntheticAnalyses.nonlinearityInputs
    case "gru-lstm": SyntheticGatedRuns.inputs + SyntheticRuns.inputs(SyntheticRuns.curriculumNetworks[0])
    case "weight-statistics", "tau-distribution": SyntheticRuns.curriculumNetworks.flatMap { SyntheticRuns.inputs($0) }
    case "sliding-window": AppendixFigureTests.slidingInputs
    case "multi-objective":
      [AppendixFigureTests.objective(.parity, seed: 1), AppendixFigureTests.objective(.parity, seed: 2)]
        + SyntheticRuns.curriculumNetworks.flatMap { SyntheticRuns.inputs($0) }
    case "training-speed":
      (SyntheticRuns.curriculumNetworks + SyntheticRuns.noCurriculumNetworks).flatMap { SyntheticRuns.inputs($0) }
    default:
      (SyntheticRuns.curriculumNetworks + SyntheticRuns.fixedTauNetworks).flatMap {
        SyntheticRuns.inputs($0, everyLevel: false)
      }
    }
  }

  @Test(arguments: [
    "tau-vs-n", "training-speed", "max-n-fixed-tau", "ablation", "perturbation", "retraining",
    "tau-net-vs-n", "dimensionality", "forgetting", "gru-lstm", "nonlinearity-location",
    "weight-statistics", "tau-distribution", "sliding-window", "multi-objective",
  ])
  func drawsFromSyntheticRuns(_ figure: String) throws {
    let data = try FigureBuilders[figure]!.build(Self.inputs(figure))
    let work = try Fixtures.temporaryDirectory("render")
    let r = try FigureRenderer.render(
      figure: figure, output: figure, data: data, projectRoot: Fixtures.packageRoot, workDirectory: work)
    #expect(r.warnings.isEmpty, "gnuplot warned: \(r.warnings)")
    let byName = Dictionary(uniqueKeysWithValues: r.drawings.map { ($0.name, $0.bytes) })
    #expect(byName["\(figure).png"]?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
    #expect(byName["\(figure).pdf"]?.starts(with: Array("%PDF".utf8)) == true)
    #expect(byName["\(figure).svg"].map { String(decoding: $0, as: UTF8.self).contains("<svg") } == true)
    #expect(r.tables.count == data.tables.count && r.tables.allSatisfy { !$0.bytes.isEmpty })
    if let demo = ProcessInfo.processInfo.environment["TIMESCALES_FIGURE_DEMO"] {
      let folder = URL(fileURLWithPath: demo)
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for (name, bytes) in r.drawings + r.tables { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
    }
  }
}
