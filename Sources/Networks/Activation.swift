import Foundation

/// φ and its derivative written in terms of φ's *output* y = φ(x), so the backward pass needs only
/// stored outputs. Generic code over these types is specialised inside the module (no dynamic dispatch).
protocol Activation {
  static func f(_ x: Float) -> Float
  /// φ'(x) expressed through y = φ(x).
  static func derivative(output y: Float) -> Float
}

/// LeakyReLU(0.01), as `torch.nn.LeakyReLU()`: backward uses slope 1 where x > 0 else 0.01
/// (y > 0 ⇔ x > 0).
enum LeakyReLUActivation: Activation {
  @inline(__always) static func f(_ x: Float) -> Float { x > 0 ? x : 0.01 * x }
  @inline(__always) static func derivative(output y: Float) -> Float { y > 0 ? 1 : 0.01 }
}

/// ReLU; derivative 0 at x ≤ 0 (PyTorch's convention at 0).
enum ReLUActivation: Activation {
  @inline(__always) static func f(_ x: Float) -> Float { x > 0 ? x : 0 }
  @inline(__always) static func derivative(output y: Float) -> Float { y > 0 ? 1 : 0 }
}

/// tanh; φ' = 1 − y².
enum TanhActivation: Activation {
  @inline(__always) static func f(_ x: Float) -> Float { Foundation.tanh(x) }
  @inline(__always) static func derivative(output y: Float) -> Float { 1 - y * y }
}

/// Logistic sigmoid 1/(1 + e^{−x}); φ' = y(1 − y).
enum SigmoidActivation: Activation {
  @inline(__always) static func f(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }
  @inline(__always) static func derivative(output y: Float) -> Float { y * (1 - y) }
}
