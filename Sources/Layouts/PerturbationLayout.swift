import Artifacts

/// What a perturbation changes: the recurrent weights W^R or the timescales τ.
public enum PerturbationTarget: String, NamedChoice, Hashable, Sendable {
  case recurrent, tau
}

/// A perturbation artifact: the streaming accuracy of one network at its level after perturbing
/// `target` by ε times a random direction, for E values of ε and `trials` directions each, with the
/// relative accuracy (acc − 0.5)/(mean baseline − 0.5).
///
/// ```
/// /epsilon float64 [E]   /accuracy float64 [E×trials]   /relative_accuracy float64 [E×trials]
/// /baseline/accuracy float64 [trials]   (unperturbed, the same streams)
/// /source   `AnalysisSource`, plus n, head (int64) and target (string "recurrent" | "tau")
/// ```
/// A level not reached gives only `/source`, with its target (`missingData`).
public struct PerturbationLayout: Equatable, Sendable {
  public var n: Int
  public var head: Int
  public var target: PerturbationTarget
  public var epsilons: [Double]
  /// E×trials, row-major.
  public var accuracy: [Double]
  /// E×trials, row-major.
  public var relativeAccuracy: [Double]
  public var baseline: [Double]

  public init(
    n: Int, head: Int, target: PerturbationTarget, epsilons: [Double], accuracy: [Double],
    relativeAccuracy: [Double], baseline: [Double]
  ) {
    self.n = n; self.head = head; self.target = target; self.epsilons = epsilons; self.accuracy = accuracy
    self.relativeAccuracy = relativeAccuracy; self.baseline = baseline
  }

  /// The artifact of a level not reached: `/source` with the target.
  public static func missingData(source: AnalysisSource, target: PerturbationTarget) -> Artifact {
    var a = source.missingDataArtifact()
    a.setAttribute("target", .string(target.rawValue), at: "/source")
    return a
  }

  /// The target of any perturbation artifact, reached or not.
  public static func target(_ a: Artifact) throws -> PerturbationTarget {
    let name = try AnalysisReader(a, kind: "perturbation").sourceString("target")
    guard let target = PerturbationTarget(rawValue: name) else {
      throw LayoutError(
        "perturbation", path: "/source", reason: "target must be \(PerturbationTarget.choices) (got \"\(name)\")")
    }
    return target
  }

  public func write(source: AnalysisSource, into a: inout Artifact) {
    source.write(into: &a)
    a.setAttribute("n", .int(Int64(n)), at: "/source")
    a.setAttribute("head", .int(Int64(head)), at: "/source")
    a.setAttribute("target", .string(target.rawValue), at: "/source")
    let shape = [epsilons.count, baseline.count]
    a["/epsilon"] = NDArray(epsilons)
    a["/accuracy"] = NDArray(accuracy, shape: shape)
    a["/relative_accuracy"] = NDArray(relativeAccuracy, shape: shape)
    a["/baseline/accuracy"] = NDArray(baseline)
  }

  /// Reads the layout of a reached level.
  /// - Throws: `LayoutError` naming the missing or misshapen dataset or attribute.
  public init(_ a: Artifact) throws {
    let r = AnalysisReader(a, kind: "perturbation")
    n = try r.sourceInt("n")
    head = try r.sourceInt("head")
    target = try Self.target(a)
    epsilons = try r.dataset("/epsilon").doubles
    baseline = try r.dataset("/baseline/accuracy").doubles
    let rel = try r.dataset("/relative_accuracy")
    guard rel.shape == [epsilons.count, baseline.count] else {
      throw LayoutError(
        "perturbation", path: "/relative_accuracy",
        reason: "shape \(rel.shape), expected [\(epsilons.count), \(baseline.count)] (ε × trials)")
    }
    relativeAccuracy = rel.doubles
    accuracy = try r.dataset("/accuracy").doubles
  }
}
