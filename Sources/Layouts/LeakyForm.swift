/// The nonlinearity φ of docs/method.md §1.1 (LeakyReLU uses negative slope 0.01, as `torch.nn.LeakyReLU()`).
public enum Nonlinearity: String, NamedChoice, Hashable, Sendable {
  case leakyReLU, relu, tanh, sigmoid
}

/// Where φ sits in the update (docs/method.md §1.1).
/// - `default`: h_t = φ((1 − 1/τ̃)⊙h_{t−1} + (W^R h_{t−1} + b^R + W^I s_t + b^I)/τ̃)
/// - `mod`:     h_t = (1 − 1/τ̃)⊙h_{t−1} + φ(W^R h_{t−1} + b^R + W^I s_t + b^I)/τ̃
public enum RNNForm: String, NamedChoice, Hashable, Sendable {
  case `default`, mod
}

/// Trained per-neuron τ, or one shared fixed τ (stored in every entry of the `tau` range and never updated).
public enum TauMode: Codable, Hashable, Sendable {
  case trained
  case fixed(Float)

  public var isTrained: Bool { if case .trained = self { true } else { false } }
}
