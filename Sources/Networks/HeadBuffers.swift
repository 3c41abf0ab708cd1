/// The readout buffers of a workspace: logits and ∂L/∂logits (B × 2K), grown on demand to the
/// number of active heads (outside the time loop). Shared by `Workspace` and `GatedWorkspace`.
final class HeadBuffers {
  let batch: Int
  private(set) var maxHeads: Int
  private(set) var logits: UnsafeMutablePointer<Float>
  private(set) var dlogits: UnsafeMutablePointer<Float>

  init(batch: Int, maxHeads: Int) {
    self.batch = batch
    self.maxHeads = max(1, maxHeads)
    logits = Self.zeros(batch * 2 * self.maxHeads)
    dlogits = Self.zeros(batch * 2 * self.maxHeads)
  }

  deinit {
    logits.deallocate()
    dlogits.deallocate()
  }

  private static func zeros(_ n: Int) -> UnsafeMutablePointer<Float> {
    let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
    p.initialize(repeating: 0, count: n)
    return p
  }

  /// Grows the buffers to hold `heads` heads.
  func reserve(_ heads: Int) {
    guard heads > maxHeads else { return }
    logits.deallocate(); dlogits.deallocate()
    maxHeads = heads
    logits = Self.zeros(batch * 2 * heads)
    dlogits = Self.zeros(batch * 2 * heads)
  }

  /// Logits of the active heads on h_T and the loss/accuracy against `labels`; when
  /// `computeDeltas`, also writes ∂L/∂logits = (softmax − onehot)/B into `dlogits`.
  ///
  /// - Shapes: h_T B×H, W_active 2Ka×H (from `parameters` laid out as `layout`), logits B×2Ka, labels Ka×B.
  /// - Allocates: only the small result arrays (Ka values).
  func readout<Layout: ReadoutHeadsLayout>(
    parameters: [Float], layout: Layout, hT: UnsafePointer<Float>,
    activeHeads: Range<Int>, labels: UnsafeBufferPointer<Int32>,
    computeDeltas: Bool
  ) -> StepResult {
    let Ka = activeHeads.count
    precondition(labels.count == Ka * batch, "\(Layout.self): \(labels.count) labels for \(Ka) heads × B=\(batch)")
    reserve(Ka)
    return parameters.withUnsafeBufferPointer { p in
      let P = p.baseAddress!
      return HeadReadout.forward(
        hT: hT, batch: batch, hidden: layout.hidden, heads: Ka,
        W: P + (Ka > 0 ? layout.headW(activeHeads.lowerBound).lowerBound : 0),
        bias: P + (Ka > 0 ? layout.headB(activeHeads.lowerBound).lowerBound : 0),
        labels: labels, logits: logits, dlogits: computeDeltas ? dlogits : nil)
    }
  }
}
