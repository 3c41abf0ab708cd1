import Numerics

/// Global gradient-norm clipping, as `torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=2)`.
public enum GradientClipping {
  /// total = ‖g‖₂ over the given ranges (Σ g² in Double, range by range in index order);
  /// coef = maxNorm / (total + 1e-6); if coef < 1, every gradient in `ranges` is multiplied by coef.
  ///
  /// - Returns: the total norm before clipping (what PyTorch returns).
  /// - Allocates: nothing.
  @discardableResult
  public static func clipGradNorm(_ gradients: inout [Float], ranges: [Range<Int>], maxNorm: Float) -> Float {
    gradients.withUnsafeMutableBufferPointer { g in
      var s = 0.0
      for r in ranges { s += Kernels.sumOfSquares(UnsafeBufferPointer(rebasing: g[r])) }
      let total = Float(s.squareRoot())
      let coef = maxNorm / (total + 1e-6)
      if coef < 1 {
        for r in ranges { Kernels.scale(UnsafeMutableBufferPointer(rebasing: g[r]), by: coef) }
      }
      return total
    }
  }
}
