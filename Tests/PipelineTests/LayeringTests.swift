import Foundation
import TestSupport
import Testing

/// The module layering of docs/architecture.md holds: every `import` of every Swift file under
/// Sources/ names a module that the table's row for the file's module allows.
@Suite struct LayeringTests {
  /// Imported by any module.
  static let platform: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch"]

  /// The table between `<!-- layering:begin -->` and `<!-- layering:end -->`: module → allowed imports.
  static func allowedImports() throws -> [String: Set<String>] {
    let url = Fixtures.packageRoot.appendingPathComponent("docs/architecture.md")
    let text = try String(contentsOf: url, encoding: .utf8)
    guard let begin = text.range(of: "<!-- layering:begin -->"), let end = text.range(of: "<!-- layering:end -->")
    else {
      throw LayeringTableMissing("docs/architecture.md has no <!-- layering:begin/end --> table")
    }
    var out: [String: Set<String>] = [:]
    for line in text[begin.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      guard cells.count >= 3 else { continue }
      let allowed = Set(names(in: cells[2]))
      for module in names(in: cells[1]) { out[module] = allowed }
    }
    return out
  }

  /// The words in backticks.
  static func names(in cell: String) -> [String] {
    cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map {
      String($0.element)
    }
  }

  /// `import X` and `@testable import X` lines (a Swift file's imports stand alone on their line).
  static func imports(of file: URL) throws -> [String] {
    try String(contentsOf: file, encoding: .utf8).split(separator: "\n").compactMap { line in
      var words = line.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
      if words.first == "@testable" { words.removeFirst() }
      guard words.count == 2, words[0] == "import" else { return nil }
      return words[1]
    }
  }

  @Test func everyImportIsAllowedByTheArchitectureTable() throws {
    let allowed = try Self.allowedImports()
    let sources = Fixtures.packageRoot.appendingPathComponent("Sources")
    let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") }
      .sorted()
    var violations: [String] = []
    for module in modules {
      guard let permitted = allowed[module] else {
        violations.append("Sources/\(module): no row in docs/architecture.md's layering table")
        continue
      }
      let folder = sources.appendingPathComponent(module)
      let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).filter {
        $0.hasSuffix(".swift")
      }
      for file in files.sorted() {
        for imported in try Self.imports(of: folder.appendingPathComponent(file))
        where !permitted.contains(imported) && !Self.platform.contains(imported) {
          violations.append(
            "Sources/\(module)/\(file) imports \(imported), which docs/architecture.md does not allow for \(module)")
        }
      }
    }
    #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
  }

  /// The check itself sees a violation (so an empty result above means something).
  @Test func aForbiddenImportIsFound() throws {
    let allowed = try Self.allowedImports()
    #expect(allowed["Numerics"] != nil && allowed["Numerics"]?.contains("Pipeline") == false)
    let file = try Fixtures.temporaryDirectory("layering").appendingPathComponent("X.swift")
    try "import Numerics\n@testable import Pipeline\nlet s = \"\"\"\nimport h5py, sys\n\"\"\"\n".write(
      to: file, atomically: true, encoding: .utf8)
    #expect(try Self.imports(of: file) == ["Numerics", "Pipeline"])
  }
}

struct LayeringTableMissing: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
