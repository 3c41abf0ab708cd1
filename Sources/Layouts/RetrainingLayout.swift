import Artifacts

/// A retraining artifact: a network's checkpoint (level L) given one new head and trained single-head
/// on N′ for a fixed number of epochs; the last epoch's test accuracy is the result.
///
/// ```
/// /accuracy float64 [1]   test accuracy after the last epoch
/// /history/*              the retraining epochs (layout of `TrainingPosition.writeHistory`)
/// /source   `AnalysisSource` (of the source network), plus n_prime (int64, N′)
/// ```
/// A source level not reached gives only `/source`, with its n_prime (`missingData`).
public struct RetrainingLayout: Equatable, Sendable {
  public var nPrime: Int
  public var accuracy: Double
  public var history: [EpochRecord]

  public init(nPrime: Int, accuracy: Double, history: [EpochRecord]) {
    self.nPrime = nPrime; self.accuracy = accuracy; self.history = history
  }

  /// The artifact of a source level not reached: `/source` with N′.
  public static func missingData(source: AnalysisSource, nPrime: Int) -> Artifact {
    var a = source.missingDataArtifact()
    a.setAttribute("n_prime", .int(Int64(nPrime)), at: "/source")
    return a
  }

  /// N′ of any retraining artifact, reached or not.
  public static func nPrime(_ a: Artifact) throws -> Int {
    try AnalysisReader(a, kind: "retraining").sourceInt("n_prime")
  }

  public func write(source: AnalysisSource, into a: inout Artifact) {
    source.write(into: &a)
    a.setAttribute("n_prime", .int(Int64(nPrime)), at: "/source")
    a["/accuracy"] = NDArray([accuracy])
    TrainingPosition.writeHistory(history, into: &a)
  }

  /// Reads the layout of a reached source level.
  public init(_ a: Artifact) throws {
    let r = AnalysisReader(a, kind: "retraining")
    nPrime = try r.sourceInt("n_prime")
    accuracy = try r.dataset("/accuracy").doubles.first ?? .nan
    history = try TrainingPosition.readHistory(a)
  }
}
