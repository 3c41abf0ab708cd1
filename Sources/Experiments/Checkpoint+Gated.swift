import Artifacts
import Layouts
import Networks
import Tasks

/// GRU/LSTM networks and their training states to and from the checkpoint layout (`Checkpoint` in
/// Layouts documents it; a gated checkpoint is told apart by the `/network` attribute `architecture`).
extension Checkpoint {
  /// Writes a gated `network` under `group`.
  public static func write(_ network: GatedRNN, into artifact: inout Artifact, at group: String = "/network") {
    let L = network.layout, H = network.hidden, GH = L.gateWidth, p = network.parameters
    artifact[group + "/weight_ih_l0"] = NDArray(Array(p[L.wIh]), shape: [GH, 1])
    artifact[group + "/weight_hh_l0"] = NDArray(Array(p[L.wHh]), shape: [GH, H])
    artifact[group + "/bias_ih_l0"] = NDArray(Array(p[L.bIh]), shape: [GH])
    artifact[group + "/bias_hh_l0"] = NDArray(Array(p[L.bHh]), shape: [GH])
    artifact[group + "/heads_w"] = NDArray(Array(p[L.headsW]), shape: [L.heads, 2, H])
    artifact[group + "/heads_b"] = NDArray(Array(p[L.headsB]), shape: [L.heads, 2])
    artifact.setAttribute("architecture", .string(network.cell.rawValue), at: group)
    writeSize(hidden: H, heads: L.heads, into: &artifact, at: group)
  }

  /// Reads a gated network written by `write(_: GatedRNN, into:at:)`.
  public static func readGatedNetwork(_ artifact: Artifact, at group: String = "/network") throws -> GatedRNN {
    guard let cell = GatedCell(rawValue: architecture(artifact, at: group)) else {
      throw ExperimentsError.malformedCheckpoint(
        path: group, reason: "not a GRU/LSTM network (architecture \(architecture(artifact, at: group)))")
    }
    let (H, K) = try ExperimentsError.checkpoint { try readSize(artifact, at: group) }
    let L = GatedLayout(cell: cell, hidden: H, heads: K)
    let params = try ExperimentsError.checkpoint {
      try readParameters(artifact, group: group, named: L.named, count: L.count)
    }
    return GatedRNN(cell: cell, hidden: H, heads: K, parameters: params)
  }

  /// The full artifact of a gated training state: network, Adam state, position, config and history.
  public static func artifact(_ state: GatedTrainingState, config: TrainingConfig) -> Artifact {
    var a = Artifact()
    write(state.network, into: &a)
    let o = state.optimizer
    a["/optimizer/exp_avg"] = NDArray(o.m)
    a["/optimizer/exp_avg_sq"] = NDArray(o.v)
    a["/optimizer/step"] = NDArray(o.steps)
    a.setAttribute("kind", .string("adam"), at: "/optimizer")
    a.setAttribute("learning_rate", .double(Double(o.learningRate)), at: "/optimizer")
    a.setAttribute("beta1", .double(Double(o.beta1)), at: "/optimizer")
    a.setAttribute("beta2", .double(Double(o.beta2)), at: "/optimizer")
    a.setAttribute("eps", .double(Double(o.epsilon)), at: "/optimizer")
    TrainingPosition(
      level: state.level, epochInLevel: state.epochInLevel, totalEpochs: state.totalEpochs,
      levelReached: state.levelReached, config: config, history: state.history
    ).write(into: &a)
    return a
  }

  /// Reads a gated training state (and its config) written by `artifact(_: GatedTrainingState, config:)`.
  public static func readGatedState(_ a: Artifact) throws -> (state: GatedTrainingState, config: TrainingConfig) {
    let network = try readGatedNetwork(a)
    let n = network.layout.count
    guard let m = a["/optimizer/exp_avg"], m.count == n, let v = a["/optimizer/exp_avg_sq"], v.count == n,
      let steps = a["/optimizer/step"], steps.count == n
    else {
      throw ExperimentsError.malformedCheckpoint(
        path: "/optimizer", reason: "exp_avg, exp_avg_sq or step missing or not \(n) values")
    }
    func double(_ name: String) throws -> Float {
      guard let v = a.attribute(name, at: "/optimizer")?.doubleValue else {
        throw ExperimentsError.malformedCheckpoint(path: "/optimizer", reason: "missing number attribute \(name)")
      }
      return Float(v)
    }
    let position = try ExperimentsError.checkpoint { try TrainingPosition(a) }
    var opt = Adam(
      learningRate: try double("learning_rate"), beta1: try double("beta1"), beta2: try double("beta2"),
      epsilon: try double("eps"), parameterCount: n)
    opt.m = m.floats; opt.v = v.floats; opt.steps = steps.ints.map(Int32.init)
    let state = GatedTrainingState(
      network: network, optimizer: opt, level: position.level,
      epochInLevel: position.epochInLevel, totalEpochs: position.totalEpochs,
      levelReached: position.levelReached, history: position.history)
    return (state, position.config)
  }
}

/// A training state that round-trips through a checkpoint artifact (for stages, generic over the network).
public protocol CheckpointedState: TrainableState {
  static func read(_ artifact: Artifact) throws -> (state: Self, config: TrainingConfig)
  func artifact(config: TrainingConfig) -> Artifact
}

extension TrainingState: CheckpointedState {
  public static func read(_ artifact: Artifact) throws -> (state: TrainingState, config: TrainingConfig) {
    try Checkpoint.readState(artifact)
  }
  public func artifact(config: TrainingConfig) -> Artifact { Checkpoint.artifact(self, config: config) }
}

extension GatedTrainingState: CheckpointedState {
  public static func read(_ artifact: Artifact) throws -> (state: GatedTrainingState, config: TrainingConfig) {
    try Checkpoint.readGatedState(artifact)
  }
  public func artifact(config: TrainingConfig) -> Artifact { Checkpoint.artifact(self, config: config) }
}
