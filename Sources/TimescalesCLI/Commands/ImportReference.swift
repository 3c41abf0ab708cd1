import ArgumentParser
import Artifacts
import Foundation
import Layouts
import Pipeline
import Stages

struct ImportReference: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import-reference",
    abstract: "Store one of the authors' networks (state_dict as HDF5) as a timescales checkpoint.",
    discussion: """
      FILE holds one dataset per key of the authors' PyTorch state_dict (make it from a .pt file with \
      tools/convert_reference_checkpoint.py). The checkpoint keeps the heads the curriculum uses at that level \
      (multi-head level N: heads 0…N−2; single-head: head 0) and can be evaluated and analysed like ours. \
      The checkpoint is the one an `import` stage writes; to bring the file into the pipeline, use such a stage \
      (see examples/reference-network/pipeline.json).
        timescales import-reference reference.h5 --curriculum multi --level 5 --output ref-multi-N5.h5
      """
  )
  @Argument(help: "The state_dict file (HDF5).") var file: String
  @Option(help: "single or multi (the curriculum the network was trained with).") var curriculum: String
  @Option(help: "The level (N_max) the network reached.") var level: Int
  @Option(help: "parity or dms (the task it was trained on).") var task: String = "parity"
  @Option(help: "Where to write the checkpoint (default: <file name>-<curriculum>-N<level>.h5 here).") var output:
    String?

  func run() throws {
    guard let curriculumName = CurriculumName(curriculum) else {
      throw UsageError("--curriculum: unknown curriculum \"\(curriculum)\"; use single or multi")
    }
    guard let taskKind = TaskKind(rawValue: task) else {
      throw UsageError("--task: must be \(TaskKind.choices) (got \"\(task)\")")
    }
    var p = ImportStage.Params()
    p.file = file
    p.format = .stateDict
    p.task = taskKind
    p.curriculum = curriculumName
    p.n = level
    let options = ["curriculum": "--curriculum", "n": "--level", "task": "--task"]
    if let (parameter, problem) = ImportStage.validate(p).first {
      throw UsageError("\(options[parameter] ?? parameter): \(problem)")
    }
    guard FileManager.default.fileExists(atPath: file) else { throw UsageError("\(file): no such file") }
    let url = URL(fileURLWithPath: file)
    let artifact: Artifact
    do { artifact = try ImportStage.importNetwork(p, from: url) } catch { throw UsageError("\(error)") }
    let stem = url.deletingPathExtension().lastPathComponent
    let out = output ?? "\(stem)-\(curriculum)-N\(level).h5"
    do { try AtomicFile.write(artifact, to: out) } catch { throw UsageError("\(error)") }
    print("wrote \(out): \(curriculum) level \(level), \(task), imported from \(url.lastPathComponent)")
  }
}
