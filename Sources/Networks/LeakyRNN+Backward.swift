import Numerics

// Backpropagation through time for the leaky RNN, written by hand (docs/method.md §1.1).
// Shapes: B batch, T time, H hidden, Ka active heads. a = 1/τ̃, decay = 1 − a.
//
// Default form, z_t = decay⊙h_{t−1} + a⊙P_t with P_t = W^R h_{t−1} + b^R + W^I s_t + b^I, h_t = φ(z_t):
//   dz_t      = dh_t ⊙ φ'(z_t)                          (φ' from the stored h_t)
//   g_t       = a ⊙ dz_t                                 (= ∂L/∂P_t, stacked T·B×H)
//   dh_{t−1}  = decay ⊙ dz_t + g_t·W^R                   ((B×H)·(H×H) → B×H, one GEMM per step)
//   ∂L/∂τ̃_i  = −a_i² Σ_{t,b} dz_t (P_t − h_{t−1})        (zero where τ_i < 1: the clamp)
// Mod form, h_t = decay⊙h_{t−1} + a⊙φ(P_t):
//   g_t = a ⊙ dh_t ⊙ φ'(P_t);  dh_{t−1} = decay ⊙ dh_t + g_t·W^R;  ∂L/∂τ̃_i = −a_i² Σ dh_t (φ(P_t) − h_{t−1})
// Both: dW^R = Σ_t g_tᵀ h_{t−1} = Gᵀ·H_prev  ((T·B×H)ᵀ·(T·B×H) → H×H, ONE GEMM over all steps),
//       db^R = db^I = Gᵀ·1,  dW^I = Gᵀ·s  (two GEMVs over T·B rows).
// Continuous time (k steps per digit, τ̃ = max(τ·k, 1)): the same over the k·T steps with the repeated
//   inputs, and ∂L/∂τ_i = k·∂L/∂τ̃_i (zero where τ_i·k < 1).

extension LeakyRNN {
  /// Loss, per-head accuracy and the gradient of the loss with respect to every parameter.
  ///
  /// `gradients` (laid out as `layout`) is overwritten: inactive heads get 0, fixed τ gets 0.
  /// The W^R gradient is the raw one (its diagonal is generally nonzero, as PyTorch autograd
  /// reports it); the trainer masks it (see `Trainer`) so diag(W^R) stays 0.
  /// `stepsPerDigit` k > 1: the continuous-time network (each digit held for k steps, τ̃ = max(τ·k, 1),
  /// read out after the last step; see LeakyRNN+Forward.swift). k = 1 is the discrete network.
  /// - Shapes: `inputs` T×B, `initialState` B×H, `labels` Ka×B, `gradients` `layout.count`.
  /// - Allocates: only the small result; all buffers come from `workspace`.
  public func lossAndGradients(
    inputs: [Float], time T: Int, initialState: [Float], labels: [Int32],
    activeHeads: Range<Int>, workspace ws: Workspace, gradients: inout [Float],
    stepsPerDigit k: Int = 1
  ) -> StepResult {
    precondition(gradients.count == layout.count, "LeakyRNN: gradient buffer \(gradients.count) ≠ \(layout.count)")
    inputs.withUnsafeBufferPointer { x in
      initialState.withUnsafeBufferPointer { h0 in
        forward(inputs: x, time: T, initialState: h0, workspace: ws, stepsPerDigit: k)
      }
    }
    let result = labels.withUnsafeBufferPointer {
      readout(time: k * T, labels: $0, activeHeads: activeHeads, workspace: ws, computeDeltas: true)
    }
    inputs.withUnsafeBufferPointer { given in
      // The forward pass left the repeated digits (kT×B) in the workspace when k > 1.
      let x = k > 1 ? UnsafeBufferPointer(start: UnsafePointer(ws.repeated), count: k * T * ws.batch) : given
      gradients.withUnsafeMutableBufferPointer { g in
        backward(
          inputs: x, time: k * T, tauScale: Float(k), activeHeads: activeHeads, workspace: ws, gradients: g.baseAddress!
        )
      }
    }
    return result
  }

  /// `T` here counts steps (k·digits); `tauScale` = k = ∂τ̃/∂τ above the clamp.
  private func backward(
    inputs: UnsafeBufferPointer<Float>, time T: Int, tauScale kf: Float, activeHeads: Range<Int>,
    workspace ws: Workspace, gradients G: UnsafeMutablePointer<Float>
  ) {
    let B = ws.batch, H = hidden, BH = B * H, L = layout, Ka = activeHeads.count
    G.update(repeating: 0, count: L.count)
    parameters.withUnsafeBufferPointer { p in
      let P = p.baseAddress!
      let hT = ws.states + T * BH
      HeadReadout.backward(
        dlogits: ws.heads.dlogits, hT: hT, batch: B, hidden: H, heads: Ka,
        W: P + (Ka > 0 ? L.headW(activeHeads.lowerBound).lowerBound : 0),
        gW: G + (Ka > 0 ? L.headW(activeHeads.lowerBound).lowerBound : 0),
        gb: G + (Ka > 0 ? L.headB(activeHeads.lowerBound).lowerBound : 0), dh: ws.dh)
      switch config.nonlinearity {
      case .leakyReLU: timeLoop(LeakyReLUActivation.self, P, T, ws)
      case .relu: timeLoop(ReLUActivation.self, P, T, ws)
      case .tanh: timeLoop(TanhActivation.self, P, T, ws)
      case .sigmoid: timeLoop(SigmoidActivation.self, P, T, ws)
      }
      let TB = T * B
      // dW^R = Gᵀ·H_prev : (T·B×H)ᵀ·(T·B×H) → H×H  (states 0…T−1 are the h_{t−1})
      BLAS.sgemm(
        transA: true, m: H, n: H, k: TB, a: ws.deltas, lda: H, b: ws.states, ldb: H,
        c: G + L.wRec.lowerBound, ldc: H)
      // db^R = Gᵀ·1, db^I = db^R, dW^I = Gᵀ·s : (T·B×H)ᵀ·(T·B) → H
      BLAS.sgemv(transA: true, m: TB, n: H, a: ws.deltas, lda: H, x: ws.ones, y: G + L.bRec.lowerBound)
      (G + L.bIn.lowerBound).update(from: G + L.bRec.lowerBound, count: H)
      BLAS.sgemv(transA: true, m: TB, n: H, a: ws.deltas, lda: H, x: inputs.baseAddress!, y: G + L.wIn.lowerBound)
      if config.tau.isTrained {
        // Σ_{t,b} of the τ terms left in `drive` by the time loop : (T·B×H)ᵀ·1 → H
        BLAS.sgemv(transA: true, m: TB, n: H, a: ws.drive, lda: H, x: ws.ones, y: ws.acc)
        for i in 0..<H {
          let tau = P[L.tau.lowerBound + i]
          // ∂τ̃/∂τ = k above the clamp (×1 is exact: k = 1 gives the discrete gradient bit for bit)
          G[L.tau.lowerBound + i] = tau * kf >= 1 ? -ws.alpha[i] * ws.alpha[i] * ws.acc[i] * kf : 0
        }
      }
    }
  }

  /// Walks t = T … 1, filling `deltas` (g_t) and overwriting `drive` with the τ terms.
  private func timeLoop<A: Activation>(_: A.Type, _ P: UnsafePointer<Float>, _ T: Int, _ ws: Workspace) {
    let B = ws.batch, H = hidden, BH = B * H
    let wRec = P + layout.wRec.lowerBound
    let alpha = ws.alpha, decay = ws.decay
    let mod = config.form == .mod
    var dh = ws.dh, dhPrev = ws.dhPrev
    for t in stride(from: T, to: 0, by: -1) {
      let hCur = ws.states + t * BH, hPrev = ws.states + (t - 1) * BH
      let drv = ws.drive + (t - 1) * BH, g = ws.deltas + (t - 1) * BH
      // Row pointers (not `o + i` indices, whose overflow checks keep LLVM from vectorising).
      if mod {
        for b in 0..<B {
          let o = b * H
          let dhr = dh + o, yr = drv + o, hp = hPrev + o, gr = g + o, dp = dhPrev + o
          for i in 0..<H {
            let d = dhr[i], y = yr[i]
            gr[i] = alpha[i] * d * A.derivative(output: y)
            yr[i] = d * (y - hp[i])
            dp[i] = decay[i] * d
          }
        }
      } else {
        for b in 0..<B {
          let o = b * H
          let dhr = dh + o, hc = hCur + o, dr = drv + o, hp = hPrev + o, gr = g + o, dp = dhPrev + o
          for i in 0..<H {
            let dz = dhr[i] * A.derivative(output: hc[i])
            gr[i] = alpha[i] * dz
            dr[i] = dz * (dr[i] - hp[i])
            dp[i] = decay[i] * dz
          }
        }
      }
      if t > 1 {
        // dh_{t−1} += g_t·W^R : (B×H)·(H×H) → B×H
        BLAS.sgemm(m: B, n: H, k: H, a: g, lda: H, b: wRec, ldb: H, beta: 1, c: dhPrev, ldc: H)
      }
      swap(&dh, &dhPrev)
    }
  }
}
