import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Pipeline
import Tasks

/// Brings an external network into the pipeline so every analysis runs on it exactly as on a network
/// trained here: the authors' PyTorch networks (an HDF5 file with one dataset per `state_dict` key,
/// see `tools/convert_reference_checkpoint.py`) or a checkpoint written by this project.
///
/// Writes the same layout as `train` (`Checkpoint.artifact`), with `/training` attributes
/// `status` = "reached", `imported_from` = the file name and `imported_sha256`. The cache key
/// includes the file's SHA-256, so replacing the file recomputes the import and everything after it.
/// codeVersion history: 1 initial; 2 self-describing: every dataset has description, units and
/// dimensions (ArtifactLayouts), the root its layout and layout version.
public enum ImportStage: StageKind {
  public static let name = "import"
  public static let codeVersion = 2
  public static let summary = "imports an external network (authors' state_dict as HDF5, or a timescales checkpoint)"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// The file, absolute or relative to the project directory.
    public var file: String = ""
    /// "state-dict" (the authors' keys) or "checkpoint" (a file written by timescales).
    public var format: Format = .stateDict
    /// The task the network was trained on: "parity" or "dms".
    public var task: TaskKind = .parity
    /// The curriculum it was trained with (decides which heads are kept): "single", "multi", …
    public var curriculum: CurriculumName = .multi
    /// The level (N_max) the network reached.
    public var n: Int = 2
    /// Recorded as the network's seed (for grouping networks in figures).
    public var seed: Int = 0
  }

  /// The kind of network file.
  public enum Format: String, NamedChoice {
    case stateDict = "state-dict", checkpoint
  }

  public static var ranges: [String: ParameterRange] { ["n": ParameterRanges.level, "seed": ParameterRanges.seed] }

  public static func validate(_ p: Params) -> [(String, String)] {
    var out: [(String, String)] = []
    if p.file.isEmpty { out.append(("file", "is required: the path of the network file")) }
    let c = p.curriculum.curriculum
    if !c.isLevel(p.n) { out.append(("n", "\(p.n) is not a level of curriculum \(c)")) }
    return out
  }

  /// The file's SHA-256: a replaced file recomputes the import and everything after it.
  public static func keyExtras(_ p: Params, projectRoot: URL) throws -> JSONValue? {
    let url = resolve(p.file, projectRoot: projectRoot)
    guard let digest = FileDigest.sha256(path: url.path) else {
      throw ParameterError(
        "file", "\(url.path) does not exist or cannot be read",
        hint: "point params.file at the network file (absolute, or relative to the project)")
    }
    return .object([("fileSHA256", .string(digest))])
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    try importNetwork(p, from: resolve(p.file, projectRoot: context.projectRoot))
  }

  /// The checkpoint of the network in `url` (`p.file` is not read): what the stage writes, and
  /// what `timescales import-reference` writes outside the pipeline. `p` must be valid (`validate`).
  public static func importNetwork(_ p: Params, from url: URL) throws -> Artifact {
    let digest = try sha256(of: url)
    let source: Artifact
    do { source = try ArtifactReader.read(url.path) } catch {
      throw StageError("cannot read \(url.path) as HDF5: \(error)", hint: "params.file must name an HDF5 file")
    }
    let curriculum = p.curriculum.curriculum
    var state: TrainingState, config: TrainingConfig
    do {
      switch p.format {
      case .checkpoint:
        (state, config) = try Checkpoint.readState(source)
      case .stateDict:
        let network = try ReferenceImport.importReference(stateDict: source, curriculum: curriculum, level: p.n)
        state = .imported(network, level: p.n)
        config = TrainingConfig(
          neurons: network.hidden, task: p.task, curriculum: curriculum,
          form: network.config.form, nonlinearity: network.config.nonlinearity,
          tau: network.config.tau, seed: UInt64(p.seed))
      }
    } catch let error as ExperimentsError {
      throw StageError(
        "\(url.path): \(error)", hint: "check params.format (\"\(p.format.rawValue)\"), curriculum and n")
    }
    var a = Checkpoint.artifact(state, config: config)
    a.setAttribute("status", .string("reached"), at: "/training")
    a.setAttribute("imported_from", .string(url.lastPathComponent), at: "/training")
    a.setAttribute("imported_sha256", .string(digest), at: "/training")
    return a
  }

  static func resolve(_ file: String, projectRoot: URL) -> URL {
    file.hasPrefix("/") ? URL(fileURLWithPath: file) : projectRoot.appendingPathComponent(file)
  }

  static func sha256(of url: URL) throws -> String {
    guard let digest = FileDigest.sha256(path: url.path) else {
      throw StageError(
        "the network file \(url.path) does not exist or cannot be read",
        hint: "set params.file of the import stage to an existing file (absolute, or relative to the project)")
    }
    return digest
  }
}
