import Artifacts
import Foundation
import Pipeline
import TestSupport
import Testing

/// Artifacts record the commit of the checkout the binary was built in (provenance, outside the content hash).
@Suite struct ToolVersionTests {
  @Test func provenanceNamesTheCheckoutsCommit() throws {
    let head = try ChildProcess.run(
      "/usr/bin/env", ["git", "-C", Fixtures.packageRoot.path, "rev-parse", "--short=12", "HEAD"])
    guard head.status == 0 else {
      print("skipped: \(Fixtures.packageRoot.path) is not a git checkout")
      return
    }
    let commit = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(ToolVersion.current.hasPrefix("\(ToolVersion.release) (commit \(commit)"), "\(ToolVersion.current)")
  }
}
