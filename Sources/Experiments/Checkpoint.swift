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
    artifact.setAttribute("hidden", .int(Int64(H)), at: group)
    artifact.setAttribute("heads", .int(Int64(L.heads)), at: group)
    artifact.setAttribute("form", .string(c.form.rawValue), at: group)
    artifact.setAttribute("nonlinearity", .string(c.nonlinearity.rawValue), at: group)
    switch c.tau {
    case .trained: artifact.setAttribute("tau_mode", .string("trained"), at: group)
    case .fixed(let v):
      artifact.setAttribute("tau_mode", .string("fixed"), at: group)
      artifact.setAttribute("fixed_tau", .double(Double(v)), at: group)
    }
  }

  /// Reads a network written by `write(_:into:at:)`.
  public static func readNetwork(_ artifact: Artifact, at group: String = "/network") throws -> LeakyRNN {
    guard architecture(artifact, at: group) == "leaky" else {
      throw ExperimentsError.malformedCheckpoint(
        path: group, reason: "a \(architecture(artifact, at: group)) network, not a leaky RNN (this analysis needs a leaky RNN)")
    }
    func attr(_ name: String) throws -> AttributeValue {
      guard let v = artifact.attribute(name, at: group) else {
        throw ExperimentsError.malformedCheckpoint(path: group, reason: "missing attribute \(name)")
      }
      return v
    }
    guard let H = try attr("hidden").intValue, H > 0, let K = try attr("heads").intValue, K >= 0 else {
      throw ExperimentsError.malformedCheckpoint(path: group, reason: "attributes hidden/heads are not positive integers")
    }
    guard let form = RNNForm(rawValue: try attr("form").stringValue ?? ""),
          let phi = Nonlinearity(rawValue: try attr("nonlinearity").stringValue ?? "") else {
      throw ExperimentsError.malformedCheckpoint(path: group, reason: "unknown form or nonlinearity")
    }
    let tau: TauMode
    switch try attr("tau_mode").stringValue {
    case "trained": tau = .trained
    case "fixed":
      guard let v = try attr("fixed_tau").doubleValue else {
        throw ExperimentsError.malformedCheckpoint(path: group, reason: "fixed_tau is not a number")
      }
      tau = .fixed(Float(v))
    default: throw ExperimentsError.malformedCheckpoint(path: group, reason: "tau_mode must be trained or fixed")
    }
    let config = LeakyRNNConfig(hidden: H, form: form, nonlinearity: phi, tau: tau)
    let L = ParameterLayout(hidden: H, heads: K)
    let params = try ExperimentsError.checkpoint { try readParameters(artifact, group: group, named: L.named, count: L.count) }
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
    TrainingPosition(level: state.level, epochInLevel: state.epochInLevel, totalEpochs: state.totalEpochs,
                     levelReached: state.levelReached, config: config, history: state.history).write(into: &a)
    return a
  }

  /// Reads a training state (and its config) written by `artifact(_:config:)`.
  public static func readState(_ a: Artifact) throws -> (state: TrainingState, config: TrainingConfig) {
    let network = try readNetwork(a)
    guard let buf = a["/optimizer/momentum_buffer"], buf.count == network.layout.count else {
      throw ExperimentsError.malformedCheckpoint(path: "/optimizer/momentum_buffer", reason: "missing or not \(network.layout.count) values")
    }
    let position = try ExperimentsError.checkpoint { try TrainingPosition(a) }
    let config = position.config
    var opt = SGDNesterov(learningRate: Float(a.attribute("learning_rate", at: "/optimizer")?.doubleValue ?? Double(config.learningRate)),
                          momentum: Float(a.attribute("momentum", at: "/optimizer")?.doubleValue ?? Double(config.momentum)),
                          parameterCount: network.layout.count)
    opt.buffer = buf.floats
    let state = TrainingState(network: network, optimizer: opt, level: position.level, epochInLevel: position.epochInLevel,
                              totalEpochs: position.totalEpochs, levelReached: position.levelReached, history: position.history)
    return (state, config)
  }
}
