import Foundation
import Networks

/// A naive per-element Double-precision forward pass of docs/method.md §1.1 (both forms, any φ), written
/// independently of the engine's buffers, for finite-difference gradient checks.
struct ReferenceRNN {
  var config: LeakyRNNConfig
  var heads: Int
  /// Continuous time (docs/method.md §1.1): each digit held for k steps, τ̃ = max(τ·k, 1). 1: discrete.
  var stepsPerDigit = 1

  func phi(_ x: Double) -> Double {
    switch config.nonlinearity {
    case .leakyReLU: x > 0 ? x : 0.01 * x
    case .relu: x > 0 ? x : 0
    case .tanh: Foundation.tanh(x)
    case .sigmoid: 1 / (1 + Foundation.exp(-x))
    }
  }

  /// Σ over `activeHeads` of mean-over-batch cross-entropy. inputs T×B, h0 B×H, labels Ka×B.
  func loss(_ p: [Double], inputs: [Float], T: Int, B: Int, h0: [Float], labels: [Int32], activeHeads: Range<Int>)
    -> Double
  {
    let H = config.hidden, L = ParameterLayout(hidden: H, heads: heads)
    var total = 0.0
    for b in 0..<B {
      var h = (0..<H).map { Double(h0[b * H + $0]) }
      let k = stepsPerDigit
      for t in 0..<(k * T) {
        let s = Double(inputs[(t / k) * B + b])
        var next = [Double](repeating: 0, count: H)
        for i in 0..<H {
          let tc = max(p[L.tau.lowerBound + i] * Double(k), 1)
          var pre = p[L.wIn.lowerBound + i] * s + p[L.bIn.lowerBound + i] + p[L.bRec.lowerBound + i]
          for j in 0..<H { pre += p[L.wRec.lowerBound + i * H + j] * h[j] }
          switch config.form {
          case .default: next[i] = phi((1 - 1 / tc) * h[i] + pre / tc)
          case .mod: next[i] = (1 - 1 / tc) * h[i] + phi(pre) / tc
          }
        }
        h = next
      }
      for (j, k) in activeHeads.enumerated() {
        var y = [0.0, 0.0]
        for c in 0..<2 {
          y[c] = p[L.headB(k).lowerBound + c]
          for i in 0..<H { y[c] += p[L.headW(k).lowerBound + c * H + i] * h[i] }
        }
        let m = max(y[0], y[1])
        let lse = m + Foundation.log(Foundation.exp(y[0] - m) + Foundation.exp(y[1] - m))
        total += (lse - y[Int(labels[j * B + b])]) / Double(B)
      }
    }
    return total
  }
}
