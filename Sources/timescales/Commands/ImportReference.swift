import ArgumentParser
import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Pipeline
import Tasks

struct ImportReference: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import-reference",
    abstract: "Store one of the authors' networks (state_dict as HDF5) as a timescales checkpoint.",
    discussion: """
      FILE holds one dataset per key of the authors' PyTorch state_dict (make it from a .pt file with \
      tools/convert_reference_checkpoint.py). The checkpoint keeps the heads the curriculum uses at that level \
      (multi-head level N: heads 0…N−2; single-head: head 0) and can be evaluated and analysed like ours. \
      To bring such a file into the pipeline, use an `import` stage (see examples/reference-network.pipeline.json).
        timescales import-reference reference.h5 --curriculum multi --level 5 --output ref-multi-N5.h5
      """
  )
  @Argument(help: "The state_dict file (HDF5).") var file: String
  @Option(help: "single or multi (the curriculum the network was trained with).") var curriculum: String
  @Option(help: "The level (N_max) the network reached.") var level: Int
  @Option(help: "parity or dms (the task it was trained on).") var task: String = "parity"
  @Option(help: "Where to write the checkpoint (default: <file name>-<curriculum>-N<level>.h5 here).") var output: String?

  func run() throws {
    guard let c = Curriculum(name: curriculum) else {
      throw UsageError("--curriculum: unknown curriculum \"\(curriculum)\"; use single or multi")
    }
    guard level >= 2, c.isLevel(level) else { throw UsageError("--level: \(level) is not a level of curriculum \(c) (N ≥ 2)") }
    guard let taskKind = TaskKind(rawValue: task) else { throw UsageError("--task: unknown task \"\(task)\"; use parity or dms") }
    guard FileManager.default.fileExists(atPath: file) else { throw UsageError("\(file): no such file") }
    let stateDict: Artifact
    do { stateDict = try ArtifactReader.read(file) } catch { throw UsageError("\(file): not a readable HDF5 file (\(error))") }
    let network: LeakyRNN
    do {
      network = try ReferenceImport.importReference(stateDict: stateDict, curriculum: c, level: level)
    } catch { throw UsageError("\(file): \(error)") }
    let config = TrainingConfig(neurons: network.hidden, task: taskKind, curriculum: c, tau: network.config.tau)
    var artifact = Checkpoint.artifact(.imported(network, level: level), config: config)
    artifact.setAttribute("status", .string("reached"), at: "/training")
    artifact.setAttribute("imported_from", .string(URL(fileURLWithPath: file).lastPathComponent), at: "/training")
    let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let out = output ?? "\(stem)-\(c)-N\(level).h5"
    do { try AtomicFile.write(artifact, to: out) } catch { throw UsageError("\(error)") }
    print("wrote \(out): \(network.hidden) neurons, \(network.heads) head(s), \(c) level \(level), \(task)")
  }
}
