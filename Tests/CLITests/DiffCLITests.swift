import Artifacts
import Foundation
import TestSupport
import Testing

/// `timescales diff` through the real binary: output, JSON and exit codes (0 no differences,
/// 1 differences, 2 usage or input error — h5diff returns the same code for both of the last).
@Suite(.serialized) struct DiffCLITests {
  func files(_ a: NDArray, _ b: NDArray) throws -> (URL, String, String) {
    let dir = try Fixtures.temporaryDirectory("diffcli")
    var x = Artifact(), y = Artifact()
    x["/x"] = a
    y["/x"] = b
    let pa = dir.appendingPathComponent("a.h5").path, pb = dir.appendingPathComponent("b.h5").path
    try ArtifactWriter.write(x, to: pa)
    try ArtifactWriter.write(y, to: pb)
    return (dir, pa, pb)
  }

  @Test func exitCodesSeparateDifferencesFromUsageErrors() throws {
    let (dir, a, b) = try files(NDArray([1.0, 2]), NDArray([1.0, 2.5]))
    #expect(try CLI.run(["diff", a, a], in: dir).status == 0)
    let differ = try CLI.run(["diff", a, b], in: dir)
    #expect(differ.status == 1)
    #expect(differ.out.contains("/x  float64 [2]: 1 of 2 elements differs"), "\(differ.out)")
    #expect(try CLI.run(["diff", a, b, "--atol", "0.5"], in: dir).status == 0)
    #expect(try CLI.run(["diff", a, b, "--rtol", "0.2"], in: dir).status == 0)
    #expect(try CLI.run(["diff", a, b, "--tolerance", "/x=0,0.1"], in: dir).status == 1)
    #expect(try CLI.run(["diff", a, b, "--tolerance", "/*=0.5,0"], in: dir).status == 0)
    for bad in [
      ["diff", a, b, "--tolerance", "/x=0.1"], ["diff", a, b, "--atol", "abc"], ["diff", a, b, "--atol=-1"],
      ["diff", a, b, "--no-such-option"], ["diff", a], ["diff"], ["diff", a, b, "--previous"],
      ["diff", a, dir.appendingPathComponent("missing.h5").path], ["diff", a, "run:latest"],
    ] {
      let r = try CLI.run(bad, in: dir)
      #expect(r.status == 2, "\(bad): \(r.out)")
    }
    // Not an HDF5 file: an input error.
    let text = dir.appendingPathComponent("notes.h5")
    try "not hdf5".write(to: text, atomically: true, encoding: .utf8)
    let r = try CLI.run(["diff", a, text.path], in: dir)
    #expect(r.status == 2 && r.out.contains("not an HDF5 file"), "\(r.out)")
  }

  @Test func quietPrintsNothingAndJSONParses() throws {
    let (dir, a, b) = try files(NDArray([Float(1), 2]), NDArray([1.0, 2]))
    let quiet = try CLI.run(["diff", a, b, "--quiet"], in: dir)
    #expect(quiet.status == 1 && quiet.out.isEmpty, "\(quiet.out)")
    let json = try CLI.run(["diff", a, b, "--json"], in: dir)
    #expect(json.status == 1)
    let j = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
    #expect(j["kind"] as? String == "artifacts" && j["differences"] as? Bool == true)
    let ds = try #require((j["datasets"] as? [[String: Any]])?.first)
    #expect((ds["dtype"] as? [String: String]) == ["a": "float32", "b": "float64"])
  }

  @Test func helpDocumentsTheExitStatus() throws {
    let r = try CLI.run(["diff", "--help"], in: Fixtures.packageRoot)
    #expect(r.status == 0)
    #expect(r.out.contains("Exit status: 0 no differences"), "\(r.out)")
  }

  @Test func runsAfterAParameterChangeAndPreviousAfterRerun() throws {
    let stages = """
      "a": { "kind": "synthetic", "params": { "value": "$v", "elements": 4 } },
      "b": { "kind": "synthetic", "needs": ["a"] },
      "c": { "kind": "synthetic", "params": { "value": 7 } }
      """
    let dir = try project(stages, profile: "{ \"v\": 1 }")
    #expect(try CLI.run(["make"], in: dir).status == 0)
    try "{ \"profiles\": { \"default\": { \"v\": 2 } }, \"stages\": { \(stages) } }"
      .write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
    #expect(try CLI.run(["make"], in: dir).status == 0)
    let runs = try CLI.run(["diff", "run:previous", "run:latest"], in: dir)
    #expect(runs.status == 1)
    #expect(runs.out.contains("changed          a  params.value 1 → 2"), "\(runs.out)")
    #expect(runs.out.contains("changed          b  input a changed"), "\(runs.out)")
    #expect(runs.out.contains("unchanged: 1 stage"), "\(runs.out)")
    #expect(!runs.out.contains(" c "), "\(runs.out)")
    let previous = try CLI.run(["diff", "a", "--previous"], in: dir)
    #expect(previous.status == 1)
    #expect(previous.out.contains("provenance       params.value 1 → 2"), "\(previous.out)")
    #expect(previous.out.contains("/payload  float32 [4]: 4 of 4 elements differ"), "\(previous.out)")
    // A rerun of a deterministic stage: identical, in both views.
    #expect(try CLI.run(["rerun", "c"], in: dir).status == 0)
    let same = try CLI.run(["diff", "c", "--previous"], in: dir)
    #expect(same.status == 0 && same.out.contains("identical: 1 dataset"), "\(same.out)")
    let rerun = try CLI.run(["diff", "run:latest", "--previous"], in: dir)
    #expect(rerun.status == 0 && rerun.out.contains("identical        c  recomputed in run"), "\(rerun.out)")
    let json = try CLI.run(["diff", "run:previous", "run:latest", "--json"], in: dir)
    let j = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
    #expect(j["kind"] as? String == "runs" && (j["stages"] as? [Any])?.count == 3)
    #expect(try CLI.run(["gc"], in: dir).status == 0)
    #expect(try CLI.run(["diff", "a", "--previous", "--quiet"], in: dir).status == 1)
  }
}
