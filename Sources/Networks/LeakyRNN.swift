import Layouts
import Numerics

// Shapes legend for the engine files: B batch, T time steps, H hidden neurons, K readout heads
// (Ka active heads), all buffers row-major Float32.

/// The architecture of a leaky RNN (everything except the number of heads and the weights).
public struct LeakyRNNConfig: Codable, Hashable, Sendable {
  public var hidden: Int
  public var form: RNNForm
  public var nonlinearity: Nonlinearity
  public var tau: TauMode

  public init(hidden: Int, form: RNNForm = .default, nonlinearity: Nonlinearity = .leakyReLU, tau: TauMode = .trained) {
    self.hidden = hidden; self.form = form; self.nonlinearity = nonlinearity; self.tau = tau
  }
}

/// The leaky RNN of docs/method.md §1.1 with per-neuron (or fixed) timescales and K readout heads.
///
/// ```
/// τ̃ = max(τ, 1)   (forward only; ∂τ̃/∂τ = 0 where τ < 1)
/// h_t = φ((1 − 1/τ̃)⊙h_{t−1} + (W^R h_{t−1} + b^R + W^I s_t + b^I)/τ̃)     (default form)
/// y_k = W^O_k h_T + b^O_k ∈ ℝ²
/// loss = Σ_{active k} mean_b CE(y_k, label_k)
/// ```
/// All parameters live in `parameters` (layout: `ParameterLayout`). The raw τ is stored.
public struct LeakyRNN: Equatable, Sendable {
  public let config: LeakyRNNConfig
  public private(set) var layout: ParameterLayout
  /// Every parameter, laid out as `layout`.
  public var parameters: [Float]

  public var hidden: Int { config.hidden }
  public var heads: Int { layout.heads }

  /// A freshly initialised network (docs/method.md §1.1), drawing from `rng` in this order:
  /// τ_i = 1 + U(0,1) (trained τ only), W^I, b^I ~ U(−1,1), W^R (row-major), b^R ~ U(−1/√H, 1/√H)
  /// with diag(W^R) = 0, then per head W^O_k (2×H), b^O_k (2) ~ U(−1/√H, 1/√H).
  public init(config: LeakyRNNConfig, heads: Int, rng: inout RandomStream) {
    self.config = config
    layout = ParameterLayout(hidden: config.hidden, heads: 0)
    parameters = [Float](repeating: 0, count: layout.count)
    let h = config.hidden
    let bound = 1 / Float(h).squareRoot()
    parameters.withUnsafeMutableBufferPointer { p in
      let L = layout
      switch config.tau {
      case .trained: for i in L.tau { p[i] = 1 + rng.uniform() }
      case .fixed(let v): for i in L.tau { p[i] = v }
      }
      for i in L.wIn { p[i] = rng.uniform(-1, 1) }
      for i in L.bIn { p[i] = rng.uniform(-1, 1) }
      for i in L.wRec { p[i] = rng.uniform(-bound, bound) }
      Kernels.zeroDiagonal(UnsafeMutableBufferPointer(rebasing: p[L.wRec]), n: h)
      for i in L.bRec { p[i] = rng.uniform(-bound, bound) }
    }
    appendHeads(heads, rng: &rng)
  }

  /// A network with the given parameters (e.g. from a checkpoint). The W^R diagonal is zeroed.
  public init(config: LeakyRNNConfig, heads: Int, parameters: [Float]) {
    self.config = config
    layout = ParameterLayout(hidden: config.hidden, heads: heads)
    precondition(
      parameters.count == layout.count,
      "LeakyRNN: \(parameters.count) parameters for H=\(config.hidden), K=\(heads) (need \(layout.count))")
    self.parameters = parameters
    zeroRecurrentDiagonal()
  }

  /// Appends `count` heads, each initialised W ~ U(−1/√H, 1/√H) (2×H, row-major) then b (2), from `rng`.
  public mutating func appendHeads(_ count: Int, rng: inout RandomStream) {
    guard count > 0 else { return }
    (layout, parameters) = layout.appendingHeads(count, to: parameters, rng: &rng)
  }

  /// Keeps only heads `0..<count` (dropping the rest).
  public mutating func truncateHeads(to count: Int) {
    precondition(count >= 0 && count <= heads, "LeakyRNN.truncateHeads: \(count) of \(heads)")
    let new = layout.withHeads(count)
    parameters = ParameterLayout.remap(parameters, from: layout, to: new, fill: 0)
    layout = new
  }

  /// The ranges an optimiser updates when `activeHeads` are trained: τ (trained τ only), W^I, b^I,
  /// W^R, b^R and the active heads' W and b. Inactive heads are skipped entirely (as PyTorch skips
  /// parameters whose `.grad` is None), so their momentum does not move them.
  public func trainableRanges(activeHeads: Range<Int>) -> [Range<Int>] {
    precondition(
      activeHeads.lowerBound >= 0 && activeHeads.upperBound <= heads,
      "LeakyRNN: active heads \(activeHeads) of \(heads)")
    var r: [Range<Int>] = []
    if config.tau.isTrained { r.append(layout.tau) }
    r.append(layout.wIn.lowerBound..<layout.bRec.upperBound)
    if !activeHeads.isEmpty {
      r.append(layout.headW(activeHeads.lowerBound).lowerBound..<layout.headW(activeHeads.upperBound - 1).upperBound)
      r.append(layout.headB(activeHeads.lowerBound).lowerBound..<layout.headB(activeHeads.upperBound - 1).upperBound)
    }
    return r
  }

  /// Sets diag(W^R) = 0.
  public mutating func zeroRecurrentDiagonal() {
    let L = layout, h = hidden
    parameters.withUnsafeMutableBufferPointer {
      Kernels.zeroDiagonal(UnsafeMutableBufferPointer(rebasing: $0[L.wRec]), n: h)
    }
  }

  /// A copy of one named tensor.
  public func tensor(_ range: Range<Int>) -> [Float] { Array(parameters[range]) }

  /// The raw τ per neuron (H).
  public var tau: [Float] { tensor(layout.tau) }
}
