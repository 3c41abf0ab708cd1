import Artifacts
import Layouts
import Networks
import Tasks

/// Leaky networks and their training states to and from the checkpoint layout (`Checkpoint` in
/// Layouts documents it).
extension Checkpoint {
  // MARK: Network

  /// Writes `network` under `group` (default "/network").
  public static func write(_ network: LeakyRNN, into artifact: inout Artifact, at group: String = "/network") {
    let L = network.layout, H = network.hidden, p = network.parameters
    artifact[group + "/tau"] = NDArray(Array(p[L.tau]), shape: [H])
    artifact[group + "/w_in"] = NDArray(Array(p[L.wIn]), shape: [H, 1])
    artifact[group + "/b_in"] = NDArray(Array(p[L.bIn]), shape: [H])
    artifact[group + "/w_rec"] = NDArray(Array(p[L.wRec]), shape: [H, H])
    artifact[group + "/b_rec"] = NDArray(Array(p[L.bRec]), shape: [H])
    artifact[group + "/heads_w"] = NDArray(Array(p[L.headsW]), shape: [L.heads, 2, H])
    artifact[group + "/heads_b"] = NDArray(Array(p[L.headsB]), shape: [L.heads, 2])
    let c = network.config
    writeSize(hidden: H, heads: L.heads, into: &artifact, at: group)
    writeLeakyForm(form: c.form, nonlinearity: c.nonlinearity, tau: c.tau, into: &artifact, at: group)
  }

  /// Reads a network written by `write(_:into:at:)`.
  public static func readNetwork(_ artifact: Artifact, at group: String = "/network") throws -> LeakyRNN {
    guard architecture(artifact, at: group) == "leaky" else {
      throw ExperimentsError.malformedCheckpoint(
        path: group,
        reason: "a \(architecture(artifact, at: group)) network, not a leaky RNN (this analysis needs a leaky RNN)")
    }
    let (H, K) = try ExperimentsError.checkpoint { try readSize(artifact, at: group) }
    let (form, phi, tau) = try ExperimentsError.checkpoint { try readLeakyForm(artifact, at: group) }
    let config = LeakyRNNConfig(hidden: H, form: form, nonlinearity: phi, tau: tau)
    let L = ParameterLayout(hidden: H, heads: K)
    let params = try ExperimentsError.checkpoint {
      try readParameters(artifact, group: group, named: L.named, count: L.count)
    }
    return LeakyRNN(config: config, heads: K, parameters: params)
  }

  // MARK: Training state

  /// The full artifact of a training state: network, optimiser, position, config and history.
  public static func artifact(_ state: TrainingState, config: TrainingConfig) -> Artifact {
    var a = Artifact()
    write(state.network, into: &a)
    a["/optimizer/momentum_buffer"] = NDArray(state.optimizer.buffer)
    a.setAttribute("kind", .string("sgd-nesterov"), at: "/optimizer")
    a.setAttribute("learning_rate", .double(Double(state.optimizer.learningRate)), at: "/optimizer")
    a.setAttribute("momentum", .double(Double(state.optimizer.momentum)), at: "/optimizer")
    TrainingPosition(
      level: state.level, epochInLevel: state.epochInLevel, totalEpochs: state.totalEpochs,
      levelReached: state.levelReached, config: config, history: state.history
    ).write(into: &a)
    return a
  }

  /// Reads a training state (and its config) written by `artifact(_:config:)`.
  public static func readState(_ a: Artifact) throws -> (state: TrainingState, config: TrainingConfig) {
    let network = try readNetwork(a)
    guard let buf = a["/optimizer/momentum_buffer"], buf.count == network.layout.count else {
      throw ExperimentsError.malformedCheckpoint(
        path: "/optimizer/momentum_buffer", reason: "missing or not \(network.layout.count) values")
    }
    let position = try ExperimentsError.checkpoint { try TrainingPosition(a) }
    let config = position.config
    var opt = SGDNesterov(
      learningRate: Float(a.attribute("learning_rate", at: "/optimizer")?.doubleValue ?? Double(config.learningRate)),
      momentum: Float(a.attribute("momentum", at: "/optimizer")?.doubleValue ?? Double(config.momentum)),
      parameterCount: network.layout.count)
    opt.buffer = buf.floats
    let state = TrainingState(
      network: network, optimizer: opt, level: position.level, epochInLevel: position.epochInLevel,
      totalEpochs: position.totalEpochs, levelReached: position.levelReached, history: position.history)
    return (state, config)
  }
}
