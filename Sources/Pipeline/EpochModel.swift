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
/// `scale · N^power` up to the network's capacity `capacity64 · (H/64)^capacityPower`; the level
/// past the capacity, or the first whose epochs exceed the budget, uses the whole budget and is
/// not reached, and every later level of the chain costs nothing (it is not trained).
///
/// The parameters summarise the training runs in docs/calibration.md: single-head parity slows
/// down with N and stalls at the network's capacity, multi-head parity and DMS pass each level in
/// a few epochs, τ fixed at 1 passes early levels faster but stalls about where trained τ does at
/// small sizes.
enum EpochModel {
  struct Curve {
    var scale: Double
    var power: Double
    var capacity64: Double
    var capacityPower: Double

    func epochs(_ n: Int) -> Double { scale * pow(Double(n), power) }
    func capacity(_ neurons: Int) -> Double { capacity64 * pow(Double(neurons) / 64, capacityPower) }
  }

  static func curve(_ l: TrainingLevel) -> Curve {
    let single = l.curriculum == "single" || l.curriculum.hasPrefix("sliding")
    let none = l.curriculum.hasPrefix("none")
    switch (l.architecture, l.task) {
    case ("gru"?, _), ("lstm"?, _):
      return single || none ? Curve(scale: 0.25, power: 2, capacity64: 10.5, capacityPower: 0.6)
                            : Curve(scale: 2.5, power: 0, capacity64: 40, capacityPower: 0.6)
    case (_, "dms"):
      return none ? Curve(scale: 0.5, power: 2, capacity64: 12, capacityPower: 0.6)
                  : Curve(scale: 3, power: 0, capacity64: 30, capacityPower: 0.6)
    default:
      if none { return Curve(scale: 0.25, power: 3, capacity64: 8, capacityPower: 0.6) }
      let fixed = l.fixedTau != nil
      if single {
        return fixed ? Curve(scale: 0.2, power: 2, capacity64: 10, capacityPower: 0.6)
                     : Curve(scale: 0.4, power: 2, capacity64: 10.5, capacityPower: 0.6)
      }
      return Curve(scale: fixed ? 4.5 : 6, power: 0, capacity64: 30, capacityPower: 0.6)
    }
  }

  /// Expected epochs of level `l.n`, given the levels before it in its chain.
  static func expectedEpochs(_ l: TrainingLevel) -> Double {
    let c = curve(l)
    let budget = Double(l.epochBudget)
    let cap = c.capacity(l.neurons)
    let first = l.curriculum.hasPrefix("none") ? l.n : 2
    for m in first...max(first, l.n) {
      let stalls = Double(m) > cap || c.epochs(m) > budget
      if stalls { return m == l.n ? budget : 0 }
    }
    return max(1, c.epochs(l.n))
  }
}
