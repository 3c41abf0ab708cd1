/// Which network a run trains: the leaky RNN, or a gated one (`GatedCell`).
public enum NetworkArchitecture: String, NamedChoice, Hashable, Sendable {
  case leaky, gru, lstm

  /// The gated cell; nil for the leaky RNN.
  public var cell: GatedCell? { GatedCell(rawValue: rawValue) }
}
