/// The gated cell of a gated network, with PyTorch's equations and gate order (docs/method.md §1.2).
///
/// GRU (gates r, z, n; `torch.nn.GRU`):
/// ```
/// r = σ(W_ir x + b_ir + W_hr h + b_hr)      z = σ(W_iz x + b_iz + W_hz h + b_hz)
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))      h' = (1 − z) ⊙ n + z ⊙ h
/// ```
/// LSTM (gates i, f, g, o; `torch.nn.LSTM`):
/// ```
/// i, f, o = σ(W_i· x + b_i· + W_h· h + b_h·)   g = tanh(W_ig x + b_ig + W_hg h + b_hg)
/// c' = f ⊙ c + i ⊙ g      h' = o ⊙ tanh(c')
/// ```
public enum GatedCell: String, NamedChoice, Hashable, Sendable {
  case gru, lstm

  /// Number of gate blocks G (3 for GRU, 4 for LSTM).
  public var gates: Int { self == .gru ? 3 : 4 }
}
