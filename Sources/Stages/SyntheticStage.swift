import Artifacts
import Foundation
import Pipeline

/// A stage that computes nothing scientific: it writes `/value` = `value` + the sum of its
/// inputs' `/value`, and optionally an array of `elements` floats and a busy wait. Used by
/// the pipeline-overhead benchmark and for trying the runner on a pipeline of any shape.
///
/// Writes: `/value` float64 [1]; `/payload` float32 [elements] when elements > 0.
/// codeVersion history: 1 initial.
public enum SyntheticStage: StageKind {
  public static let name = "synthetic"
  public static let codeVersion = 1
  public static let summary = "test/benchmark stage: sums its inputs' /value plus `value`"

  public struct Params: Codable, DefaultInitializable {
    public init() {}
    /// Added to the sum of the inputs' values.
    public var value: Double = 0
    /// Length of a float32 payload (0: none).
    public var elements: Int = 0
    /// Seconds to sleep, to imitate work.
    public var seconds: Double = 0
    public var seed: Int? = nil
    public var chain: Int? = nil
    public var step: Int? = nil
  }

  public static var ranges: [String: ParameterRange] {
    [
      "value": .number(-1e12...1e12), "elements": .integer(0...100_000_000), "seconds": .number(0...86_400),
      "seed": ParameterRanges.seed, "chain": .integer(0...1_000_000), "step": .integer(0...1_000_000),
    ]
  }

  public static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    var total = p.value
    for input in inputs.all { total += try input.load()["/value"]?.doubles.first ?? 0 }
    if p.seconds > 0 {
      context.progress("working for \(p.seconds) s")
      Thread.sleep(forTimeInterval: p.seconds)
    }
    var artifact = Artifact()
    artifact["/value"] = NDArray([total])
    if p.elements > 0 {
      artifact["/payload"] = NDArray((0..<p.elements).map { Float($0 % 1000) * 0.001 + Float(total) })
    }
    return artifact
  }
}
