/// Every activation and delta buffer of a forward/backward pass, allocated once per
/// (B, T_max, H, K_max) and reused for every step; nothing is allocated inside the time loop.
///
/// Buffers (row-major):
/// - `states`  (T_max+1)×B×H: h_0 … h_T (h_0 first)
/// - `drive`   T_max×B×H: forward: W^I s_t + b^I + b^R + W^R h_{t−1} (default form) or φ of it
///   (mod form); overwritten in the backward pass by the τ-gradient terms.
/// - `deltas`  T_max×B×H: g_t = ∂L/∂(W^R h_{t−1} + …) = a ⊙ ∂L/∂z_t, stacked for one dW^R GEMM
/// - `dh`, `dhPrev` B×H; `heads` (logits, dlogits) B×2K_max; `ones` T_max·B; `alpha`, `decay`, `bias`, `acc` H.
/// - `repeated` T_max×B: the inputs with each digit held for k steps (continuous time, k > 1 only).
/// - `wRecT` H×H: (W^R)ᵀ, written by each forward pass (its GEMMs are then all non-transposed).
public final class Workspace {
  public let batch: Int
  public let maxTime: Int
  public let hidden: Int
  /// Logits and their gradient, grown to the active heads.
  let heads: HeadBuffers
  public var maxHeads: Int { heads.maxHeads }

  let states: UnsafeMutablePointer<Float>
  let drive: UnsafeMutablePointer<Float>
  let deltas: UnsafeMutablePointer<Float>
  let dh: UnsafeMutablePointer<Float>
  let dhPrev: UnsafeMutablePointer<Float>
  let ones: UnsafeMutablePointer<Float>
  let repeated: UnsafeMutablePointer<Float>
  let alpha: UnsafeMutablePointer<Float>
  let decay: UnsafeMutablePointer<Float>
  let bias: UnsafeMutablePointer<Float>
  let acc: UnsafeMutablePointer<Float>
  let wRecT: UnsafeMutablePointer<Float>

  /// Allocates for batches of up to `batch` sequences of up to `maxTime` steps, `hidden` neurons
  /// and up to `maxHeads` heads (grown on demand, outside the time loop).
  public init(batch: Int, maxTime: Int, hidden: Int, maxHeads: Int = 1) {
    precondition(batch > 0 && maxTime > 0 && hidden > 0, "Workspace: B \(batch), T \(maxTime), H \(hidden)")
    self.batch = batch; self.maxTime = maxTime; self.hidden = hidden
    heads = HeadBuffers(batch: batch, maxHeads: maxHeads)
    func alloc(_ n: Int) -> UnsafeMutablePointer<Float> {
      let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
      p.initialize(repeating: 0, count: n)
      return p
    }
    let bh = batch * hidden
    states = alloc((maxTime + 1) * bh)
    drive = alloc(maxTime * bh)
    deltas = alloc(maxTime * bh)
    dh = alloc(bh); dhPrev = alloc(bh)
    ones = alloc(maxTime * batch); ones.update(repeating: 1, count: maxTime * batch)
    repeated = alloc(maxTime * batch)
    alpha = alloc(hidden); decay = alloc(hidden); bias = alloc(hidden); acc = alloc(hidden)
    wRecT = alloc(hidden * hidden)
  }

  deinit {
    for p in [states, drive, deltas, dh, dhPrev, ones, repeated, alpha, decay, bias, acc, wRecT] { p.deallocate() }
  }

  /// h_t of the whole batch (B×H), valid after a forward pass (t = 0 … T): the initial state of a
  /// forward pass that continues this one.
  public func states(time t: Int) -> [Float] {
    precondition(t >= 0 && t <= maxTime, "Workspace.states: time \(t) of \(maxTime)")
    return Array(UnsafeBufferPointer(start: states + t * batch * hidden, count: batch * hidden))
  }

  /// h_t for batch element b (H values), valid after a forward pass (t = 0 … T).
  public func state(time t: Int, batchIndex b: Int) -> [Float] {
    Array(UnsafeBufferPointer(start: states + (t * batch + b) * hidden, count: hidden))
  }
}
