import Artifacts
import Experiments
import Networks
import Pipeline
import Tasks

/// Ablation (SPEC §6): the K fastest and the K slowest neurons by raw τ, removed one at a time
/// (`NetworkSurgery.ablating`), each scored with the streaming protocol at the network's level N on its
/// head for N; plus the unablated baseline. Every evaluation uses the same `trials` streams.
///
/// Writes (K = `k` ≤ H/2):
/// ```
/// /baseline/accuracy  float64 [trials]
/// /fast/neuron int64 [K]  /fast/tau float32 [K]  /fast/accuracy float64 [K×trials]   (fastest first)
/// /slow/…             the same for the slowest (slowest first)
/// /source             attributes stage, config, level, level_reached; plus n, head
/// ```
/// An unreached level gives only `/source`. codeVersion history: 1 initial.
public enum AblationStage: StageKind {
  public static let name = "ablation"
  public static let codeVersion = 1
  public static let summary = "streaming accuracy after removing each of the K fastest / slowest neurons"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// Neurons ablated at each end of the τ ranking (paper: 20).
    public var k: Int = 20
    public var trials: Int = 10
    public var steps: Int = 1000
    public var warmup: Int = 100
    public var seed: Int = 0
  }

  public static func validate(_ p: Params) -> [(String, String)] {
    var out: [(String, String)] = []
    for (name, v) in [("k", p.k), ("trials", p.trials), ("steps", p.steps)] where v < 1 {
      out.append((name, "must be ≥ 1 (got \(v))"))
    }
    if p.warmup < 0 { out.append(("warmup", "must be ≥ 0")) }
    return out
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    let source = try NetworkInput.read(inputs, context: context)
    let hidden = source.network.hidden
    guard 2 * p.k <= hidden else {
      throw StageError("params.k = \(p.k) is more than half of the network's \(hidden) neurons: the fastest and slowest groups would overlap",
                       hint: "set k ≤ \(hidden / 2) for stage \(context.stageName)")
    }
    guard source.reached else { return source.missingData() }
    let n = source.level, head = source.head(n: n), net = source.network
    func score(_ network: LeakyRNN) throws -> [Double] {
      try Evaluation.streaming(network: network, task: source.config.task, n: n, head: head, trials: p.trials,
                               warmup: p.warmup, steps: p.steps, seed: UInt64(p.seed)).trialAccuracies
    }
    var a = Artifact()
    source.describe(into: &a)
    a.setAttribute("n", .int(Int64(n)), at: "/source")
    a.setAttribute("head", .int(Int64(head)), at: "/source")
    a["/baseline/accuracy"] = NDArray(try score(net))
    let order = NetworkSurgery.neuronsByTau(net), k = p.k
    let tau = Array(net.parameters[net.layout.tau])
    for (group, neurons) in [("fast", Array(order.prefix(k))), ("slow", Array(order.suffix(k).reversed()))] {
      var accuracy: [Double] = []
      for (j, i) in neurons.enumerated() {
        context.progress("\(group) neuron \(j + 1)/\(k) (τ = \(tau[i]))")
        accuracy += try score(NetworkSurgery.ablating(net, neuron: i))
      }
      a["/\(group)/neuron"] = NDArray(neurons.map(Int64.init))
      a["/\(group)/tau"] = NDArray(neurons.map { tau[$0] })
      a["/\(group)/accuracy"] = NDArray(accuracy, shape: [k, p.trials])
    }
    return a
  }
}
