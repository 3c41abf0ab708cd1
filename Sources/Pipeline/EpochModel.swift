import Foundation

/// What the cost model needs to know of one training stage.
struct TrainingLevel {
  var task: String
  var curriculum: String
  var n: Int
  var neurons: Int
  var epochBudget: Int
  var fixedTau: Double?
  var architecture: String?
  var continuousTime: Bool

  init(_ p: JSONValue) {
    task = p["task"]?.stringValue ?? "parity"
    curriculum = p["curriculum"]?.stringValue ?? "multi"
    n = p["n"]?.intValue ?? 2
    neurons = p["neurons"]?.intValue ?? 500
    epochBudget = p["epochBudget"]?.intValue ?? 1000
    fixedTau = p["fixedTau"]?.doubleValue
    architecture = p["architecture"]?.stringValue.flatMap { $0 == "leaky" ? nil : $0 }
    continuousTime = p["stepsPerDigit"]?.arrayValue != nil
  }

  /// Readout heads while training this level (the multi-head curriculum has one per N′ ≤ N).
  var heads: Int { curriculum == "multi" ? max(1, n - 1) : 1 }
}

/// How many epochs a curriculum level takes, before it has run: per-level epochs grow as
/// `scale · N^power · (1 + (N / capacity)^8)`, where `capacity = capacity64 · (H/64)^capacityPower`
/// is the level near which a network of H neurons slows down sharply. The first level whose epochs
/// exceed the budget uses the whole budget and is not reached; every later level of the chain costs
/// nothing (it is not trained).
///
/// The parameters summarise the training runs in docs/calibration.md: single-head parity takes
/// ≈ 0.4 N² epochs per level (τ fixed at 1: ≈ 0.2 N²) until it nears the capacity (≈ 10.5 levels at
/// 64 neurons, 13.4 at 96, 16 at 128), multi-head parity and DMS pass each level in a few epochs.
enum EpochModel {
  struct Curve {
    var scale: Double
    var power: Double
    var capacity64: Double
    var capacityPower: Double

    func epochs(_ n: Int, neurons: Int) -> Double {
      scale * pow(Double(n), power) * (1 + pow(Double(n) / capacity(neurons), 8))
    }
    func capacity(_ neurons: Int) -> Double { capacity64 * pow(Double(neurons) / 64, capacityPower) }
  }

  static func curve(_ l: TrainingLevel) -> Curve {
    let single = l.curriculum == "single" || l.curriculum.hasPrefix("sliding")
    let none = l.curriculum.hasPrefix("none")
    switch (l.architecture, l.task) {
    case ("gru"?, _), ("lstm"?, _):
      return single || none
        ? Curve(scale: 0.25, power: 2, capacity64: 10.5, capacityPower: 0.6)
        : Curve(scale: 2.5, power: 0, capacity64: 40, capacityPower: 0.6)
    case (_, "dms"):
      return none
        ? Curve(scale: 0.5, power: 2, capacity64: 12, capacityPower: 0.6)
        : Curve(scale: 3, power: 0, capacity64: 30, capacityPower: 0.6)
    default:
      if none { return Curve(scale: 0.25, power: 3, capacity64: 8, capacityPower: 0.6) }
      let fixed = l.fixedTau != nil
      if single {
        return fixed
          ? Curve(scale: 0.2, power: 2, capacity64: 10, capacityPower: 0.6)
          : Curve(scale: 0.4, power: 2, capacity64: 10.5, capacityPower: 0.6)
      }
      return Curve(scale: fixed ? 4.5 : 6, power: 0, capacity64: 30, capacityPower: 0.6)
    }
  }

  /// Expected epochs of level `l.n`, given the levels before it in its chain.
  static func expectedEpochs(_ l: TrainingLevel) -> Double {
    let c = curve(l)
    let budget = Double(l.epochBudget)
    let first = l.curriculum.hasPrefix("none") ? l.n : 2
    for m in first...max(first, l.n) where c.epochs(m, neurons: l.neurons) > budget {
      return m == l.n ? budget : 0
    }
    return max(1, c.epochs(l.n, neurons: l.neurons))
  }
}
