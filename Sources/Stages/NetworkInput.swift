import Artifacts
import Experiments
import Layouts
import Pipeline

/// The network a per-network analysis reads: its input `network`, a `train` or `import` artifact.
enum NetworkInput {
  /// The checkpoint of input `network` and its stage name. Every analysis that reads its network
  /// through here (τ_net, forgetting, ablation, perturbation, retraining) works on the leaky RNN's τ
  /// and W^R, so a GRU/LSTM checkpoint is refused here, once, naming the input — also when its level
  /// was not reached (the missing-data artifact would hide the mistake).
  static func leakyCheckpoint(_ inputs: StageInputs, context: StageContext) throws -> (
    artifact: Artifact, stage: String
  ) {
    guard let input = inputs["network"] else {
      throw StageError(
        "stage \(context.stageName) needs a trained network as input \"network\"",
        hint: "add { \"stage\": \"train/…/N{n}\", \"as\": \"network\" } to its needs")
    }
    let artifact: Artifact
    do { artifact = try input.load() } catch { throw StageError("input \(input.stage) could not be read: \(error)") }
    let architecture = Checkpoint.architecture(artifact)
    guard architecture == "leaky" else {
      throw StageError(
        "input \(input.stage) is a \(architecture.uppercased()) network; stage \(context.stageName) analyses leaky RNNs only (τ, W^R)",
        hint:
          "take \(input.stage) out of the needs of \(context.stageName): gated networks are compared by their training (figure gru-lstm)"
      )
    }
    return (artifact, input.stage)
  }

  /// The streaming trials of the robustness stages' parameters.
  static func scoring(trials: Int, warmup: Int, steps: Int, seed: Int) -> StreamingTrials {
    StreamingTrials(trials: trials, warmup: warmup, steps: steps, seed: UInt64(bitPattern: Int64(seed)))
  }
}
