import Foundation
import Pipeline
import Stages
import TestSupport
import Testing

/// Every numeric parameter of every stage kind has a range, its default is inside it, and
/// docs/parameters.md lists them all.
@Suite struct StageParameterTests {
  static let registry = StageRegistry(StageKinds.all)

  @Test func everyNumericParameterHasARangeHoldingItsDefault() {
    for name in Self.registry.names {
      let kind = Self.registry[name]!
      let missing = kind.numericParameters.subtracting(kind.ranges.keys)
      #expect(missing.isEmpty, "\(name): no range for \(missing.sorted())")
      let unknown = Set(kind.ranges.keys).subtracting(kind.parameters)
      #expect(unknown.isEmpty, "\(name): ranges for parameters it does not have: \(unknown.sorted())")
      for (parameter, range) in kind.ranges {
        guard let d = kind.defaults[parameter] else { continue }
        let values = d.arrayValue ?? [d]
        #expect(
          values.allSatisfy { $0.doubleValue.map(range.contains) ?? false },
          "\(name).\(parameter): default \(d) outside \(range)")
      }
    }
  }

  @Test func docsParametersIsTheTable() throws {
    let path = Fixtures.packageRoot.appendingPathComponent("docs/parameters.md")
    let written = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
    if written != Self.registry.parametersMarkdown {
      let fresh = try Fixtures.temporaryDirectory("docs").appendingPathComponent("parameters.md")
      try Self.registry.parametersMarkdown.write(to: fresh, atomically: true, encoding: .utf8)
      Issue.record("docs/parameters.md is not what the stage kinds say; cp \(fresh.path) docs/parameters.md")
    }
  }
}
