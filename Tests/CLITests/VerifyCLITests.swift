import Foundation
import TestSupport
import Testing

/// `timescales manifest` and `timescales verify` on a copy of the smoke run (verify recomputes
/// into the cache it is given; the copy keeps the shared smoke run untouched).
@Suite(.serialized) struct VerifyCLITests {
  static let copy: URL? = {
    guard SmokeRun.result.status == 0, let dir = try? Fixtures.temporaryDirectory("verify") else { return nil }
    // `cp -a`: the store checks each artifact's modification time against its record.
    for item in ["pipeline.json", "figures", "data"] {
      guard
        (try? runProcess("/bin/cp", ["-a", SmokeRun.result.dir.appendingPathComponent(item).path, dir.path]))?.status
          == 0
      else { return nil }
    }
    return dir
  }()

  static func manifest(_ dir: URL) throws -> String {
    let r = try CLI.run(["manifest", "--profile", "smoke"], in: dir)
    #expect(r.status == 0, "\(r.out)")
    return r.out
  }

  static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
    let path = dir.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func manifestListsEveryStageWithItsContentHash() throws {
    let dir = try #require(Self.copy, "the smoke run failed")
    let text = try Self.manifest(dir)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(doc["manifest"] as? Int == 1 && doc["profile"] as? String == "smoke")
    let stages = try #require(doc["stages"] as? [String: String])
    #expect(stages == SmokeRun.contentHashes(dir))
    #expect((doc["codeVersions"] as? [String: Int])?["train"] != nil)
    if let kernel = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] {
      #expect(doc["blasKernel"] as? String == kernel)
    }
  }

  @Test func recomputedStagesEqualTheManifest() throws {
    let dir = try #require(Self.copy, "the smoke run failed")
    let path = try Self.write(try Self.manifest(dir), "smoke.manifest.json", in: dir)
    // Stages the smoke run computed while many others were ready, so with one BLAS thread, as verify does.
    let stages = ["tau-net/parity/multi/seed1/N2", "train/dms/single/seed2/N2"]
    let r = try CLI.run(["verify", path] + stages + ["--jobs", "2"], in: dir)
    #expect(r.status == 0, "\(r.out)")
    for s in stages { #expect(r.out.contains("equal   \(s)"), "\(r.out)") }
    #expect(r.out.contains("verify: 2 equal, 0 differ, 0 failed"), "\(r.out)")

    let sample = try CLI.run(["verify", path, "tau-net/**/N2", "--sample", "3", "--seed", "7"], in: dir)
    #expect(
      sample.status == 0 && sample.out.contains("sample of 3 (seed 7)") && sample.out.contains("3 equal"),
      "\(sample.out)")
  }

  @Test func anAlteredHashFailsNamingItsStage() throws {
    let dir = try #require(Self.copy, "the smoke run failed")
    let stage = "tau-net/parity/single/seed1/N2"
    var lines = try Self.manifest(dir).components(separatedBy: "\n")
    let n = try #require(lines.firstIndex { $0.contains("\"\(stage)\"") })
    lines[n] = "    \"\(stage)\": \"\(String(repeating: "0", count: 64))\","
    let k = try #require(lines.firstIndex { $0.contains("\"blasKernel\"") })
    lines[k] = "  \"blasKernel\": \"OtherKernel\","
    let path = try Self.write(lines.joined(separator: "\n"), "altered.json", in: dir)
    let r = try CLI.run(["verify", path, stage, "tau-net/parity/multi/seed2/N2"], in: dir)
    #expect(r.status == 1, "\(r.out)")
    #expect(r.out.contains("made with OpenBLAS's OtherKernel kernels"), "\(r.out)")
    #expect(r.out.contains("DIFFERS \(stage)") && r.out.contains("equal   tau-net/parity/multi/seed2/N2"), "\(r.out)")
  }

  @Test func aMalformedManifestIsAUsageErrorOfOneLine() throws {
    let dir = try #require(Self.copy, "the smoke run failed")
    for (name, text) in [
      ("truncated.json", "{\"manifest\": 1, \"profile\": \"smoke\", \"stages\": {"),
      ("short-hash.json", "{\"manifest\": 1, \"profile\": \"smoke\", \"stages\": {\"claims\": \"abc\"}}"),
    ] {
      let path = try Self.write(text, name, in: dir)
      let r = try CLI.run(["verify", path], in: dir)
      #expect(r.status == 2, "\(r.out)")
      let lines = r.out.split(separator: "\n")
      #expect(lines.count == 1 && lines[0].contains(name), "\(r.out)")
    }
    #expect(try CLI.run(["verify", dir.appendingPathComponent("none.json").path], in: dir).status == 2)
  }
}
