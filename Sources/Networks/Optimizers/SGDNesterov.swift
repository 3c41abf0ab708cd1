/// SGD with Nesterov momentum, exactly as `torch.optim.SGD(params, lr, momentum, nesterov=True)`
/// (no weight decay, no dampening):
/// ```
/// buf ← m·buf + g        (first step: buf = g; a zero buffer gives the same)
/// g'  ← g + m·buf
/// p   ← p − lr·g'
/// ```
/// The state is one momentum buffer laid out like the parameters. Ranges not passed to `step`
/// (inactive heads, fixed τ) are not touched, as PyTorch skips parameters without a gradient.
/// A head added later starts with a zero buffer, i.e. PyTorch's "first step buf = g".
public struct SGDNesterov: Codable, Equatable, Sendable {
  public var learningRate: Float
  public var momentum: Float
  /// The momentum buffer, one value per parameter.
  public var buffer: [Float]

  public init(learningRate: Float = 0.05, momentum: Float = 0.1, parameterCount: Int) {
    self.learningRate = learningRate; self.momentum = momentum
    buffer = [Float](repeating: 0, count: parameterCount)
  }

  /// One update of `parameters[r]` for every r in `ranges`. Allocates: nothing.
  public mutating func step(parameters: inout [Float], gradients: [Float], ranges: [Range<Int>]) {
    precondition(
      parameters.count == buffer.count && gradients.count == buffer.count,
      "SGDNesterov: parameters \(parameters.count), gradients \(gradients.count), buffer \(buffer.count)")
    let lr = learningRate, m = momentum
    buffer.withUnsafeMutableBufferPointer { buf in
      parameters.withUnsafeMutableBufferPointer { p in
        gradients.withUnsafeBufferPointer { g in
          for r in ranges {
            for i in r {
              let gi = g[i]
              let bi = m * buf[i] + gi
              buf[i] = bi
              p[i] -= lr * (gi + m * bi)
            }
          }
        }
      }
    }
  }

  /// Follows a change of parameter layout (heads added or removed): kept tensors keep their
  /// buffer, new ones start at zero.
  public mutating func remap(from old: ParameterLayout, to new: ParameterLayout) {
    buffer = ParameterLayout.remap(buffer, from: old, to: new, fill: 0)
  }
}
