import Artifacts
import Foundation
import Pipeline
import TestSupport
import Testing

/// A kind with declared ranges: an integer, a list of integers, a number.
private enum RangedStage: StageKind {
  static let name = "ranged"
  static let codeVersion = 1
  static let summary = "test: parameters with ranges"
  struct Params: Codable, DefaultInitializable {
    var steps: Int = 10
    var ks: [Int]? = nil
    var rate: Double = 0.5
    var other: Int = 0
    init() {}
  }
  static var ranges: [String: ParameterRange] {
    ["steps": .integer(2...1_000), "ks": .integer(1...200), "rate": .number(0...0.999)]
  }
  static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact { Artifact() }
}

/// Numeric parameters outside their ranges are plan errors in one form, "must be an integer between
/// … and … (got …)", whatever the JSON number (a fraction, 2^63, 1e12) — never a decoder's message.
@Suite struct ParameterRangeTests {
  func errors(_ params: String) -> [String] {
    let text = """
      { "profiles": { "default": {} }, "stages": { "s": { "kind": "ranged", "params": { \(params) } } } }
      """
    do {
      _ = try Planner.plan(
        try JSONParser.parse(text), profile: "default", registry: StageRegistry([AnyStageKind(RangedStage.self)]))
      return []
    } catch let e as PlanErrors {
      return e.errors.map(\.description)
    } catch {
      return ["\(error)"]
    }
  }

  @Test(arguments: [
    ("\"steps\": 2.5", "stages.s.params.steps: must be an integer between 2 and 1000 (got 2.5)"),
    ("\"steps\": 9223372036854775808", "must be an integer between 2 and 1000 (got 9.223372036854776e+18)"),
    ("\"steps\": 1e12", "must be an integer between 2 and 1000 (got 1000000000000)"),
    ("\"steps\": 1", "must be an integer between 2 and 1000 (got 1)"),
    ("\"steps\": -3", "must be an integer between 2 and 1000 (got -3)"),
    ("\"ks\": [1, 0]", "stages.s.params.ks: must be an integer between 1 and 200 (got 0)"),
    ("\"ks\": [1, 2.5]", "stages.s.params.ks: must be an integer between 1 and 200 (got 2.5)"),
    ("\"rate\": 1", "stages.s.params.rate: must be a number between 0 and 0.999 (got 1)"),
    ("\"other\": 3000000000", "stages.s.params.other: must be an integer between -2147483648 and 2147483647"),
  ])
  func outOfRangeIsNamed(params: String, message: String) {
    let e = errors(params)
    #expect(e.count == 1 && e[0].contains(message), "\(params): \(e)")
  }

  @Test func insideTheRangeIsAccepted() {
    #expect(errors("\"steps\": 1000, \"ks\": [1, 200], \"rate\": 0, \"other\": -5").isEmpty)
  }

  @Test func theTableListsEveryParameterWithItsRange() {
    let md = StageRegistry([AnyStageKind(RangedStage.self)]).parametersMarkdown
    #expect(md.contains("| `steps` | `10` | an integer between 2 and 1000 |"), "\(md)")
    #expect(md.contains("| `ks` | not set | an integer between 1 and 200 |"), "\(md)")
    #expect(md.contains("| `rate` | `0.5` | a number between 0 and 0.999 |"), "\(md)")
  }
}
