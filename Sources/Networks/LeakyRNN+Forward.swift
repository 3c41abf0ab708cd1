import Foundation
import Numerics

// Forward pass of the leaky RNN over a batch (docs/method.md §1.1).
// Shapes: inputs T×B (s_t for sequence b at [t·B + b]); h0 B×H; states (kT+1)×B×H;
// labels Ka×B (active head k's labels at [k·B + b]); logits B×2Ka.
//
// Continuous time (docs/method.md §1.1, appendix): with `stepsPerDigit` k > 1 every digit is presented for k
// steps of Δt = 1/k and τ̃ = max(τ·k, 1), so the network runs k·T steps and is read out after the
// last one (labels unchanged). The digits are first repeated into `workspace.repeated` (kT×B), which
// the backward pass reads too. k = 1 is the discrete network, bit for bit (τ·1 = τ exactly).

/// Loss, per-head loss and per-head number of correct predictions of one batch.
public struct StepResult: Equatable, Sendable {
  /// Σ over active heads of mean-over-batch cross-entropy.
  public var loss: Double
  /// Mean cross-entropy per active head.
  public var headLoss: [Double]
  /// Correct argmax predictions per active head (ties → class 0, as `torch.max`).
  public var correct: [Int]
  /// The batch size.
  public var batch: Int
  /// Accuracy per active head, `correct / batch`.
  public var accuracy: [Double] { correct.map { Double($0) / Double(batch) } }
}

extension LeakyRNN {
  /// Runs the recurrence over a batch, leaving h_0 … h_T in `workspace.states`.
  ///
  /// Per step: `drive_t` = W^I s_t + b^I + b^R (precomputed for all t in one pass), then one GEMM
  /// `drive_t += h_{t−1}·W^Rᵀ` ((B×H)·(H×H) → B×H with (W^R)ᵀ copied once into the workspace),
  /// then one fused element-wise loop.
  /// With `stepsPerDigit` k (continuous time, see the file header) each digit is held for k steps,
  /// τ̃ = max(τ·k, 1), and the states run h_0 … h_{kT}.
  /// - Shapes: `inputs` T×B, `initialState` B×H, B = `workspace.batch`, k·T ≤ `workspace.maxTime`.
  /// - Allocates: nothing.
  public func forward(
    inputs: UnsafeBufferPointer<Float>, time T: Int, initialState: UnsafeBufferPointer<Float>,
    workspace ws: Workspace, stepsPerDigit k: Int = 1
  ) {
    let B = ws.batch, H = hidden
    precondition(k >= 1, "LeakyRNN.forward: stepsPerDigit \(k) < 1")
    precondition(
      ws.hidden == H && T >= 1 && k * T <= ws.maxTime,
      "LeakyRNN.forward: k·T = \(k)·\(T) steps (max \(ws.maxTime)), H \(H) vs workspace \(ws.hidden)")
    precondition(
      inputs.count == T * B && initialState.count == B * H,
      "LeakyRNN.forward: inputs \(inputs.count) ≠ T·B = \(T * B) or h0 \(initialState.count) ≠ B·H = \(B * H)")
    // The digits each held for k steps: kT×B (row t of the repeated inputs is digit row ⌊t/k⌋).
    let steps = k * T
    if k > 1 {
      for t in 0..<steps { (ws.repeated + t * B).update(from: inputs.baseAddress! + (t / k) * B, count: B) }
    }
    let x = k > 1 ? UnsafeBufferPointer(start: ws.repeated, count: steps * B) : inputs
    let kf = Float(k)
    parameters.withUnsafeBufferPointer { p in
      let P = p.baseAddress!, L = layout
      // τ̃ = max(τ·k, 1); alpha = 1/τ̃; decay = 1 − alpha; bias = b^I + b^R.
      for i in 0..<H {
        let tc = max(P[L.tau.lowerBound + i] * kf, 1)
        ws.alpha[i] = 1 / tc
        ws.decay[i] = 1 - 1 / tc
        ws.bias[i] = P[L.bIn.lowerBound + i] + P[L.bRec.lowerBound + i]
      }
      // Input projection for all steps: drive[t,b,i] = W^I_i s[t,b] + (b^I_i + b^R_i).
      let wIn = P + L.wIn.lowerBound
      for tb in 0..<(steps * B) {
        let s = x[tb], row = ws.drive + tb * H
        for i in 0..<H { row[i] = wIn[i] * s + ws.bias[i] }
      }
      // (W^R)ᵀ once per pass, so that the per-step GEMM is non-transposed: OpenBLAS 0.3.21 runs
      // (B×H)·(H×H) up to 35 % faster than (B×H)·(H×H)ᵀ at H = B = 64 (its small-matrix kernels).
      Kernels.transpose(P + L.wRec.lowerBound, rows: H, cols: H, into: ws.wRecT)
      ws.states.update(from: initialState.baseAddress!, count: B * H)
      switch config.nonlinearity {
      case .leakyReLU: recurrence(LeakyReLUActivation.self, P, steps, ws)
      case .relu: recurrence(ReLUActivation.self, P, steps, ws)
      case .tanh: recurrence(TanhActivation.self, P, steps, ws)
      case .sigmoid: recurrence(SigmoidActivation.self, P, steps, ws)
      }
    }
  }

  private func recurrence<A: Activation>(_: A.Type, _ P: UnsafePointer<Float>, _ T: Int, _ ws: Workspace) {
    let B = ws.batch, H = hidden, BH = B * H
    let wRecT = ws.wRecT
    let alpha = ws.alpha, decay = ws.decay
    let mod = config.form == .mod
    for t in 0..<T {
      let hPrev = ws.states + t * BH, hCur = ws.states + (t + 1) * BH, drv = ws.drive + t * BH
      // drive_t += h_{t−1}·W^Rᵀ : (B×H)·(H×H) → B×H, with (W^R)ᵀ stored
      BLAS.sgemm(m: B, n: H, k: H, a: hPrev, lda: H, b: wRecT, ldb: H, beta: 1, c: drv, ldc: H)
      // Row pointers (not `o + i` indices, whose overflow checks keep LLVM from vectorising).
      if mod {
        // drive_t ← φ(drive_t); h_t = decay⊙h_{t−1} + alpha⊙drive_t
        for b in 0..<B {
          let hc = hCur + b * H, hp = hPrev + b * H, d = drv + b * H
          for i in 0..<H {
            let y = A.f(d[i])
            d[i] = y
            hc[i] = decay[i] * hp[i] + alpha[i] * y
          }
        }
      } else {
        // h_t = φ(decay⊙h_{t−1} + alpha⊙drive_t)
        for b in 0..<B {
          let hc = hCur + b * H, hp = hPrev + b * H, d = drv + b * H
          for i in 0..<H { hc[i] = A.f(decay[i] * hp[i] + alpha[i] * d[i]) }
        }
      }
    }
  }

  /// Logits of the active heads on h_T and the loss/accuracy against `labels`; when
  /// `computeDeltas`, also writes ∂L/∂logits = (softmax − onehot)/B into `workspace.heads.dlogits`.
  ///
  /// - Shapes: h_T B×H (from `workspace.states`), W_active 2Ka×H, logits B×2Ka, labels Ka×B.
  /// - Allocates: only the small result arrays (Ka values).
  func readout(
    time T: Int, labels: UnsafeBufferPointer<Int32>, activeHeads: Range<Int>, workspace ws: Workspace,
    computeDeltas: Bool
  ) -> StepResult {
    ws.heads.readout(
      parameters: parameters, layout: layout, hT: ws.states + T * ws.batch * hidden, activeHeads: activeHeads,
      labels: labels, computeDeltas: computeDeltas)
  }

  /// Forward pass and loss/accuracy of the active heads, without gradients (test batches); read out
  /// after the last of the k·T steps (`stepsPerDigit` k: continuous time, see the file header).
  ///
  /// - Shapes: `inputs` T×B, `initialState` B×H, `labels` Ka×B (Ka = `activeHeads.count`).
  /// - Allocates: only the small result.
  public func evaluate(
    inputs: [Float], time T: Int, initialState: [Float], labels: [Int32], activeHeads: Range<Int>,
    workspace: Workspace, stepsPerDigit k: Int = 1
  ) -> StepResult {
    inputs.withUnsafeBufferPointer { x in
      initialState.withUnsafeBufferPointer { h0 in
        forward(inputs: x, time: T, initialState: h0, workspace: workspace, stepsPerDigit: k)
      }
    }
    return labels.withUnsafeBufferPointer {
      readout(time: k * T, labels: $0, activeHeads: activeHeads, workspace: workspace, computeDeltas: false)
    }
  }
}

extension LeakyRNN {
  /// Forward pass once, then correct-prediction counts for each listed head against its own label row
  /// (heads need not be contiguous; used for per-head test accuracy and forgetting analyses).
  ///
  /// `stepsPerDigit` k: continuous time (see the file header).
  /// - Shapes: `inputs` T×B, `initialState` B×H, `labels` (heads.count)×B.
  /// - Allocates: only the small result.
  public func correctCounts(
    inputs: [Float], time T: Int, initialState: [Float], labels: [Int32], heads: [Int],
    workspace: Workspace, stepsPerDigit: Int = 1
  ) -> [Int] {
    let B = workspace.batch
    precondition(
      labels.count == heads.count * B,
      "LeakyRNN.correctCounts: \(labels.count) labels for \(heads.count) heads × B=\(B)")
    inputs.withUnsafeBufferPointer { x in
      initialState.withUnsafeBufferPointer { h0 in
        forward(inputs: x, time: T, initialState: h0, workspace: workspace, stepsPerDigit: stepsPerDigit)
      }
    }
    return labels.withUnsafeBufferPointer { lab in
      heads.enumerated().map { j, k in
        readout(
          time: stepsPerDigit * T, labels: UnsafeBufferPointer(rebasing: lab[(j * B)..<((j + 1) * B)]),
          activeHeads: k..<(k + 1),
          workspace: workspace, computeDeltas: false
        ).correct[0]
      }
    }
  }
}
