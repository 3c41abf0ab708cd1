import Artifacts
import Foundation

/// The layout of a trained network's checkpoint (a `train` or `import` stage's artifact).
///
/// Leaky RNN (H hidden, K heads, E epochs, Kmax the most heads active in any epoch):
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
/// ```
/// GRU/LSTM (G = 3 for GRU, 4 for LSTM; PyTorch `state_dict` names and shapes), told apart by the
/// `/network` attribute `architecture`:
/// ```
/// /network/weight_ih_l0   float32 G·H×1     gate blocks in PyTorch order (GRU r,z,n; LSTM i,f,g,o)
/// /network/weight_hh_l0   float32 G·H×H
/// /network/bias_ih_l0     float32 G·H
/// /network/bias_hh_l0     float32 G·H
/// /network/heads_w        float32 K×2×H
/// /network/heads_b        float32 K×2
///   attributes: architecture ("gru"|"lstm"), hidden, heads
/// /optimizer/exp_avg, /optimizer/exp_avg_sq  float32 (parameter count), laid out as the parameters
/// /optimizer/step         int32 (parameter count): Adam's step count per element
///   attributes: kind "adam", learning_rate, beta1, beta2, eps
/// ```
/// Every network (the continuous-time leaky RNN too: its `stepsPerDigit` is in the config):
/// ```
/// /training   attributes: level, epoch_in_level, total_epochs, level_reached (0/1), config (JSON)
/// /history/{epoch, level, epoch_in_level, n_min, n_max}  int64 E
/// /history/loss float64 E;  /history/accuracy float64 E×Kmax (NaN-padded);  /history/ns int64 E×Kmax (0-padded)
/// root attribute provenance.epoch_wall_seconds (float64 E): timing, excluded from the content hash
/// ```
/// The network objects themselves are converted in Experiments (`Checkpoint.write(_:into:)`,
/// `Checkpoint.readNetwork`); this module owns the names, attributes and shapes.
public enum Checkpoint {
  /// The group the network is written under.
  public static let network = "/network"
  /// The leaky RNN's raw τ (H values).
  public static let tau = "/network/tau"
  /// The leaky RNN's recurrent weights W^R (H×H, row = target neuron, diagonal 0).
  public static let recurrentWeights = "/network/w_rec"
  /// The attribute holding per-epoch wall times (a `provenance.` name so content hashes ignore it).
  public static let wallSecondsAttribute = "provenance.epoch_wall_seconds"

  /// "leaky", "gru" or "lstm": the `/network` attribute `architecture` (absent: leaky).
  public static func architecture(_ artifact: Artifact, at group: String = network) -> String {
    artifact.attribute("architecture", at: group)?.stringValue ?? "leaky"
  }

  /// Canonical JSON (sorted keys) of a config: how it is stored in `/training` and `/source`, and a
  /// network's identity (two runs with the same config are the same network).
  public static func configJSON(_ config: TrainingConfig) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: (try? encoder.encode(config)) ?? Data(), as: UTF8.self)
  }

  /// Writes one named tensor of a network's flat parameters under `group`.
  public static func writeTensor(
    _ values: ArraySlice<Float>, shape: [Int], named name: String, into a: inout Artifact,
    at group: String = network
  ) {
    a[group + "/" + name] = NDArray(Array(values), shape: shape)
  }

  /// A network's flat parameters from one dataset per named tensor under `group`, each checked for its size.
  public static func readParameters(
    _ artifact: Artifact, group: String, named: [(name: String, range: Range<Int>)],
    count: Int
  ) throws -> [Float] {
    var params = [Float](repeating: 0, count: count)
    for (name, range) in named {
      let path = group + "/" + name
      guard let a = artifact[path] else { throw LayoutError("checkpoint", path: path, reason: "missing dataset") }
      guard a.count == range.count else {
        throw LayoutError(
          "checkpoint", path: path, reason: "\(a.count) values, expected \(range.count) (shape \(a.shape))")
      }
      params.replaceSubrange(range, with: a.floats)
    }
    return params
  }

  /// Writes a leaky RNN's form, nonlinearity and τ mode as attributes of `group` (`/network`; `/source`
  /// repeats them): form, nonlinearity, tau_mode ("trained" | "fixed") and, when fixed, fixed_tau.
  public static func writeLeakyForm(
    form: RNNForm, nonlinearity: Nonlinearity, tau: TauMode, into a: inout Artifact,
    at group: String
  ) {
    a.setAttribute("form", .string(form.rawValue), at: group)
    a.setAttribute("nonlinearity", .string(nonlinearity.rawValue), at: group)
    switch tau {
    case .trained: a.setAttribute("tau_mode", .string("trained"), at: group)
    case .fixed(let v):
      a.setAttribute("tau_mode", .string("fixed"), at: group)
      a.setAttribute("fixed_tau", .double(Double(v)), at: group)
    }
  }

  /// What `writeLeakyForm` wrote.
  /// - Throws: `LayoutError` naming `group` and the missing or unknown attribute.
  public static func readLeakyForm(_ a: Artifact, at group: String) throws -> (
    form: RNNForm, nonlinearity: Nonlinearity, tau: TauMode
  ) {
    func string(_ name: String) throws -> String {
      guard let v = a.attribute(name, at: group)?.stringValue else {
        throw LayoutError("checkpoint", path: group, reason: "missing attribute \(name)")
      }
      return v
    }
    guard let form = RNNForm(rawValue: try string("form")), let phi = Nonlinearity(rawValue: try string("nonlinearity"))
    else {
      throw LayoutError("checkpoint", path: group, reason: "unknown form or nonlinearity")
    }
    switch try string("tau_mode") {
    case "trained": return (form, phi, .trained)
    case "fixed":
      guard let v = a.attribute("fixed_tau", at: group)?.doubleValue else {
        throw LayoutError("checkpoint", path: group, reason: "fixed_tau is not a number")
      }
      return (form, phi, .fixed(Float(v)))
    default: throw LayoutError("checkpoint", path: group, reason: "tau_mode must be trained or fixed")
    }
  }

  /// Writes the size attributes every network group has: hidden (H) and heads (K).
  public static func writeSize(hidden: Int, heads: Int, into a: inout Artifact, at group: String) {
    a.setAttribute("hidden", .int(Int64(hidden)), at: group)
    a.setAttribute("heads", .int(Int64(heads)), at: group)
  }

  /// What `writeSize` wrote.
  public static func readSize(_ a: Artifact, at group: String) throws -> (hidden: Int, heads: Int) {
    guard let H = a.attribute("hidden", at: group)?.intValue, H > 0, let K = a.attribute("heads", at: group)?.intValue,
      K >= 0
    else {
      throw LayoutError("checkpoint", path: group, reason: "attributes hidden/heads missing or not positive integers")
    }
    return (H, K)
  }
}
