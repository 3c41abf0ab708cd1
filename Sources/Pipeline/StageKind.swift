import Artifacts
import Foundation

/// One kind of stage: a pure function from parameters and input artifacts to an artifact.
///
/// The pipeline core knows stage kinds only through this protocol. A kind declares a
/// `codeVersion`: bump it when the kind's output changes for the same inputs, which
/// invalidates every cached artifact of that kind and nothing else.
public protocol StageKind {
  /// Parameters; `init()` gives every default, and pipeline.json values override them.
  associatedtype Params: Codable & DefaultInitializable
  /// The name used as `"kind"` in pipeline.json.
  static var name: String { get }
  static var codeVersion: Int { get }
  /// One line for `timescales kinds` and error hints.
  static var summary: String { get }
  /// Default resource request (cluster executors).
  static var resources: Resources { get }
  /// Whether a stage of this kind is short (an analysis, a figure): on a Slurm cluster, short
  /// stages that become ready together run one after another in one job. Default false: a job,
  /// or a task of a job array, per stage.
  static var isShort: Bool { get }
  /// The range of every numeric parameter, by its name in pipeline.json: checked at plan time,
  /// before `validate`, and listed in docs/parameters.md.
  static var ranges: [String: ParameterRange] { get }
  /// Consistency checks beyond `ranges`; each problem as (parameter name, message).
  static func validate(_ params: Params) -> [(String, String)]
  static func run(_ params: Params, inputs: StageInputs, context: StageContext) throws -> Artifact

  /// What else, beyond parameters and inputs, decides this kind's output: files in the project
  /// (a figure's gnuplot script) or the version of an outside tool. Computed when the pipeline
  /// is planned and added to the cache key as `extras`, so editing such a file reruns exactly the
  /// stages that read it. Nil (the default) adds nothing, leaving keys as they were. Throw a
  /// `ParameterError` to report a parameter that names something missing; it becomes a plan error.
  static func keyExtras(_ params: Params, projectRoot: URL) throws -> JSONValue?

  /// Called by `make` and `rerun`, after the run, for every target stage that is up to date —
  /// whether it ran now or was cached — to put its results where people look for them (a
  /// figure's files under `figures/out/<profile>/`). `artifact` reads the cached artifact (call
  /// it only if needed). The default does nothing. A throw marks the stage failed in the report.
  static func publish(_ params: Params, artifact: () throws -> Artifact, context: PublishContext) throws
}

extension StageKind {
  public static var resources: Resources { Resources() }
  public static var ranges: [String: ParameterRange] { [:] }
  public static var isShort: Bool { false }
  public static func validate(_ params: Params) -> [(String, String)] { [] }
  public static func keyExtras(_ params: Params, projectRoot: URL) throws -> JSONValue? { nil }
  public static func publish(_ params: Params, artifact: () throws -> Artifact, context: PublishContext) throws {}
}

/// A problem with one parameter found outside `validate` (e.g. by `keyExtras`: a file it names
/// does not exist). The planner reports it at `stages.<id>.params.<parameter>`.
public struct ParameterError: Error, CustomStringConvertible {
  public var parameter: String
  public var message: String
  public var hint: String?
  public init(_ parameter: String, _ message: String, hint: String? = nil) {
    self.parameter = parameter
    self.message = message
    self.hint = hint
  }
  public var description: String { "\(parameter): \(message)" + (hint.map { "\nhint: \($0)" } ?? "") }
}

/// Where a stage's `publish` hook runs.
public struct PublishContext {
  public var stageName: String
  public var profile: String
  public var projectRoot: URL
  /// The cache key of the artifact being published.
  public var key: String
  public init(stageName: String, profile: String, projectRoot: URL, key: String) {
    self.stageName = stageName
    self.profile = profile
    self.projectRoot = projectRoot
    self.key = key
  }
}

/// Resource request of a stage on a cluster.
public struct Resources: Codable, Equatable, Sendable {
  public var cpus: Int = 1
  public var memory: String = "2G"
  public var time: String = "1:00:00"
  public init(cpus: Int = 1, memory: String = "2G", time: String = "1:00:00") {
    self.cpus = cpus
    self.memory = memory
    self.time = time
  }
}

/// The artifacts a stage reads, in dependency order.
public struct StageInputs {
  /// One input. Its artifact is read when the stage asks (`load()`), so a stage with many inputs
  /// (a figure over every trained network) can read them one at a time instead of holding them all.
  public struct Input {
    /// The `as` name given in pipeline.json, if any.
    public var role: String?
    public var stage: String
    /// The content hash of the input's artifact (nil for an input built in memory).
    public var contentHash: String?
    private let loader: () throws -> Artifact

    /// An input read from the store on each `load()`, its content hash checked.
    public init(role: String?, stage: String, contentHash: String?, loader: @escaping () throws -> Artifact) {
      self.role = role
      self.stage = stage
      self.contentHash = contentHash
      self.loader = loader
    }

    /// An input already in memory (tests, tools).
    public init(role: String?, stage: String, artifact: Artifact) {
      self.init(role: role, stage: stage, contentHash: nil, loader: { artifact })
    }

    /// Reads the artifact. Each call reads it again: keep what you need and let the rest go.
    public func load() throws -> Artifact { try loader() }
  }
  public var all: [Input]
  public init(_ all: [Input]) { self.all = all }

  public subscript(role: String) -> Input? { all.first { $0.role == role } }
  /// The inputs given under `role`, or all inputs when `role` is nil.
  public func named(_ role: String?) -> [Input] { role == nil ? all : all.filter { $0.role == role } }
}

/// What a running stage may know about its surroundings.
public struct StageContext {
  public var stageName: String
  public var profile: String
  /// The project directory (for files a stage reads, such as figure scripts).
  public var projectRoot: URL
  /// A directory private to this stage's cache key that survives a crash (resume state).
  public var scratchDirectory: URL
  /// Threads this stage may use for work it splits in a fixed way (BLAS always runs one thread).
  public var threads: Int
  /// Progress lines (epochs, levels): shown on the terminal and kept in the stage's log.
  public var progress: (String) -> Void

  public init(
    stageName: String, profile: String, projectRoot: URL, scratchDirectory: URL, threads: Int,
    progress: @escaping (String) -> Void
  ) {
    self.stageName = stageName
    self.profile = profile
    self.projectRoot = projectRoot
    self.scratchDirectory = scratchDirectory
    self.threads = threads
    self.progress = progress
  }
}

/// A stage-kind failure that is the user's to fix (bad input data, missing file): reported
/// with the stage name, without a stack of internals.
public struct StageError: Error, CustomStringConvertible {
  public var message: String
  public var hint: String?
  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }
  public var description: String { hint.map { "\(message)\nhint: \($0)" } ?? message }
}

/// A type with a default value for every field (stage parameters).
public protocol DefaultInitializable {
  init()
}
