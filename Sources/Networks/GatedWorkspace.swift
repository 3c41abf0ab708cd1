import Layouts

/// Every buffer of a `GatedRNN` forward/backward pass, allocated once per (cell, B, T_max, H, K_max);
/// nothing is allocated inside the time loop. G = 3 (GRU) or 4 (LSTM); row-major Float32.
///
/// - `states`  (T_max+1)×B×H: h_0 = 0 … h_T;  `cells` (T_max+1)×B×H: c_0 = 0 … c_T (LSTM)
/// - `gates`   T_max×B×G·H: forward: per step the gate values (GRU r, z, n; LSTM i, f, g, o; the LSTM first
///   holds the step's pre-activations there); backward: ∂L/∂(input-side pre-activations)
/// - `hn`      T_max×B×H: GRU W_hn h_{t−1} + b_hn; LSTM tanh(c_t) (kept for the backward pass)
/// - `deltas`  T_max×B×G·H: GRU ∂L/∂(W_hh h_{t−1} + b_hh) (the LSTM uses `gates`, the same quantity)
/// - `hg` B×G·H: GRU W_hh h_{t−1} of one step; LSTM b_ih + b_hh (first row; the LSTM's GEMM adds W_hh h_{t−1}
///   into `gates` directly); `dh`, `dhPrev`, `dc`, `dcPrev` B×H; `wHhT` H×G·H;
///   `ones` T_max·B; `heads` (logits, dlogits) B×2K_max.
public final class GatedWorkspace {
  public let cell: GatedCell
  public let batch: Int
  public let maxTime: Int
  public let hidden: Int
  /// Logits and their gradient, grown to the active heads.
  let heads: HeadBuffers
  public var maxHeads: Int { heads.maxHeads }

  let states, cells, gates, hn, deltas, hg, dh, dhPrev, dc, dcPrev, wHhT, ones: UnsafeMutablePointer<Float>

  public init(cell: GatedCell, batch: Int, maxTime: Int, hidden: Int, maxHeads: Int = 1) {
    precondition(batch > 0 && maxTime > 0 && hidden > 0, "GatedWorkspace: B \(batch), T \(maxTime), H \(hidden)")
    self.cell = cell; self.batch = batch; self.maxTime = maxTime; self.hidden = hidden
    heads = HeadBuffers(batch: batch, maxHeads: maxHeads)
    func alloc(_ n: Int) -> UnsafeMutablePointer<Float> {
      let p = UnsafeMutablePointer<Float>.allocate(capacity: max(n, 1))
      p.initialize(repeating: 0, count: max(n, 1))
      return p
    }
    let bh = batch * hidden, gw = cell.gates * hidden
    states = alloc((maxTime + 1) * bh)
    cells = alloc(cell == .lstm ? (maxTime + 1) * bh : 0)
    gates = alloc(maxTime * batch * gw)
    hn = alloc(maxTime * bh)
    deltas = alloc(cell == .gru ? maxTime * batch * gw : 0)
    hg = alloc(batch * gw)
    dh = alloc(bh); dhPrev = alloc(bh); dc = alloc(bh); dcPrev = alloc(bh)
    wHhT = alloc(hidden * gw)
    ones = alloc(maxTime * batch); ones.update(repeating: 1, count: maxTime * batch)
  }

  deinit {
    for p in [states, cells, gates, hn, deltas, hg, dh, dhPrev, dc, dcPrev, wHhT, ones] { p.deallocate() }
  }

  /// h_t for batch element b (H values), valid after a forward pass (t = 0 … T).
  public func state(time t: Int, batchIndex b: Int) -> [Float] {
    Array(UnsafeBufferPointer(start: states + (t * batch + b) * hidden, count: hidden))
  }
}
