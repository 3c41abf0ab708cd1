import Foundation

/// Adam with PyTorch semantics (`torch.optim.Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8)`,
/// no weight decay, not amsgrad):
/// ```
/// t ← t + 1;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²
/// p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps)
/// ```
/// PyTorch keeps a step count per parameter tensor and skips tensors without a gradient; here each
/// element carries its step count (`steps`), and every range passed to `step` advances together,
/// so a head first trained late starts its bias correction at t = 1 exactly as in PyTorch.
public struct Adam: Codable, Equatable, Sendable {
  public var learningRate: Float
  public var beta1: Float
  public var beta2: Float
  public var epsilon: Float
  public var m: [Float]
  public var v: [Float]
  public var steps: [Int32]

  public init(
    learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, parameterCount: Int
  ) {
    self.learningRate = learningRate; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
    m = [Float](repeating: 0, count: parameterCount)
    v = [Float](repeating: 0, count: parameterCount)
    steps = [Int32](repeating: 0, count: parameterCount)
  }

  /// One update of every range (each range shares one step count). Allocates: nothing.
  public mutating func step(parameters: inout [Float], gradients: [Float], ranges: [Range<Int>]) {
    precondition(parameters.count == m.count && gradients.count == m.count, "Adam: size mismatch")
    let b1 = beta1, b2 = beta2, lr = learningRate, eps = epsilon
    for r in ranges where !r.isEmpty {
      let t = steps[r.lowerBound] + 1
      let bc1 = 1 - Float(pow(Double(b1), Double(t)))
      let bc2sqrt = Float((1 - pow(Double(b2), Double(t))).squareRoot())
      let stepSize = lr / bc1
      m.withUnsafeMutableBufferPointer { mm in
        v.withUnsafeMutableBufferPointer { vv in
          parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in
              for i in r {
                let gi = g[i]
                mm[i] = b1 * mm[i] + (1 - b1) * gi
                vv[i] = b2 * vv[i] + (1 - b2) * gi * gi
                let denom = vv[i].squareRoot() / bc2sqrt + eps
                p[i] -= stepSize * mm[i] / denom
              }
            }
          }
        }
      }
      for i in r { steps[i] = t }
    }
  }

  /// Follows a change of a gated network's layout (heads added or removed): kept tensors keep
  /// their moments and step counts, new ones start at zero (PyTorch's state of a parameter never
  /// stepped).
  public mutating func remap(from old: GatedLayout, to new: GatedLayout) {
    m = GatedLayout.remap(m, from: old, to: new, fill: 0)
    v = GatedLayout.remap(v, from: old, to: new, fill: 0)
    steps = GatedLayout.remap(steps, from: old, to: new, fill: 0)
  }
}
