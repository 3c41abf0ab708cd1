import Artifacts

/// A forgetting artifact: how well a network saved at level N_max still answers the smaller N it was
/// trained on earlier, per tested (head, N′) pair (M pairs).
///
/// ```
/// /forgetting/n         int64   M  N′ tested, ascending
/// /forgetting/head      int64   M  head used
/// /forgetting/accuracy  float64 M  fraction correct over test_batches × batch_size sequences
///   attributes: test_batches, batch_size, seed, heads ("single" | "own": the one head, or each head on
///   its own N), lengths ("each" | "level")
/// /source   `AnalysisSource`
/// ```
/// A level not reached gives only `/source`.
public struct ForgettingLayout: Sendable {
  /// The tested pairs, in order.
  public var pairs: [(head: Int, n: Int)]
  public var accuracy: [Double]
  /// How the pairs were tested (attributes; 0 and "" when read back: figures do not use them).
  public var testBatches = 0
  public var batchSize = 0
  public var seed: UInt64 = 0
  /// "single": the one head on every N′; "own": each head on its own N.
  public var heads = ""
  /// "each" or "level" (`ForgettingAnalysis.SequenceLengths`).
  public var lengths = ""

  public init(
    pairs: [(head: Int, n: Int)], accuracy: [Double], testBatches: Int, batchSize: Int, seed: UInt64,
    heads: String, lengths: String
  ) {
    self.pairs = pairs; self.accuracy = accuracy; self.testBatches = testBatches; self.batchSize = batchSize
    self.seed = seed; self.heads = heads; self.lengths = lengths
  }

  public func write(source: AnalysisSource, into a: inout Artifact) {
    source.write(into: &a)
    let g = "/forgetting"
    a[g + "/n"] = NDArray(pairs.map { Int64($0.n) })
    a[g + "/head"] = NDArray(pairs.map { Int64($0.head) })
    a[g + "/accuracy"] = NDArray(accuracy)
    a.setAttribute("test_batches", .int(Int64(testBatches)), at: g)
    a.setAttribute("batch_size", .int(Int64(batchSize)), at: g)
    a.setAttribute("seed", .int(Int64(bitPattern: seed)), at: g)
    a.setAttribute("lengths", .string(lengths), at: g)
    a.setAttribute("heads", .string(heads), at: g)
  }

  /// Reads the pairs and accuracies of a reached level.
  public init(_ a: Artifact) throws {
    let r = AnalysisReader(a, kind: "forgetting")
    let n = try r.dataset("/forgetting/n").ints, head = try r.dataset("/forgetting/head").ints
    accuracy = try r.dataset("/forgetting/accuracy").doubles
    guard n.count == accuracy.count, head.count == n.count else {
      throw LayoutError(
        "forgetting", path: "/forgetting",
        reason: "n, head and accuracy differ in length (\(n.count), \(head.count), \(accuracy.count))")
    }
    pairs = zip(head, n).map { ($0, $1) }
  }
}
