import Foundation
import Numerics

/// The K two-class readout heads on the last hidden state, shared by `LeakyRNN` and `GatedRNN`.
///
/// ```
/// logits = h_T·W_activeᵀ + b_active   ((B×H)·(2Ka×H)ᵀ → B×2Ka)
/// loss   = Σ_k mean_b CE(y_k, label_k);   ∂L/∂logits = (softmax − onehot)/B
/// ```
enum HeadReadout {
  /// Logits (left in `logits`), loss and correct counts; with `dlogits`, also ∂L/∂logits.
  ///
  /// - Shapes: `hT` B×H, `W` 2Ka×H, `bias` 2Ka, `labels` Ka×B, `logits`/`dlogits` B×2Ka.
  /// - Allocates: only the small result arrays (Ka values).
  static func forward(
    hT: UnsafePointer<Float>, batch B: Int, hidden H: Int, heads Ka: Int, W: UnsafePointer<Float>,
    bias: UnsafePointer<Float>, labels: UnsafeBufferPointer<Int32>, logits: UnsafeMutablePointer<Float>,
    dlogits: UnsafeMutablePointer<Float>?
  ) -> StepResult {
    var headLoss = [Double](repeating: 0, count: Ka)
    var correct = [Int](repeating: 0, count: Ka)
    guard Ka > 0 else { return StepResult(loss: 0, headLoss: [], correct: [], batch: B) }
    let n = 2 * Ka
    // logits = h_T·W_activeᵀ : (B×H)·(2Ka×H)ᵀ → B×2Ka
    BLAS.sgemm(transB: true, m: B, n: n, k: H, a: hT, lda: H, b: W, ldb: H, c: logits, ldc: n)
    let invB = 1 / Float(B)
    for b in 0..<B {
      for k in 0..<Ka {
        let y0 = logits[b * n + 2 * k] + bias[2 * k], y1 = logits[b * n + 2 * k + 1] + bias[2 * k + 1]
        logits[b * n + 2 * k] = y0; logits[b * n + 2 * k + 1] = y1
        let label = labels[k * B + b]
        let m = Double(max(y0, y1))
        let e0 = Foundation.exp(Double(y0) - m), e1 = Foundation.exp(Double(y1) - m)
        let lse = m + Foundation.log(e0 + e1)
        headLoss[k] += lse - Double(label == 0 ? y0 : y1)
        if (y1 > y0 ? 1 : 0) == label { correct[k] += 1 }
        if let dlogits {
          let p1 = Float(e1 / (e0 + e1)), p0 = Float(e0 / (e0 + e1))
          dlogits[b * n + 2 * k] = (p0 - (label == 0 ? 1 : 0)) * invB
          dlogits[b * n + 2 * k + 1] = (p1 - (label == 1 ? 1 : 0)) * invB
        }
      }
    }
    for k in 0..<Ka { headLoss[k] /= Double(B) }
    return StepResult(loss: headLoss.reduce(0, +), headLoss: headLoss, correct: correct, batch: B)
  }

  /// Gradients of the active heads (added to `gW`, `gb`, which must hold zeros) and dh_T (overwritten).
  ///
  /// - Shapes: `dlogits` B×2Ka, `hT` B×H, `W`/`gW` 2Ka×H, `gb` 2Ka, `dh` B×H.
  /// - Allocates: nothing.
  static func backward(
    dlogits: UnsafePointer<Float>, hT: UnsafePointer<Float>, batch B: Int, hidden H: Int, heads Ka: Int,
    W: UnsafePointer<Float>, gW: UnsafeMutablePointer<Float>, gb: UnsafeMutablePointer<Float>,
    dh: UnsafeMutablePointer<Float>
  ) {
    guard Ka > 0 else { dh.update(repeating: 0, count: B * H); return }
    let n = 2 * Ka
    // dW_active = dlogitsᵀ·h_T : (B×2Ka)ᵀ·(B×H) → 2Ka×H
    BLAS.sgemm(transA: true, m: n, n: H, k: B, a: dlogits, lda: n, b: hT, ldb: H, c: gW, ldc: H)
    // db_active = column sums of dlogits (B×2Ka), in batch order
    for b in 0..<B { for j in 0..<n { gb[j] += dlogits[b * n + j] } }
    // dh_T = dlogits·W_active : (B×2Ka)·(2Ka×H) → B×H
    BLAS.sgemm(m: B, n: H, k: n, a: dlogits, lda: n, b: W, ldb: H, c: dh, ldc: H)
  }
}
