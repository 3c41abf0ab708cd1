import Artifacts
import Foundation
import Layouts
import Networks
import Numerics
import TestSupport
import Testing

/// Checks each tensor element-wise: relative error ≤ `tolerance` against `expected`, relative to
/// max(|expected|, 1e-3·max|expected of that tensor|). When `exact` is given (a Double-precision
/// gradient of one flat parameter index), an element that misses is re-judged against that exact
/// value: it passes if it is within `tolerance` of it and at least as close as the expected value
/// (the fixture is itself Float32 autograd and carries rounding error in cancelling sums, e.g. ∂L/∂τ).
/// On failure it reports the tensor, the worst error, where, and both values.
func compareTensors(
  _ ours: [Float], expected: [(name: String, range: Range<Int>, values: [Double])],
  tolerance: Double, exact: ((Int) -> Double)? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  for e in expected {
    let actual = ours[e.range].map(Double.init)
    let floor = max(1e-7, 1e-3 * (e.values.map(abs).max() ?? 0))
    var worst = (error: 0.0, index: -1, adjudicated: false)
    for j in actual.indices {
      var err = abs(actual[j] - e.values[j]) / max(abs(e.values[j]), floor)
      var adjudicated = false
      if err > tolerance, let exact {
        let truth = exact(e.range.lowerBound + j)
        let ourErr = abs(actual[j] - truth), theirErr = abs(e.values[j] - truth)
        if ourErr <= theirErr && ourErr / max(abs(truth), floor) <= tolerance {
          err = ourErr / max(abs(truth), floor); adjudicated = true
        }
      }
      if err > worst.error || err.isNaN { worst = (err, j, adjudicated) }
    }
    let i = worst.index
    #expect(
      worst.error <= tolerance,
      "\(e.name): max relative error \(worst.error) at index \(i) (ours \(i >= 0 ? actual[i] : .nan), expected \(i >= 0 ? e.values[i] : .nan))",
      sourceLocation: sourceLocation)
  }
}

@Suite struct GradientTests {
  /// Gradients of every parameter vs PyTorch autograd (numerics.h5, leaky_rnn/*).
  @Test(arguments: ["leaky_rnn/H8_B5_T6_K1", "leaky_rnn/H16_B7_T12_K3"])
  func matchesPyTorch(group: String) throws {
    let f = try Fixtures.numerics()
    func d(_ n: String) throws -> NDArray { try #require(f["/\(group)/\(n)"], "missing \(group)/\(n)") }
    let x = try d("x"), h0 = try d("h0"), labels = try d("labels"), hw = try d("heads_w")
    let T = x.shape[0], B = x.shape[1], H = h0.shape[1], K = hw.shape[0]
    let L = ParameterLayout(hidden: H, heads: K)
    var p = [Float](repeating: 0, count: L.count)
    p.replaceSubrange(L.tau, with: try d("tau").floats)
    p.replaceSubrange(L.wIn, with: try d("w_in").floats)
    p.replaceSubrange(L.bIn, with: try d("b_in").floats)
    p.replaceSubrange(L.wRec, with: try d("w_hh").floats)
    p.replaceSubrange(L.bRec, with: try d("b_hh").floats)
    p.replaceSubrange(L.headsW, with: hw.floats)
    p.replaceSubrange(L.headsB, with: try d("heads_b").floats)
    let net = LeakyRNN(config: LeakyRNNConfig(hidden: H), heads: K, parameters: p)
    let ws = Workspace(batch: B, maxTime: T, hidden: H, maxHeads: K)
    var g = [Float](repeating: 0, count: L.count)
    let r = net.lossAndGradients(
      inputs: x.floats, time: T, initialState: h0.floats, labels: labels.ints.map(Int32.init),
      activeHeads: 0..<K, workspace: ws, gradients: &g)
    let loss = try d("loss").doubles[0]
    #expect(abs(r.loss - loss) <= 1e-5 * abs(loss), "loss \(r.loss) vs \(loss)")
    let hFinal = try d("h_final").doubles
    let ours = (0..<B).flatMap { ws.state(time: T, batchIndex: $0) }.map(Double.init)
    #expect(maxRelativeError(ours, hFinal, floor: 1e-3).error <= 1e-5, "h_final differs")
    // The exact (Double, central-difference) gradient of one parameter, to adjudicate misses.
    let ref = ReferenceRNN(config: LeakyRNNConfig(hidden: H), heads: K)
    let pd = p.map(Double.init), lab = labels.ints.map(Int32.init), xs = x.floats, h0s = h0.floats
    let exact = { (i: Int) -> Double in
      var pp = pd, pm = pd
      pp[i] += 1e-6; pm[i] -= 1e-6
      return
        (ref.loss(pp, inputs: xs, T: T, B: B, h0: h0s, labels: lab, activeHeads: 0..<K)
        - ref.loss(pm, inputs: xs, T: T, B: B, h0: h0s, labels: lab, activeHeads: 0..<K)) / 2e-6
    }
    compareTensors(
      g,
      expected: [
        ("tau", L.tau, try d("grad_tau").doubles), ("w_in", L.wIn, try d("grad_w_in").doubles),
        ("b_in", L.bIn, try d("grad_b_in").doubles), ("w_rec", L.wRec, try d("grad_w_hh").doubles),
        ("b_rec", L.bRec, try d("grad_b_hh").doubles), ("heads_w", L.headsW, try d("grad_heads_w").doubles),
        ("heads_b", L.headsB, try d("grad_heads_b").doubles),
      ], tolerance: 1e-4, exact: exact)
    // Neuron 0 sits below the clamp (τ = 0.7): zero τ gradient.
    #expect(g[L.tau.lowerBound] == 0)
  }

  static let fdCases: [(RNNForm, Nonlinearity, TauMode)] = [
    (.default, .leakyReLU, .trained), (.default, .leakyReLU, .fixed(2)), (.mod, .tanh, .trained),
    (.mod, .sigmoid, .fixed(3)), (.mod, .leakyReLU, .trained), (.default, .tanh, .trained),
  ]

  /// Analytic gradients vs central finite differences of a Double-precision naive reference.
  @Test(arguments: 0..<6)
  func finiteDifferences(caseIndex: Int) {
    let (form, phi, tau) = Self.fdCases[caseIndex]
    let H = 5, B = 3, T = 4, K = 2
    let config = LeakyRNNConfig(hidden: H, form: form, nonlinearity: phi, tau: tau)
    var rng = RandomStream(seed: 100 + UInt64(caseIndex))
    var net = LeakyRNN(config: config, heads: K, rng: &rng)
    if tau.isTrained { net.parameters[0] = 0.8; net.parameters[1] = 1.6 }  // one neuron below the clamp
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : 0) }
    let h0 = rng.uniformArray(B * H, 0, 0.1)
    let labels: [Int32] = (0..<(K * B)).map { _ in rng.bernoulli(0.5) ? 1 : 0 }
    let ws = Workspace(batch: B, maxTime: T, hidden: H, maxHeads: K)
    var g = [Float](repeating: 0, count: net.layout.count)
    _ = net.lossAndGradients(
      inputs: inputs, time: T, initialState: h0, labels: labels, activeHeads: 0..<K, workspace: ws, gradients: &g)
    let ref = ReferenceRNN(config: config, heads: K)
    let p = net.parameters.map(Double.init)
    let eps = 1e-6
    var fd = [Double](repeating: 0, count: p.count)
    for i in p.indices {
      if net.layout.tau.contains(i) && !tau.isTrained { continue }
      var pp = p, pm = p
      pp[i] += eps; pm[i] -= eps
      fd[i] =
        (ref.loss(pp, inputs: inputs, T: T, B: B, h0: h0, labels: labels, activeHeads: 0..<K)
          - ref.loss(pm, inputs: inputs, T: T, B: B, h0: h0, labels: labels, activeHeads: 0..<K)) / (2 * eps)
    }
    let L = net.layout
    compareTensors(g, expected: L.named.map { ($0.name, $0.range, Array(fd[$0.range])) }, tolerance: 2e-3)
  }

  /// Only the active heads get gradients; the loss sums over them.
  @Test func inactiveHeadsGetNoGradient() {
    var rng = RandomStream(seed: 3)
    let net = LeakyRNN(config: LeakyRNNConfig(hidden: 4), heads: 3, rng: &rng)
    let ws = Workspace(batch: 2, maxTime: 3, hidden: 4, maxHeads: 3)
    var g = [Float](repeating: 1, count: net.layout.count)
    _ = net.lossAndGradients(
      inputs: [0, 1, 1, 0, 1, 1], time: 3, initialState: [Float](repeating: 0.05, count: 8),
      labels: [0, 1], activeHeads: 1..<2, workspace: ws, gradients: &g)
    #expect(g[net.layout.headW(0)].allSatisfy { $0 == 0 } && g[net.layout.headW(2)].allSatisfy { $0 == 0 })
    #expect(g[net.layout.headW(1)].contains { $0 != 0 })
  }
}
