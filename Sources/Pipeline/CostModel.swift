import Foundation

/// What a stage costs before it runs: CPU seconds on one core of this project's machine (2 cores,
/// AVX-512, OpenBLAS with its SkylakeX kernels), from the stage's kind and parameters.
///
/// Every kind's cost is `overhead + perUnit × work`, with work counted in multiply-adds of the
/// recurrent network (a leaky RNN step costs H² + (2·heads + 24)·H per sequence: the recurrent
/// product, the readout heads and the elementwise work):
///
/// | kind | work |
/// |---|---|
/// | train (leaky) | epochs × (3·stepsPerEpoch + testBatches) × batch × L(n) × step (backward ≈ 2 × forward) |
/// | train (GRU/LSTM) | the same with a step of 9 H² (GRU) or 15 H² (LSTM): three or four gates, Adam, measured |
/// | train (continuous time) | the same with every sequence k times longer, once per k of `stepsPerDigit` |
/// | retraining | `epochs` epochs of training at N′ |
/// | tau-net | trials × (steps + burnIn) × (H² + 740 H): the simulation and each neuron's autocorrelation |
/// | ablation | (2k + 1) × trials × (steps + warmup) × step |
/// | perturbation | ε values × trials × (steps + warmup) × step |
/// | forgetting | Σ over N′ ≤ N of testBatches × batchSize × L(N′) × step |
/// | continuous-time-test | k values × testBatches × batchSize × L(N) × k̄ × step |
/// | figure, claims | a fixed time per stage plus one per input read |
///
/// L(n) = 2.5 n + 1.5 is the mean sequence length at level n (lengths uniform in [n + 2, 4n + 1]).
/// The number of epochs a training level takes is not known in advance: `EpochModel` predicts it
/// (and where a curriculum stalls). The coefficients were fitted to the per-stage times of runs
/// on the project's machine (docs/calibration.md, "Cost model").
public enum CostModel {
  struct Coefficients {
    /// CPU seconds per multiply-add of work.
    var perUnit: Double
    /// CPU seconds every stage of the kind takes regardless of size (process start, HDF5 I/O).
    var overhead: Double
    /// Extra seconds per input artifact read (figures and claims read many).
    var perInput: Double = 0
  }

  static let coefficients: [String: Coefficients] = [
    "train": .init(perUnit: 2.2e-11, overhead: 0.15),
    "retraining": .init(perUnit: 2.2e-11, overhead: 0.15),
    "tau-net": .init(perUnit: 2.4e-11, overhead: 0.1),
    "ablation": .init(perUnit: 7e-11, overhead: 0.1),
    "perturbation": .init(perUnit: 1.2e-10, overhead: 0.1),
    "forgetting": .init(perUnit: 2.5e-11, overhead: 0.1),
    "continuous-time-test": .init(perUnit: 2.5e-11, overhead: 0.1),
    "figure": .init(perUnit: 0, overhead: 0.3, perInput: 0.003),
    "claims": .init(perUnit: 0, overhead: 0.3, perInput: 0.003),
  ]
  static let fallback = Coefficients(perUnit: 0, overhead: 0.1, perInput: 0.003)

  /// Estimated CPU seconds of every stage of `plan`, in plan order.
  public static func cpuSeconds(_ plan: Plan) -> [Double] {
    plan.stages.indices.map { cpuSeconds(plan, $0) }
  }

  public static func cpuSeconds(_ plan: Plan, _ i: Int) -> Double {
    let s = plan.stages[i]
    let c = coefficients[s.kind] ?? fallback
    return c.overhead + c.perInput * Double(s.inputs.count) + c.perUnit * work(plan, s)
  }

  static func meanLength(_ n: Int) -> Double { 2.5 * Double(n) + 1.5 }

  /// Multiply-adds of one time step of one sequence.
  static func step(neurons h: Int, heads: Int = 1, architecture: String? = nil) -> Double {
    let H = Double(h)
    switch architecture {
    case "gru": return 9 * H * H + (2 * Double(heads) + 56) * H
    case "lstm": return 15 * H * H + (2 * Double(heads) + 64) * H
    default: return H * H + (2 * Double(heads) + 24) * H
    }
  }

  static func work(_ plan: Plan, _ s: PlannedStage) -> Double {
    let p = s.params
    func int(_ key: String, _ fallback: Int = 0) -> Int { p[key]?.intValue ?? fallback }
    switch s.kind {
    case "train":
      let level = TrainingLevel(p)
      let epochs = EpochModel.expectedEpochs(level)
      let k = p["stepsPerDigit"]?.arrayValue?.compactMap(\.intValue) ?? [1]
      let perSequence =
        meanLength(level.n) * Double(k.reduce(0, +))
        * step(
          neurons: level.neurons, heads: level.heads,
          architecture: level.architecture)
      return epochs * Double(3 * int("stepsPerEpoch", 600) + int("testBatches", 50)) * Double(int("batch", 256))
        * perSequence
    case "retraining":
      let net = network(plan, s)
      let n = int("nPrime", 16)
      return Double(int("epochs", 20) * (3 * int("stepsPerEpoch", 600) + int("testBatches", 50)) * int("batch", 256))
        * meanLength(n) * step(neurons: net.neurons, heads: 1)
    case "tau-net":
      // The autocorrelation of every neuron's activity (FFT over the run) costs about 740 steps per neuron.
      let h = Double(network(plan, s).neurons)
      return Double(int("trials", 10) * (int("steps", 100_500) + int("burnIn", 500))) * (h * h + 740 * h)
    case "ablation":
      return Double((2 * int("k", 20) + 1) * int("trials", 10) * (int("steps", 1000) + int("warmup", 100)))
        * step(neurons: network(plan, s).neurons)
    case "perturbation":
      let epsilons = p["epsilons"]?.arrayValue?.count ?? (p["target"]?.stringValue == "tau" ? 14 : 11)
      return Double(epsilons * int("trials", 10) * (int("steps", 1000) + int("warmup", 100)))
        * step(neurons: network(plan, s).neurons)
    case "forgetting":
      let net = network(plan, s)
      let lengths = (2...max(2, net.n)).reduce(0.0) { $0 + meanLength($1) }
      return Double(int("testBatches", 50) * int("batchSize", 256)) * lengths
        * step(neurons: net.neurons, heads: net.heads)
    case "continuous-time-test":
      let net = network(plan, s)
      let k = p["stepsPerDigit"]?.arrayValue?.compactMap(\.intValue) ?? [1]
      return Double(int("testBatches", 50) * int("batchSize", 256)) * meanLength(net.n) * Double(k.reduce(0, +))
        * step(neurons: net.neurons, heads: net.heads)
    default:
      return 0
    }
  }

  /// The training level an analysis stage reads (its `network` input), or a default-sized one.
  static func network(_ plan: Plan, _ s: PlannedStage) -> TrainingLevel {
    let input = s.inputs.first { $0.role == "network" } ?? s.inputs.first
    guard let input, let t = plan[input.stage], t.kind == "train" else { return TrainingLevel(.object([])) }
    return TrainingLevel(t.params)
  }
}
