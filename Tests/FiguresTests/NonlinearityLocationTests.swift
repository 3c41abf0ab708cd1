import Artifacts
import Experiments
import Figures
import Foundation
import Layouts
import Networks
import Tasks
import TestSupport
import Testing

/// The `nonlinearity-location` builder on hand-made τ_net artifacts: grouping by the form in the
/// `/source` config (not by stage name), mean τ over all neurons, τ_net over neurons with τ_net > 1,
/// mean and std across networks by hand, gaps for levels not reached, the other task left out.
@Suite struct NonlinearityLocationTests {
  typealias Net = SyntheticRuns.Network

  func close(_ a: Double, _ b: Double, _ tol: Double = 1e-6) -> Bool { abs(a - b) <= tol }

  static func net(_ task: TaskKind, _ c: Curriculum, _ seed: UInt64, _ form: RNNForm) -> Net {
    Net(task: task, curriculum: c, seed: seed, lastLevel: 4, neurons: 4, form: form)
  }
  static func net(_ c: Curriculum, _ seed: UInt64, _ form: RNNForm) -> Net { net(.parity, c, seed, form) }

  /// Parity, level 3: single-head default seeds 1, 2 and mod seeds 1, 2 (same seeds: the form tells
  /// them apart); multi-head default seed 1 only; mod single seed 1 did not reach level 4; a DMS
  /// mod network (left out: parity is drawn). Stage names say nothing.
  static let inputs: [FigureInput] = {
    let S = SyntheticAnalyses.self
    let nan = Double.nan
    return [
      S.tauNet(net(.single, 1, .default), level: 3, tauNet: [0.5, nan, 2, 4], tau: [1, 2, 3, 4], stage: "x/1"),
      S.tauNet(net(.single, 2, .default), level: 3, tauNet: [3, 5, 1, 1], tau: [2, 2, 2, 2], stage: "x/2"),
      S.tauNet(net(.single, 1, .mod), level: 3, tauNet: [1.5, 2.5, 0.2, 0.3], tau: [5, 5, 5, 5], stage: "x/3"),
      S.tauNet(net(.single, 2, .mod), level: 3, tauNet: [0.5, 0.5, 0.5, 0.5], tau: [7, 7, 7, 7], stage: "x/4"),
      S.tauNet(net(.single, 1, .mod), level: 4, reached: false, tauNet: [], stage: "x/5"),
      S.tauNet(net(.multi, 1, .default), level: 3, tauNet: [2, 2, 2, 2], tau: [1.5, 1.5, 1.5, 1.5], stage: "x/6"),
      S.tauNet(net(.dms, .single, 1, .mod), level: 3, tauNet: [20, 20, 20, 20], tau: [30, 30, 30, 30], stage: "x/7"),
    ].reversed()
  }()

  @Test func groupsByFormAndAveragesNetworks() throws {
    let data = try FigureBuilders["nonlinearity-location"]!.build(Self.inputs)
    // Columns: n, then mean and sd across networks of: mean τ, std τ, mean τ_net, std τ_net; networks.
    // default single, N = 3: τ means 2.5 and 2 → 2.25 ± 0.25; τ stds √1.25 and 0 → √1.25/2 ± √1.25/2;
    // τ_net means (2+4)/2 = 3 and (3+5)/2 = 4 → 3.5 ± 0.5, their stds 1 and 1 → 1 ± 0.
    let ds = try row(try table(data, "default-single"), n: 3)
    #expect(close(number(ds[1]), 2.25) && close(number(ds[2]), 0.25))
    #expect(close(number(ds[3]), 1.25.squareRoot() / 2) && close(number(ds[4]), 1.25.squareRoot() / 2))
    #expect(close(number(ds[5]), 3.5) && close(number(ds[6]), 0.5))
    #expect(close(number(ds[7]), 1) && close(number(ds[8]), 0))
    #expect(number(ds[9]) == 2)
    // mod single, N = 3: τ 5 and 7 → 6 ± 1; τ_net: seed 1 → 2 (std 0.5), seed 2 has none > 1 → 2 ± 0.
    let ms = try row(try table(data, "mod-single"), n: 3)
    #expect(close(number(ms[1]), 6) && close(number(ms[2]), 1))
    #expect(close(number(ms[5]), 2) && close(number(ms[6]), 0) && close(number(ms[7]), 0.5))
    // N = 4: not reached, a gap.
    let ms4 = try row(try table(data, "mod-single"), n: 4)
    #expect(number(ms4[1]).isNaN && number(ms4[5]).isNaN && number(ms4[9]) == 0)
    let dm = try row(try table(data, "default-multi"), n: 3)
    #expect(close(number(dm[1]), 1.5) && close(number(dm[5]), 2) && close(number(dm[2]), 0))
    // No mod multi-head network: an empty table and nothing to draw.
    #expect(try table(data, "mod-multi").rows.isEmpty)
    #expect(variable(data, "has_mod_multi_tau") == .number(0))
    #expect(variable(data, "has_mod_single_tau_net") == .number(1))
    #expect(variable(data, "task_title") == .string("N-parity"))
    #expect(variable(data, "nmin") == .number(3) && variable(data, "nmax") == .number(4))
    // The DMS network is left out (its τ of 30 would dominate), and noted.
    #expect(try table(data, "networks").rows.count == 6)
    #expect(data.notes.contains { $0.contains("another task") })
    #expect(data.notes.contains { $0.contains("mod form") && $0.contains("level 4 not reached") })
    // Every panel spans its curves (τ: highest mean + std 7, a mean of 1.5 at N = 3) with room above, not from 0.
    if case .number(let top) = variable(data, "ymax_tau"), case .number(let low) = variable(data, "ymin_tau") {
      #expect(top > 7 && low >= 0 && low < 1.5, "\(low) … \(top)")
    } else {
      Issue.record("ymin_tau/ymax_tau")
    }
    if case .number(let low) = variable(data, "ymin_tau_net") {
      #expect(low > 1 && low < 2, "τ_net from \(low)")
    } else {
      Issue.record("ymin_tau_net")
    }
  }

  @Test func sameNetworkTwiceIsAnError() throws {
    let twice = [
      Self.inputs[0], SyntheticAnalyses.tauNet(Self.net(.dms, .single, 1, .mod), level: 3, tauNet: [1, 2], stage: "y"),
    ]
    #expect(throws: FigureError.self) { try FigureBuilders["nonlinearity-location"]!.build(twice) }
  }

  @Test func rendersWithoutWarnings() throws {
    let data = try FigureBuilders["nonlinearity-location"]!.build(Self.inputs)
    let r = try FigureRenderer.render(
      figure: "nonlinearity-location", output: "nonlinearity-location", data: data,
      projectRoot: Fixtures.packageRoot, workDirectory: try Fixtures.temporaryDirectory("nonlinearity-location"))
    #expect(r.warnings.isEmpty, "gnuplot warned: \(r.warnings)")
  }
}
