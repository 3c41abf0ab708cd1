import Layouts
import Networks

extension TrainingConfig {
  /// The leaky network architecture these settings describe.
  public var network: LeakyRNNConfig {
    LeakyRNNConfig(hidden: neurons, form: form, nonlinearity: nonlinearity, tau: tau)
  }
}
