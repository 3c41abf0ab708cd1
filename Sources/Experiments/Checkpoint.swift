import Artifacts
import Foundation
import Networks
import Tasks

/// (De)serialisation of networks and training states as `Artifact`s.
///
/// Layout (H hidden, K heads, E epochs, Kmax the most heads active in any epoch):
/// ```
/// /network/tau            float32 H        raw τ (unclamped)
/// /network/w_in           float32 H×1
/// /network/b_in           float32 H
/// /network/w_rec          float32 H×H      row = target neuron, diagonal 0
/// /network/b_rec          float32 H
/// /network/heads_w        float32 K×2×H
/// /network/heads_b        float32 K×2
///   attributes: hidden, heads, form ("default"|"mod"), nonlinearity, tau_mode ("trained"|"fixed"), fixed_tau
/// /optimizer/momentum_buffer float32 (4H + H² + K(2H+2))   laid out as the parameters (order above)
///   attributes: kind "sgd-nesterov", learning_rate, momentum
/// /training   attributes: level, epoch_in_level, total_epochs, level_reached (0/1), config (JSON)
/// /history/{epoch, level, epoch_in_level, n_min, n_max}  int64 E
/// /history/loss float64 E;  /history/accuracy float64 E×Kmax (NaN-padded);  /history/ns int64 E×Kmax (0-padded)
/// root attribute provenance.epoch_wall_seconds (float64 E): timing, excluded from the content hash
/// ```
public enum Checkpoint {
  /// The attribute holding per-epoch wall times (a `provenance.` name so content hashes ignore it).
  public static let wallSecondsAttribute = "provenance.epoch_wall_seconds"

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
    let params = try readParameters(artifact, group: group, named: L.named, count: L.count)
    return LeakyRNN(config: config, heads: K, parameters: params)
  }

  /// A network's flat parameters from one dataset per named tensor under `group` (either layout's
  /// `named`), each checked for its size.
  static func readParameters(_ artifact: Artifact, group: String, named: [(name: String, range: Range<Int>)],
                             count: Int) throws -> [Float] {
    var params = [Float](repeating: 0, count: count)
    for (name, range) in named {
      let path = group + "/" + name
      guard let a = artifact[path] else { throw ExperimentsError.malformedCheckpoint(path: path, reason: "missing dataset") }
      guard a.count == range.count else {
        throw ExperimentsError.malformedCheckpoint(path: path, reason: "\(a.count) values, expected \(range.count) (shape \(a.shape))")
      }
      params.replaceSubrange(range, with: a.floats)
    }
    return params
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
    writePosition(level: state.level, epochInLevel: state.epochInLevel, totalEpochs: state.totalEpochs,
                  levelReached: state.levelReached, config: config, history: state.history, into: &a)
    return a
  }

  /// Where a run stands, shared by every network kind: `/training` attributes and `/history`.
  static func writePosition(level: Int, epochInLevel: Int, totalEpochs: Int, levelReached: Bool, config: TrainingConfig,
                            history: [EpochRecord], into a: inout Artifact) {
    a.setAttribute("level", .int(Int64(level)), at: "/training")
    a.setAttribute("epoch_in_level", .int(Int64(epochInLevel)), at: "/training")
    a.setAttribute("total_epochs", .int(Int64(totalEpochs)), at: "/training")
    a.setAttribute("level_reached", .int(levelReached ? 1 : 0), at: "/training")
    a.setAttribute("config", .string(configJSON(config)), at: "/training")
    writeHistory(history, into: &a)
  }

  /// What `writePosition` wrote.
  static func readPosition(_ a: Artifact) throws
    -> (level: Int, epochInLevel: Int, totalEpochs: Int, levelReached: Bool, config: TrainingConfig, history: [EpochRecord]) {
    func int(_ name: String) throws -> Int {
      guard let v = a.attribute(name, at: "/training")?.intValue else {
        throw ExperimentsError.malformedCheckpoint(path: "/training", reason: "missing integer attribute \(name)")
      }
      return v
    }
    guard let json = a.attribute("config", at: "/training")?.stringValue,
          let config = try? JSONDecoder().decode(TrainingConfig.self, from: Data(json.utf8)) else {
      throw ExperimentsError.malformedCheckpoint(path: "/training", reason: "missing or unreadable config attribute")
    }
    return (try int("level"), try int("epoch_in_level"), try int("total_epochs"), try int("level_reached") != 0, config,
            try readHistory(a))
  }

  /// Reads a training state (and its config) written by `artifact(_:config:)`.
  public static func readState(_ a: Artifact) throws -> (state: TrainingState, config: TrainingConfig) {
    let network = try readNetwork(a)
    guard let buf = a["/optimizer/momentum_buffer"], buf.count == network.layout.count else {
      throw ExperimentsError.malformedCheckpoint(path: "/optimizer/momentum_buffer", reason: "missing or not \(network.layout.count) values")
    }
    let position = try readPosition(a)
    let config = position.config
    var opt = SGDNesterov(learningRate: Float(a.attribute("learning_rate", at: "/optimizer")?.doubleValue ?? Double(config.learningRate)),
                          momentum: Float(a.attribute("momentum", at: "/optimizer")?.doubleValue ?? Double(config.momentum)),
                          parameterCount: network.layout.count)
    opt.buffer = buf.floats
    let state = TrainingState(network: network, optimizer: opt, level: position.level, epochInLevel: position.epochInLevel,
                              totalEpochs: position.totalEpochs, levelReached: position.levelReached, history: position.history)
    return (state, config)
  }

  /// Canonical JSON (sorted keys) of a config.
  public static func configJSON(_ config: TrainingConfig) -> String {
    let enc = JSONEncoder()
    enc.outputFormatting = [.sortedKeys]
    return String(decoding: (try? enc.encode(config)) ?? Data(), as: UTF8.self)
  }

  // MARK: History

  /// Writes `/history/*` and the wall-time attribute.
  public static func writeHistory(_ history: [EpochRecord], into a: inout Artifact) {
    let E = history.count
    guard E > 0 else { a.makeGroup("/history"); return }
    let kmax = history.map { $0.accuracy.count }.max() ?? 0
    a["/history/epoch"] = NDArray(history.map { Int64($0.epoch) })
    a["/history/level"] = NDArray(history.map { Int64($0.level) })
    a["/history/epoch_in_level"] = NDArray(history.map { Int64($0.epochInLevel) })
    a["/history/n_min"] = NDArray(history.map { Int64($0.nMin) })
    a["/history/n_max"] = NDArray(history.map { Int64($0.nMax) })
    a["/history/loss"] = NDArray(history.map { $0.loss })
    var acc = [Double](repeating: .nan, count: E * kmax), ns = [Int64](repeating: 0, count: E * kmax)
    for (e, r) in history.enumerated() {
      for (k, v) in r.accuracy.enumerated() { acc[e * kmax + k] = v }
      for (k, n) in r.ns.enumerated() { ns[e * kmax + k] = Int64(n) }
    }
    a["/history/accuracy"] = NDArray(acc, shape: [E, kmax])
    a["/history/ns"] = NDArray(ns, shape: [E, kmax])
    a.setAttribute(wallSecondsAttribute, .doubles(history.map { $0.wallSeconds }), at: "/")
  }

  /// Reads `/history/*` (empty if absent).
  public static func readHistory(_ a: Artifact) throws -> [EpochRecord] {
    guard let epochs = a["/history/epoch"]?.ints else { return [] }
    let E = epochs.count
    guard let level = a["/history/level"]?.ints, let eil = a["/history/epoch_in_level"]?.ints,
          let loss = a["/history/loss"]?.doubles, let accA = a["/history/accuracy"], let nsA = a["/history/ns"],
          level.count == E, eil.count == E, loss.count == E, accA.shape.count == 2, accA.shape[0] == E, nsA.shape == accA.shape else {
      throw ExperimentsError.malformedCheckpoint(path: "/history", reason: "datasets missing or of inconsistent length")
    }
    let kmax = accA.shape[1], acc = accA.doubles, ns = nsA.ints
    let wall = a.attribute(wallSecondsAttribute)
    var wallValues = [Double](repeating: 0, count: E)
    if case .doubles(let w)? = wall, w.count == E { wallValues = w }
    return (0..<E).map { e in
      let nsRow = Array(ns[(e * kmax)..<((e + 1) * kmax)]).filter { $0 > 0 }
      return EpochRecord(epoch: epochs[e], level: level[e], epochInLevel: eil[e], loss: loss[e],
                         accuracy: Array(acc[(e * kmax)..<(e * kmax + nsRow.count)]), ns: nsRow, wallSeconds: wallValues[e])
    }
  }
}
