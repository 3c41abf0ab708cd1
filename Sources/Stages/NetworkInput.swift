import Artifacts
import Experiments
import Networks
import Pipeline

/// The network a per-network analysis reads: its input `network`, a `train` or `import` artifact.
struct NetworkInput {
  var network: LeakyRNN
  var config: TrainingConfig
  /// The curriculum level (N_max) of the checkpoint.
  var level: Int
  /// Whether that level passed; analyses of unreached levels write `missingData` instead.
  var reached: Bool
  var stage: String

  static func read(_ inputs: StageInputs, context: StageContext) throws -> NetworkInput {
    let (artifact, stage) = try leakyCheckpoint(inputs, context: context)
    do {
      let (state, config) = try Checkpoint.readState(artifact)
      return NetworkInput(network: state.network, config: config, level: state.level, reached: state.levelReached,
                          stage: stage)
    } catch {
      throw StageError("input \(stage) is not a network checkpoint: \(error)")
    }
  }

  /// The checkpoint of input `network` and its stage name. Every analysis that reads its network
  /// through here (τ_net, forgetting, ablation, perturbation, retraining) works on the leaky RNN's τ
  /// and W^R, so a GRU/LSTM checkpoint is refused here, once, naming the input — also when its level
  /// was not reached (the missing-data artifact would hide the mistake).
  static func leakyCheckpoint(_ inputs: StageInputs, context: StageContext) throws -> (artifact: Artifact, stage: String) {
    guard let input = inputs["network"] else {
      throw StageError("stage \(context.stageName) needs a trained network as input \"network\"",
                       hint: "add { \"stage\": \"train/…/N{n}\", \"as\": \"network\" } to its needs")
    }
    let artifact: Artifact
    do { artifact = try input.load() } catch { throw StageError("input \(input.stage) could not be read: \(error)") }
    let architecture = Checkpoint.architecture(artifact)
    guard architecture == "leaky" else {
      throw StageError("input \(input.stage) is a \(architecture.uppercased()) network; stage \(context.stageName) analyses leaky RNNs only (τ, W^R)",
                       hint: "take \(input.stage) out of the needs of \(context.stageName): gated networks are compared by their training (figure gru-lstm)")
    }
    return (artifact, input.stage)
  }

  /// The streaming protocol's head for N (SPEC §5): 0 single-head, N − 2 multi-head.
  func head(n: Int) -> Int { config.curriculum.streamingHead(n: n) ?? 0 }

  /// `/source` attributes naming the network (`AnalysisSource`), so figures group artifacts without
  /// parsing stage names.
  func describe(into a: inout Artifact) {
    AnalysisSource(config: config, level: level, levelReached: reached, stage: stage).write(into: &a)
  }

  /// The artifact of an analysis whose network did not reach its level: only `/source`.
  func missingData() -> Artifact {
    var a = Artifact()
    describe(into: &a)
    return a
  }
}
