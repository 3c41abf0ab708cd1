import Artifacts

/// One artifact a figure is drawn from, read when the builder asks (`load()`): builders read their
/// inputs one at a time and keep only what they draw, so a figure over thousands of checkpoints
/// does not hold them all in memory.
public struct FigureInput {
  /// The stage that produced it.
  public var stage: String
  /// The `as` name it was given in pipeline.json, if any.
  public var role: String?
  /// Its content hash.
  public var contentHash: String?
  private let loader: () throws -> Artifact

  public init(stage: String, role: String?, contentHash: String?, loader: @escaping () throws -> Artifact) {
    self.stage = stage
    self.role = role
    self.contentHash = contentHash
    self.loader = loader
  }

  public init(stage: String, role: String?, artifact: Artifact) {
    self.init(
      stage: stage, role: role, contentHash: ContentHash.of(artifact), loader: { artifact })
  }

  /// Reads the artifact (again on every call).
  public func load() throws -> Artifact { try loader() }

  /// How tables cite it: its stage and content hash.
  public var source: Table.Source { Table.Source(stage: stage, contentHash: contentHash) }
}

/// What a builder hands to its gnuplot script: tables, and a few variables (panel switches,
/// axis ranges) set before the script runs.
public struct FigureData {
  public var tables: [Table] = []
  public var variables: [(String, Gnuplot.Value)] = []
  /// Lines for the stage's log (inputs left out, levels not reached).
  public var notes: [String] = []
  /// The networks drawn, for the scale line under the figure (variable `footer`, see `FigureStage`).
  public var scale = FigureScale()
  public init() {}

  public mutating func set(_ name: String, _ value: Double) { variables.append((name, .number(value))) }
  public mutating func set(_ name: String, _ value: String) { variables.append((name, .string(value))) }
  public mutating func set(_ name: String, _ value: Bool) { variables.append((name, .number(value ? 1 : 0))) }
}

/// Turns a figure's input artifacts into its tables. One per figure; the script
/// `figures/<name>.gp` draws them.
///
/// Adding a figure: write `Sources/Figures/<Name>.swift` with a builder, add it to
/// `FigureBuilders.all`, and write `figures/<name>.gp` (which loads `figures/style.gp`).
public struct FigureBuilder {
  public var name: String
  /// One line: what the figure shows.
  public var summary: String
  /// Bump when the tables change for the same inputs (enters the figure stage's cache key).
  public var version: Int
  public var build: ([FigureInput]) throws -> FigureData

  public init(name: String, summary: String, version: Int, build: @escaping ([FigureInput]) throws -> FigureData) {
    self.name = name
    self.summary = summary
    self.version = version
    self.build = build
  }
}

/// Every figure builder, by name. Add a new figure here.
public enum FigureBuilders {
  public static let all: [FigureBuilder] = [
    TauVsN.builder,
    TrainingSpeed.builder,
    MaxNFixedTau.builder,
    Ablation.builder,
    Perturbation.builder,
    Retraining.builder,
    TauNetVsN.builder,
    Dimensionality.builder,
    Forgetting.builder,
    GruLstm.builder,
    NonlinearityLocation.builder,
    ContinuousTime.builder,
    WeightStatistics.builder,
    TauDistribution.builder,
    SlidingWindow.builder,
    MultiObjective.builder,
  ]

  public static subscript(name: String) -> FigureBuilder? { all.first { $0.name == name } }
  public static var names: [String] { all.map(\.name) }
}
