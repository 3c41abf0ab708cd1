import Artifacts
import Foundation
import Layouts
import Networks
import Tasks

/// A network read from a file of either kind: a timescales checkpoint (`/network` group) or the
/// authors' `state_dict` stored as HDF5 (one dataset per key, shared/reference/README.md).
public struct NetworkFile {
  public enum Kind: String, Sendable { case checkpoint, stateDict = "state-dict" }

  public var kind: Kind
  public var network: LeakyRNN
  /// The training configuration, for checkpoints written by a training run.
  public var config: TrainingConfig?

  /// Reads `path`. A GRU/LSTM checkpoint is refused (everything that reads network files works on
  /// the leaky RNN). A state_dict keeps every stored head (head k answers N = k + 2 when multi-head).
  /// - Throws: `ExperimentsError.invalidArgument` naming the file for a missing file, a file that is
  ///   not HDF5, or one that holds neither layout; `malformedCheckpoint`/`malformedStateDict` otherwise.
  public static func read(_ path: String) throws -> NetworkFile {
    guard FileManager.default.fileExists(atPath: path) else {
      throw ExperimentsError.invalidArgument("\(path): no such file")
    }
    let artifact: Artifact
    do { artifact = try ArtifactReader.read(path) } catch {
      let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
      throw ExperimentsError.invalidArgument("\(path): not a readable HDF5 file (\(reason))")
    }
    let architecture = Checkpoint.architecture(artifact)
    guard architecture == "leaky" else {
      throw ExperimentsError.invalidArgument(
        "\(path): a \(architecture.uppercased()) network; only leaky RNNs can be read here (streaming evaluation, τ-based analyses)"
      )
    }
    do {
      if artifact.group("/network") != nil {
        let config = (try? Checkpoint.readState(artifact))?.config
        return NetworkFile(kind: .checkpoint, network: try Checkpoint.readNetwork(artifact), config: config)
      }
      if artifact["/modulelist.1.weight"] != nil {
        var heads = 0
        while artifact["/modulelist.\(2 + heads).weight"] != nil { heads += 1 }
        let network = try ReferenceImport.importReference(
          stateDict: artifact, curriculum: heads > 1 ? .multi : .single,
          level: heads > 1 ? heads + 1 : 2)
        return NetworkFile(kind: .stateDict, network: network, config: nil)
      }
    } catch let e as ExperimentsError {
      throw ExperimentsError.invalidArgument("\(path): \(e)")
    }
    throw ExperimentsError.invalidArgument(
      "\(path): neither a timescales checkpoint (/network) nor a state_dict (modulelist.1.weight)")
  }

  /// The head the streaming protocol reads for N (SPEC §5): 0 for single-head networks, N − 2 for
  /// multi-head networks (several heads and no recorded curriculum counts as multi-head); nil for a
  /// sliding-window network, whose heads move with the window (give the head explicitly).
  public func defaultHead(n: Int) -> Int? {
    guard let config else { return network.heads > 1 ? n - 2 : 0 }
    return config.curriculum.streamingHead(n: n)
  }
}
