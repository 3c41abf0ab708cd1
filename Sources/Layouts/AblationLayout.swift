import Artifacts

/// An ablation artifact: the streaming accuracy of one network at its level N after removing each of
/// the K fastest and the K slowest neurons (by raw τ), one at a time, plus the unablated baseline;
/// every evaluation on the same `trials` streams.
///
/// ```
/// /baseline/accuracy  float64 [trials]
/// /fast/neuron int64 [K]  /fast/tau float32 [K]  /fast/accuracy float64 [K×trials]   (fastest first)
/// /slow/…             the same for the slowest (slowest first)
/// /source             `AnalysisSource`, plus n (int64, the N evaluated) and head (int64, its head)
/// ```
/// A level not reached gives only `/source` (`AnalysisSource.missingDataArtifact`).
public struct AblationLayout: Equatable, Sendable {
  /// The neurons of one end of the τ ranking and the accuracy without each.
  public struct Group: Equatable, Sendable {
    public var neurons: [Int]
    public var tau: [Float]
    /// K×trials, row-major: neuron j's trials at `j·trials ..< (j+1)·trials`.
    public var accuracy: [Double]

    public init(neurons: [Int], tau: [Float], accuracy: [Double]) {
      self.neurons = neurons; self.tau = tau; self.accuracy = accuracy
    }
  }

  /// The two groups, in the order they are written and drawn.
  public static let groups = ["fast", "slow"]

  public var n: Int
  public var head: Int
  public var baseline: [Double]
  public var fast: Group
  public var slow: Group

  public init(n: Int, head: Int, baseline: [Double], fast: Group, slow: Group) {
    self.n = n; self.head = head; self.baseline = baseline; self.fast = fast; self.slow = slow
  }

  /// `fast` or `slow` by name.
  public func group(_ name: String) -> Group { name == "fast" ? fast : slow }

  public func write(source: AnalysisSource, into a: inout Artifact) {
    source.write(into: &a)
    a.setAttribute("n", .int(Int64(n)), at: "/source")
    a.setAttribute("head", .int(Int64(head)), at: "/source")
    a["/baseline/accuracy"] = NDArray(baseline)
    for (name, g) in [("fast", fast), ("slow", slow)] {
      a["/\(name)/neuron"] = NDArray(g.neurons.map(Int64.init))
      a["/\(name)/tau"] = NDArray(g.tau)
      a["/\(name)/accuracy"] = NDArray(g.accuracy, shape: [g.neurons.count, baseline.count])
    }
  }

  /// Reads the layout of a reached level.
  /// - Throws: `LayoutError` naming the missing dataset or attribute.
  public init(_ a: Artifact) throws {
    let r = AnalysisReader(a, kind: "ablation")
    n = try r.sourceInt("n")
    head = try r.sourceInt("head")
    baseline = try r.dataset("/baseline/accuracy").doubles
    func group(_ name: String) throws -> Group {
      Group(
        neurons: try r.dataset("/\(name)/neuron").ints, tau: try r.dataset("/\(name)/tau").floats,
        accuracy: try r.dataset("/\(name)/accuracy").doubles)
    }
    fast = try group("fast")
    slow = try group("slow")
  }
}
