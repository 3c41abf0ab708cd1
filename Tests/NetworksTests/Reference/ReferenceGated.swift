import Foundation
import Layouts
import Networks

/// A naive per-element Double-precision GRU/LSTM forward pass (PyTorch's equations, zero initial
/// state), written independently of the engine's buffers, for finite-difference gradient checks.
struct ReferenceGated {
  var cell: GatedCell
  var hidden: Int
  var heads: Int

  func sig(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

  /// Σ over `activeHeads` of mean-over-batch cross-entropy. inputs T×B, labels Ka×B.
  func loss(_ p: [Double], inputs: [Float], T: Int, B: Int, labels: [Int32], activeHeads: Range<Int>) -> Double {
    let H = hidden, L = GatedLayout(cell: cell, hidden: H, heads: heads), G = cell.gates
    func pre(_ row: Int, _ x: Double, _ h: [Double]) -> (Double, Double) {  // (input side, hidden side)
      var hs = p[L.bHh.lowerBound + row]
      for j in 0..<H { hs += p[L.wHh.lowerBound + row * H + j] * h[j] }
      return (p[L.wIh.lowerBound + row] * x + p[L.bIh.lowerBound + row], hs)
    }
    var total = 0.0
    for b in 0..<B {
      var h = [Double](repeating: 0, count: H), c = [Double](repeating: 0, count: H)
      for t in 0..<T {
        let x = Double(inputs[t * B + b])
        var hn = [Double](repeating: 0, count: H), cn = [Double](repeating: 0, count: H)
        for i in 0..<H {
          let a = (0..<G).map { pre($0 * H + i, x, h) }
          if cell == .gru {
            let r = sig(a[0].0 + a[0].1), z = sig(a[1].0 + a[1].1)
            let n = Foundation.tanh(a[2].0 + r * a[2].1)
            hn[i] = (1 - z) * n + z * h[i]
          } else {
            let ig = sig(a[0].0 + a[0].1), f = sig(a[1].0 + a[1].1)
            let g = Foundation.tanh(a[2].0 + a[2].1), o = sig(a[3].0 + a[3].1)
            cn[i] = f * c[i] + ig * g
            hn[i] = o * Foundation.tanh(cn[i])
          }
        }
        h = hn; c = cn
      }
      for (j, k) in activeHeads.enumerated() {
        var y = [0.0, 0.0]
        for cl in 0..<2 {
          y[cl] = p[L.headB(k).lowerBound + cl]
          for i in 0..<H { y[cl] += p[L.headW(k).lowerBound + cl * H + i] * h[i] }
        }
        let m = max(y[0], y[1])
        let lse = m + Foundation.log(Foundation.exp(y[0] - m) + Foundation.exp(y[1] - m))
        total += (lse - y[Int(labels[j * B + b])]) / Double(B)
      }
    }
    return total
  }
}
