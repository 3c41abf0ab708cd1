import Networks
import Numerics

/// Changes made to a trained network for the robustness analyses of docs/method.md §6 (ablation, perturbation).
public enum NetworkSurgery {
  /// Neuron indices ordered by raw τ, fastest (smallest τ) first; ties by index.
  public static func neuronsByTau(_ network: LeakyRNN) -> [Int] {
    let tau = Array(network.parameters[network.layout.tau])
    return tau.indices.sorted { tau[$0] != tau[$1] ? tau[$0] < tau[$1] : $0 < $1 }
  }

  /// Removes neuron `i`: zeroes its row and column of W^R, its input weight and its weight in every
  /// readout head (the reference zeroes only head 0; docs/method.md §6 fixes that).
  public static func ablating(_ network: LeakyRNN, neuron i: Int) -> LeakyRNN {
    var net = network
    let L = net.layout, H = net.hidden
    precondition(i >= 0 && i < H, "neuron \(i) out of 0..<\(H)")
    for j in 0..<H {
      net.parameters[L.wRec.lowerBound + i * H + j] = 0
      net.parameters[L.wRec.lowerBound + j * H + i] = 0
    }
    net.parameters[L.wIn.lowerBound + i] = 0
    for k in 0..<L.heads {
      net.parameters[L.headW(k).lowerBound + i] = 0
      net.parameters[L.headW(k).lowerBound + H + i] = 0
    }
    return net
  }

  /// W^R ← W^R + ε·‖W^R‖_F/‖D‖_F·D with D ~ N(0,1) drawn from `rng` row by row, diag(D) = 0.
  public static func perturbingRecurrent(_ network: LeakyRNN, epsilon: Double, rng: inout RandomStream) -> LeakyRNN {
    var net = network
    let L = net.layout, H = net.hidden
    var d = [Float](repeating: 0, count: H * H)
    for r in 0..<H { for c in 0..<H { let x = rng.normal(); if r != c { d[r * H + c] = x } } }
    let w = Array(net.parameters[L.wRec])
    let scale = epsilon * norm(w) / max(norm(d), .leastNormalMagnitude)
    for e in 0..<(H * H) { net.parameters[L.wRec.lowerBound + e] = w[e] + Float(scale * Double(d[e])) }
    return net
  }

  /// τ ← τ + ε·‖τ‖₂/‖D‖₂·|D| with D ~ N(0,1) drawn from `rng` (raw τ; the forward pass clamps at 1).
  public static func perturbingTau(_ network: LeakyRNN, epsilon: Double, rng: inout RandomStream) -> LeakyRNN {
    var net = network
    let L = net.layout
    let d = (0..<net.hidden).map { _ in abs(rng.normal()) }
    let tau = Array(net.parameters[L.tau])
    let scale = epsilon * norm(tau) / max(norm(d), .leastNormalMagnitude)
    for i in tau.indices { net.parameters[L.tau.lowerBound + i] = tau[i] + Float(scale * Double(d[i])) }
    return net
  }

  /// Euclidean (Frobenius) norm, accumulated in Double.
  static func norm(_ x: [Float]) -> Double { x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
}
