import Artifacts
import Foundation
import Layouts
import Networks
import Numerics
import TestSupport
import Testing

@Suite struct GatedGradientTests {
  /// Outputs, logits, loss and the gradient of every parameter vs PyTorch autograd
  /// (numerics.h5, gru/* and lstm/*: torch.nn.GRU / torch.nn.LSTM, zero initial state).
  @Test(arguments: ["gru/H8_B4_T7_K2", "lstm/H8_B4_T7_K2"])
  func matchesPyTorch(group: String) throws {
    let cell: GatedCell = group.hasPrefix("gru") ? .gru : .lstm
    let f = try Fixtures.numerics()
    func d(_ n: String) throws -> NDArray { try #require(f["/\(group)/\(n)"], "missing \(group)/\(n)") }
    let x = try d("x"), labels = try d("labels"), hw = try d("heads_w"), out = try d("outputs")
    let B = x.shape[0], T = x.shape[1], H = out.shape[2], K = hw.shape[0]
    let L = GatedLayout(cell: cell, hidden: H, heads: K)
    var p = [Float](repeating: 0, count: L.count)
    p.replaceSubrange(L.wIh, with: try d("weight_ih_l0").floats)
    p.replaceSubrange(L.wHh, with: try d("weight_hh_l0").floats)
    p.replaceSubrange(L.bIh, with: try d("bias_ih_l0").floats)
    p.replaceSubrange(L.bHh, with: try d("bias_hh_l0").floats)
    p.replaceSubrange(L.headsW, with: hw.floats)
    p.replaceSubrange(L.headsB, with: try d("heads_b").floats)
    let net = GatedRNN(cell: cell, hidden: H, heads: K, parameters: p)
    // x is batch × time; the engine takes time × batch.
    let xb = x.floats
    let inputs = (0..<(T * B)).map { xb[($0 % B) * T + $0 / B] }
    let ws = GatedWorkspace(cell: cell, batch: B, maxTime: T, hidden: H, maxHeads: K)
    var g = [Float](repeating: 0, count: L.count)
    let lab = labels.ints.map(Int32.init)
    let r = net.lossAndGradients(inputs: inputs, time: T, labels: lab, activeHeads: 0..<K, workspace: ws, gradients: &g)
    let loss = try d("loss").doubles[0]
    #expect(abs(r.loss - loss) <= 1e-5 * abs(loss), "loss \(r.loss) vs \(loss)")
    // outputs: batch × time × H (h_1 … h_T); Float32 rounding gives ~1e-5 (LSTM), 1e-6 (GRU) relative
    // to max(|expected|, 1e-3).
    let ours = (0..<B).flatMap { b in (1...T).flatMap { ws.state(time: $0, batchIndex: b) } }.map(Double.init)
    let outErr = maxRelativeError(ours, out.doubles, floor: 1e-3)
    #expect(outErr.error <= 5e-5, "outputs differ: \(outErr)")
    // logits: K × B × 2 in the fixture, B × 2K in the workspace
    let refLogits = try d("logits").doubles
    let ourLogits = net.evaluateLogits(inputs: inputs, time: T, activeHeads: 0..<K, workspace: ws)
    let mapped = (0..<(K * B * 2)).map { i -> Double in
      let k = i / (B * 2), b = (i / 2) % B, c = i % 2
      return Double(ourLogits[b * 2 * K + 2 * k + c])
    }
    #expect(maxRelativeError(mapped, refLogits, floor: 1e-3).error <= 1e-5, "logits differ")
    let ref = ReferenceGated(cell: cell, hidden: H, heads: K)
    let pd = p.map(Double.init)
    let exact = { (i: Int) -> Double in
      var pp = pd, pm = pd
      pp[i] += 1e-6; pm[i] -= 1e-6
      return
        (ref.loss(pp, inputs: inputs, T: T, B: B, labels: lab, activeHeads: 0..<K)
        - ref.loss(pm, inputs: inputs, T: T, B: B, labels: lab, activeHeads: 0..<K)) / 2e-6
    }
    let expected = try L.named.map { ($0.name, $0.range, try d("grad_\($0.name)").doubles) }
    compareTensors(g, expected: expected, tolerance: 1e-4, exact: exact)
  }

  /// Analytic gradients vs central finite differences of a Double-precision naive reference, tiny networks
  /// (H = 11: one full group of eight units and a partial one in the vectorised gate passes).
  @Test(arguments: GatedCell.allCases, [4, 11])
  func finiteDifferences(cell: GatedCell, hidden H: Int) {
    let B = 3, T = 5, K = 2
    var rng = RandomStream(seed: 7)
    var net = GatedRNN(cell: cell, hidden: H, heads: K, rng: &rng)
    // Larger weights than the default init so every gate is away from its linear regime.
    for i in net.parameters.indices { net.parameters[i] *= 2 }
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : -1) }
    let labels: [Int32] = (0..<(K * B)).map { _ in rng.bernoulli(0.5) ? 1 : 0 }
    let ws = GatedWorkspace(cell: cell, batch: B, maxTime: T, hidden: H, maxHeads: K)
    var g = [Float](repeating: 0, count: net.layout.count)
    _ = net.lossAndGradients(inputs: inputs, time: T, labels: labels, activeHeads: 0..<K, workspace: ws, gradients: &g)
    let ref = ReferenceGated(cell: cell, hidden: H, heads: K)
    let p = net.parameters.map(Double.init)
    let eps = 1e-6
    var fd = [Double](repeating: 0, count: p.count)
    for i in p.indices {
      var pp = p, pm = p
      pp[i] += eps; pm[i] -= eps
      fd[i] =
        (ref.loss(pp, inputs: inputs, T: T, B: B, labels: labels, activeHeads: 0..<K)
          - ref.loss(pm, inputs: inputs, T: T, B: B, labels: labels, activeHeads: 0..<K)) / (2 * eps)
    }
    let L = net.layout
    compareTensors(g, expected: L.named.map { ($0.name, $0.range, Array(fd[$0.range])) }, tolerance: 5e-4)
  }

  /// Only the active head gets gradients; a shorter sequence in a larger workspace gives the same result.
  @Test(arguments: GatedCell.allCases)
  func inactiveHeadsAndShortSequences(cell: GatedCell) {
    var rng = RandomStream(seed: 3)
    let net = GatedRNN(cell: cell, hidden: 4, heads: 3, rng: &rng)
    let inputs: [Float] = [1, -1, -1, 1, 1, 1]
    var g = [Float](repeating: 1, count: net.layout.count)
    let big = GatedWorkspace(cell: cell, batch: 2, maxTime: 9, hidden: 4, maxHeads: 1)
    let r1 = net.lossAndGradients(
      inputs: inputs, time: 3, labels: [0, 1], activeHeads: 1..<2, workspace: big, gradients: &g)
    #expect(g[net.layout.headW(0)].allSatisfy { $0 == 0 } && g[net.layout.headW(2)].allSatisfy { $0 == 0 })
    #expect(g[net.layout.headW(1)].contains { $0 != 0 })
    var g2 = [Float](repeating: 0, count: net.layout.count)
    let exact = GatedWorkspace(cell: cell, batch: 2, maxTime: 3, hidden: 4)
    let r2 = net.lossAndGradients(
      inputs: inputs, time: 3, labels: [0, 1], activeHeads: 1..<2, workspace: exact, gradients: &g2)
    #expect(r1 == r2 && g == g2)
  }

  /// PyTorch's default init: every tensor within ±1/√H, G·H·(H+3) + K(2H+2) parameters.
  @Test func initialisation() {
    var rng = RandomStream(seed: 1)
    let net = GatedRNN(cell: .lstm, hidden: 16, heads: 2, rng: &rng)
    #expect(net.layout.count == 4 * 16 * 19 + 2 * 34)
    #expect(net.parameters.allSatisfy { abs($0) <= 0.25 } && net.parameters.contains { abs($0) > 0.2 })
  }
}
