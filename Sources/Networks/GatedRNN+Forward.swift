import Numerics

// Forward pass of the GRU/LSTM over a batch (docs/method.md §1.2), zero initial state.
// Shapes: inputs T×B (x_t for sequence b at [t·B + b]); gate rows G·H (gate blocks in PyTorch order);
// labels Ka×B; logits B×2Ka.

extension GatedRNN {
  /// Runs the recurrence from h_0 = 0 (and c_0 = 0), leaving h_0 … h_T in `workspace.states`, the
  /// gate values in `workspace.gates` (and c_t and tanh c_t, or W_hn h + b_hn, for the backward pass).
  ///
  /// Per step: one GEMM for all gates ((B×H)·(H×G·H), (W_hh)ᵀ copied once per pass), then one fused
  /// element-wise pass over all gates, eight units at a time (`VectorMath`). The input side b_ih + x_t·W_ih
  /// is formed where it is used: the GRU adds it inside its pass (it needs W_hn h apart, so its GEMM writes
  /// `hg`); the LSTM writes (b_ih + b_hh) + x_t·W_ih into the step's `gates` rows just before its GEMM
  /// accumulates h_{t−1}·W_hhᵀ there (the same sums, in the same order, as one input GEMM for all steps).
  /// - Shapes: `inputs` T×B, B = `workspace.batch`, T ≤ `workspace.maxTime`.
  /// - Allocates: nothing.
  public func forward(inputs: UnsafeBufferPointer<Float>, time T: Int, workspace ws: GatedWorkspace) {
    let B = ws.batch, H = hidden, BH = B * H, GH = layout.gateWidth
    precondition(
      ws.cell == cell && ws.hidden == H && T >= 1 && T <= ws.maxTime,
      "GatedRNN.forward: \(cell) T \(T) (max \(ws.maxTime)), H \(H) vs workspace \(ws.cell) H \(ws.hidden)")
    precondition(inputs.count == T * B, "GatedRNN.forward: inputs \(inputs.count) ≠ T·B = \(T * B)")
    parameters.withUnsafeBufferPointer { p in
      let P = p.baseAddress!, L = layout
      let bIh = P + L.bIh.lowerBound, bHh = P + L.bHh.lowerBound, wIh = P + L.wIh.lowerBound
      let x = inputs.baseAddress!
      if cell == .lstm { for j in 0..<GH { ws.hg[j] = bIh[j] + bHh[j] } }
      Kernels.transpose(P + L.wHh.lowerBound, rows: GH, cols: H, into: ws.wHhT)
      ws.states.update(repeating: 0, count: BH)
      if cell == .lstm { ws.cells.update(repeating: 0, count: BH) }
      for t in 0..<T {
        let hPrev = ws.states + t * BH, hCur = ws.states + (t + 1) * BH, gt = ws.gates + t * B * GH
        switch cell {
        case .gru:
          // hg = h_{t−1}·W_hhᵀ : (B×H)·(H×G·H) → B×G·H
          BLAS.sgemm(m: B, n: GH, k: H, a: hPrev, lda: H, b: ws.wHhT, ldb: GH, c: ws.hg, ldc: GH)
          GatedStep.gruForward(
            inputs: x + t * B, weightIh: wIh, biasIh: bIh, recurrent: ws.hg, biasHh: bHh, hPrev: hPrev, h: hCur,
            gates: gt, hn: ws.hn + t * BH, batch: B, hidden: H)
        case .lstm:
          // gates = (b_ih + b_hh) + x_t·W_ihᵀ : (B×1)·(1×G·H) → B×G·H
          GatedStep.inputSide(inputs: x + t * B, weightIh: wIh, bias: ws.hg, gates: gt, batch: B, width: GH)
          // gates += h_{t−1}·W_hhᵀ : (B×H)·(H×G·H) → B×G·H
          BLAS.sgemm(m: B, n: GH, k: H, a: hPrev, lda: H, b: ws.wHhT, ldb: GH, beta: 1, c: gt, ldc: GH)
          GatedStep.lstmForward(
            gates: gt, cPrev: ws.cells + t * BH, c: ws.cells + (t + 1) * BH,
            tanhC: ws.hn + t * BH, h: hCur, batch: B, hidden: H)
        }
      }
    }
  }

  /// Logits of the active heads on h_T, loss and accuracy; with `computeDeltas`, ∂L/∂logits too.
  func readout(
    time T: Int, labels: UnsafeBufferPointer<Int32>, activeHeads: Range<Int>, workspace ws: GatedWorkspace,
    computeDeltas: Bool
  ) -> StepResult {
    ws.heads.readout(
      parameters: parameters, layout: layout, hT: ws.states + T * ws.batch * hidden, activeHeads: activeHeads,
      labels: labels, computeDeltas: computeDeltas)
  }

  /// Forward pass and loss/accuracy of the active heads, without gradients (test batches).
  /// - Shapes: `inputs` T×B, `labels` Ka×B. Allocates: only the small result.
  public func evaluate(
    inputs: [Float], time T: Int, labels: [Int32], activeHeads: Range<Int>,
    workspace: GatedWorkspace
  ) -> StepResult {
    inputs.withUnsafeBufferPointer { forward(inputs: $0, time: T, workspace: workspace) }
    return labels.withUnsafeBufferPointer {
      readout(time: T, labels: $0, activeHeads: activeHeads, workspace: workspace, computeDeltas: false)
    }
  }

  /// Correct-prediction counts for each listed head against its own label row (one forward pass).
  /// - Shapes: `inputs` T×B, `labels` (heads.count)×B.
  public func correctCounts(inputs: [Float], time T: Int, labels: [Int32], heads: [Int], workspace: GatedWorkspace)
    -> [Int]
  {
    let B = workspace.batch
    precondition(
      labels.count == heads.count * B,
      "GatedRNN.correctCounts: \(labels.count) labels for \(heads.count) heads × B=\(B)")
    inputs.withUnsafeBufferPointer { forward(inputs: $0, time: T, workspace: workspace) }
    return labels.withUnsafeBufferPointer { lab in
      heads.enumerated().map { j, k in
        readout(
          time: T, labels: UnsafeBufferPointer(rebasing: lab[(j * B)..<((j + 1) * B)]), activeHeads: k..<(k + 1),
          workspace: workspace, computeDeltas: false
        ).correct[0]
      }
    }
  }
}

extension GatedRNN {
  /// The active heads' logits (B×2Ka, head k's two classes at columns 2k, 2k+1) after a forward pass.
  /// Allocates the result.
  public func evaluateLogits(inputs: [Float], time T: Int, activeHeads: Range<Int>, workspace ws: GatedWorkspace)
    -> [Float]
  {
    let labels = [Int32](repeating: 0, count: activeHeads.count * ws.batch)
    _ = evaluate(inputs: inputs, time: T, labels: labels, activeHeads: activeHeads, workspace: ws)
    return Array(UnsafeBufferPointer(start: ws.heads.logits, count: ws.batch * 2 * activeHeads.count))
  }
}
