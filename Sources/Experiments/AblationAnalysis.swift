import Artifacts
import Layouts
import Networks

/// Ablation (SPEC §6): the K fastest and the K slowest neurons by raw τ, removed one at a time
/// (`NetworkSurgery.ablating`), each scored with the streaming protocol at the network's level N on
/// its head for N; plus the unablated baseline. Every evaluation uses the same streams. Layout:
/// `AblationLayout`.
public enum AblationAnalysis {
  /// Reads the checkpoint and ablates its network, or returns the missing-data artifact (`/source`
  /// only) when its level was not reached.
  ///
  /// - Throws: `ExperimentsError` for an input that is not a leaky checkpoint, or `k` more than half
  ///   the network's neurons (the two groups would overlap).
  public static func run(
    checkpoint: Artifact, stage: String? = nil, k: Int, scoring: StreamingTrials,
    progress: (String) -> Void = { _ in }
  ) throws -> Artifact {
    let (source, opened) = try AnalysisSource.open(checkpoint, stage: stage, progress: progress)
    let hidden = opened?.hidden ?? source.config.neurons
    guard 2 * k <= hidden else {
      throw ExperimentsError.invalidArgument(
        "params.k = \(k) is more than half of the network's \(hidden) neurons: the fastest and slowest groups would overlap (set k ≤ \(hidden / 2))"
      )
    }
    guard let network = opened else { return source.missingDataArtifact() }
    let n = source.level, head = source.head(n: n), task = source.config.task
    let order = NetworkSurgery.neuronsByTau(network)
    let tau = Array(network.parameters[network.layout.tau])
    func ablated(_ name: String, _ neurons: [Int]) throws -> AblationLayout.Group {
      var accuracy: [Double] = []
      for (j, i) in neurons.enumerated() {
        progress("\(name) neuron \(j + 1)/\(k) (τ = \(tau[i]))")
        accuracy += try scoring.accuracies(NetworkSurgery.ablating(network, neuron: i), task: task, n: n, head: head)
      }
      return AblationLayout.Group(neurons: neurons, tau: neurons.map { tau[$0] }, accuracy: accuracy)
    }
    let result = AblationLayout(
      n: n, head: head, baseline: try scoring.accuracies(network, task: task, n: n, head: head),
      fast: try ablated("fast", Array(order.prefix(k))),
      slow: try ablated("slow", Array(order.suffix(k).reversed())))
    var a = Artifact()
    result.write(source: source, into: &a)
    return a
  }
}
