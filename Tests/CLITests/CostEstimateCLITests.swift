import Foundation
import TestSupport
import Testing

@Suite struct CostEstimateCLITests {
  /// `make --dry-run` ends with an estimate of CPU and wall time; the JSON form has it per stage.
  @Test func dryRunEstimatesCPUAndWallTime() throws {
    let dir = try SmokeRun.projectCopy("estimate")
    let text = try CLI.run(["make", "--profile", "smoke", "--dry-run", "--jobs", "2"], in: dir)
    #expect(text.status == 0, "\(text.out)")
    let line = try #require(text.out.split(separator: "\n").first { $0.hasPrefix("estimate: ") }, "\(text.out)")
    #expect(
      line.contains("stages: ") && line.contains("of CPU time") && line.contains("wall at --jobs 2 on"), "\(line)")

    let json = try CLI.run(["make", "--profile", "smoke", "--dry-run", "--json", "--jobs", "1"], in: dir)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any], "\(json.out)")
    let estimate = try #require(doc["estimate"] as? [String: Any])
    let perStage = try #require(estimate["perStage"] as? [String: Double])
    let cpu = try #require(estimate["cpuSeconds"] as? Double), wall = try #require(estimate["wallSeconds"] as? Double)
    #expect(perStage.count == doc["wouldRun"] as? Int && perStage.values.allSatisfy { $0 > 0 })
    #expect(abs(perStage.values.reduce(0, +) - cpu) < 1e-6 * cpu && abs(wall - cpu) < 1e-6 * cpu, "one job: wall = CPU")
  }
}
