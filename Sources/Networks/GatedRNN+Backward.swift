import Numerics

// Backpropagation through time for the GRU and LSTM, written by hand (docs/method.md §1.2).
//
// GRU, per step (dh = ∂L/∂h_t; r, z, n stored; hn = W_hn h_{t−1} + b_hn stored):
//   a_n = dh(1−z)(1−n²);  a_z = dh(h_{t−1}−n)z(1−z);  a_r = a_n·hn·r(1−r);  d_hn = a_n·r
//   input side   Gi_t = [a_r, a_z, a_n]      (→ W_ih, b_ih)
//   hidden side  Gh_t = [a_r, a_z, d_hn]     (→ W_hh, b_hh)
//   dh_{t−1} = dh⊙z + Gh_t·W_hh              ((B×3H)·(3H×H), one GEMM per step)
// LSTM, per step (i, f, g, o, c and tanh c stored; dc carried):
//   dc += dh·o(1−tanh²c);  A_t = [dc·g·i(1−i), dc·c_{t−1}·f(1−f), dc·i(1−g²), dh·tanh c·o(1−o)]
//   dc_{t−1} = dc⊙f;  dh_{t−1} = A_t·W_hh    (Gi = Gh = A)
// Both: dW_hh = Σ_t Gh_tᵀ h_{t−1} = Ghᵀ·H_prev  ((T·B×G·H)ᵀ·(T·B×H) → G·H×H, ONE GEMM over all steps);
//       db_hh = Ghᵀ·1, db_ih = Giᵀ·1, dW_ih = Giᵀ·x (GEMVs over T·B rows).

extension GatedRNN {
  /// Loss, per-head accuracy and the gradient of the loss with respect to every parameter
  /// (`gradients`, laid out as `layout`, is overwritten; inactive heads get 0).
  /// - Shapes: `inputs` T×B, `labels` Ka×B, `gradients` `layout.count`.
  /// - Allocates: only the small result; all buffers come from `workspace`.
  public func lossAndGradients(
    inputs: [Float], time T: Int, labels: [Int32], activeHeads: Range<Int>,
    workspace ws: GatedWorkspace, gradients: inout [Float]
  ) -> StepResult {
    precondition(gradients.count == layout.count, "GatedRNN: gradient buffer \(gradients.count) ≠ \(layout.count)")
    inputs.withUnsafeBufferPointer { forward(inputs: $0, time: T, workspace: ws) }
    let result = labels.withUnsafeBufferPointer {
      readout(time: T, labels: $0, activeHeads: activeHeads, workspace: ws, computeDeltas: true)
    }
    inputs.withUnsafeBufferPointer { x in
      gradients.withUnsafeMutableBufferPointer { g in
        backward(inputs: x, time: T, activeHeads: activeHeads, workspace: ws, gradients: g.baseAddress!)
      }
    }
    return result
  }

  private func backward(
    inputs: UnsafeBufferPointer<Float>, time T: Int, activeHeads: Range<Int>, workspace ws: GatedWorkspace,
    gradients G: UnsafeMutablePointer<Float>
  ) {
    let B = ws.batch, H = hidden, BH = B * H, GH = layout.gateWidth, L = layout, Ka = activeHeads.count
    // dW_hh is overwritten by its GEMM (β = 0); every other gradient is zeroed first.
    G.update(repeating: 0, count: L.wHh.lowerBound)
    (G + L.wHh.upperBound).update(repeating: 0, count: L.count - L.wHh.upperBound)
    parameters.withUnsafeBufferPointer { p in
      let P = p.baseAddress!
      let wHh = P + L.wHh.lowerBound
      HeadReadout.backward(
        dlogits: ws.heads.dlogits, hT: ws.states + T * BH, batch: B, hidden: H, heads: Ka,
        W: P + (Ka > 0 ? L.headW(activeHeads.lowerBound).lowerBound : 0),
        gW: G + (Ka > 0 ? L.headW(activeHeads.lowerBound).lowerBound : 0),
        gb: G + (Ka > 0 ? L.headB(activeHeads.lowerBound).lowerBound : 0), dh: ws.dh)
      var dh = ws.dh, dhPrev = ws.dhPrev, dc = ws.dc, dcPrev = ws.dcPrev
      if cell == .lstm { dc.update(repeating: 0, count: BH) }
      for t in stride(from: T, to: 0, by: -1) {
        let hPrev = ws.states + (t - 1) * BH, gt = ws.gates + (t - 1) * B * GH
        switch cell {
        case .gru:
          let dt = ws.deltas + (t - 1) * B * GH
          GatedStep.gruBackward(
            gates: gt, deltas: dt, hn: ws.hn + (t - 1) * BH, hPrev: hPrev, dh: dh, dhPrev: dhPrev,
            batch: B, hidden: H)
          // dh_{t−1} += Gh_t·W_hh : (B×3H)·(3H×H) → B×H
          if t > 1 { BLAS.sgemm(m: B, n: H, k: GH, a: dt, lda: GH, b: wHh, ldb: H, beta: 1, c: dhPrev, ldc: H) }
        case .lstm:
          // tanh c_t was stored in `hn` by the forward pass
          GatedStep.lstmBackward(
            gates: gt, cPrev: ws.cells + (t - 1) * BH, tanhC: ws.hn + (t - 1) * BH, dh: dh, dc: dc,
            dcPrev: dcPrev, batch: B, hidden: H)
          // dh_{t−1} = A_t·W_hh : (B×4H)·(4H×H) → B×H
          if t > 1 { BLAS.sgemm(m: B, n: H, k: GH, a: gt, lda: GH, b: wHh, ldb: H, c: dhPrev, ldc: H) }
          swap(&dc, &dcPrev)
        }
        swap(&dh, &dhPrev)
      }
      let TB = T * B
      let gh = cell == .gru ? ws.deltas : ws.gates
      // dW_hh = Ghᵀ·H_prev : (T·B×G·H)ᵀ·(T·B×H) → G·H×H  (states 0…T−1 are the h_{t−1})
      BLAS.sgemm(
        transA: true, m: GH, n: H, k: TB, a: gh, lda: GH, b: ws.states, ldb: H, c: G + L.wHh.lowerBound, ldc: H)
      // db_hh = Ghᵀ·1, db_ih = Giᵀ·1, dW_ih = Giᵀ·x : (T·B×G·H)ᵀ·(T·B) → G·H
      BLAS.sgemv(transA: true, m: TB, n: GH, a: gh, lda: GH, x: ws.ones, y: G + L.bHh.lowerBound)
      if cell == .lstm {
        (G + L.bIh.lowerBound).update(from: G + L.bHh.lowerBound, count: GH)  // Gi = Gh: the same sums
      } else {
        BLAS.sgemv(transA: true, m: TB, n: GH, a: ws.gates, lda: GH, x: ws.ones, y: G + L.bIh.lowerBound)
      }
      BLAS.sgemv(transA: true, m: TB, n: GH, a: ws.gates, lda: GH, x: inputs.baseAddress!, y: G + L.wIh.lowerBound)
    }
  }
}
