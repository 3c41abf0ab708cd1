import Artifacts

/// A continuous-time test artifact (docs/method.md §1.1 continuous-time variant, §6): a network's
/// training-protocol accuracy per active head of its level at a grid of k steps per digit (Δt = 1/k).
///
/// ```
/// /continuous_time/steps_per_digit  int64   G      the grid of k, ascending
/// /continuous_time/dt               float64 G      Δt = 1/k
/// /continuous_time/training_steps_per_digit int64 |K|  the k the network was trained with ([1]: discrete)
/// /continuous_time/head             int64   Ka     the heads tested (the level's active heads)
/// /continuous_time/n                int64   Ka     the N each head answers at this level
/// /continuous_time/accuracy         float64 G×Ka   fraction correct over test_batches × batch_size
///   attributes: test_batches, batch_size, seed
/// /source   `AnalysisSource` (its config holds the training k)
/// ```
/// A level not reached gives only `/source` (`AnalysisSource.missingDataArtifact`).
public struct ContinuousTimeLayout: Equatable, Sendable {
  /// The grid of k, ascending (G).
  public var stepsPerDigit: [Int]
  /// The k the network was trained with ([1]: discrete).
  public var trainingStepsPerDigit: [Int]
  /// The heads tested and the N each answers (Ka).
  public var heads: [Int]
  public var ns: [Int]
  /// G×Ka, row per k.
  public var accuracy: [Double]
  /// How the accuracies were measured (attributes of `/continuous_time`).
  public var testBatches: Int
  public var batchSize: Int
  public var seed: UInt64

  public init(
    stepsPerDigit: [Int], trainingStepsPerDigit: [Int], heads: [Int], ns: [Int], accuracy: [Double],
    testBatches: Int, batchSize: Int, seed: UInt64
  ) {
    self.stepsPerDigit = stepsPerDigit; self.trainingStepsPerDigit = trainingStepsPerDigit; self.heads = heads
    self.ns = ns; self.accuracy = accuracy; self.testBatches = testBatches; self.batchSize = batchSize
    self.seed = seed
  }

  static let group = "/continuous_time"

  /// The accuracies of grid point `g` (one per head).
  public func row(_ g: Int) -> ArraySlice<Double> { accuracy[(g * heads.count)..<((g + 1) * heads.count)] }

  public func write(source: AnalysisSource, into a: inout Artifact) {
    source.write(into: &a)
    let g = Self.group
    a[g + "/steps_per_digit"] = NDArray(stepsPerDigit.map(Int64.init))
    a[g + "/dt"] = NDArray(stepsPerDigit.map { 1 / Double($0) })
    a[g + "/training_steps_per_digit"] = NDArray(trainingStepsPerDigit.map(Int64.init))
    a[g + "/head"] = NDArray(heads.map(Int64.init))
    a[g + "/n"] = NDArray(ns.map(Int64.init))
    a[g + "/accuracy"] = NDArray(accuracy, shape: [stepsPerDigit.count, heads.count])
    a.setAttribute("test_batches", .int(Int64(testBatches)), at: g)
    a.setAttribute("batch_size", .int(Int64(batchSize)), at: g)
    a.setAttribute("seed", .int(Int64(bitPattern: seed)), at: g)
  }

  /// Reads the layout of a reached level.
  /// - Throws: `LayoutError` naming the missing or misshapen dataset or attribute.
  public init(_ a: Artifact) throws {
    let r = AnalysisReader(a, kind: "continuous-time-test"), g = Self.group
    stepsPerDigit = try r.dataset(g + "/steps_per_digit").ints
    trainingStepsPerDigit = try r.dataset(g + "/training_steps_per_digit").ints
    heads = try r.dataset(g + "/head").ints
    ns = try r.dataset(g + "/n").ints
    let acc = try r.dataset(g + "/accuracy")
    guard acc.shape == [stepsPerDigit.count, heads.count], ns.count == heads.count else {
      throw LayoutError(
        "continuous-time-test", path: g + "/accuracy",
        reason:
          "shape \(acc.shape) with \(ns.count) N, expected [\(stepsPerDigit.count), \(heads.count)] (k × heads) and \(heads.count) N"
      )
    }
    accuracy = acc.doubles
    testBatches = try r.int("test_batches", at: g)
    batchSize = try r.int("batch_size", at: g)
    seed = UInt64(bitPattern: Int64(try r.int("seed", at: g)))
  }
}
