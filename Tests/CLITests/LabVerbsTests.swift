import Foundation
import TestSupport
import Testing

/// `why`, `accept`, `status -q`, `dag TARGET`, `-n`, `-C`, timescales.json, read-only cache files.
@Suite(.serialized) struct LabVerbsTests {
  /// a → b, both reading the profile's `v`; c stands apart.
  func twoStageProject(v: Int) throws -> URL {
    let dir = try project(
      """
      "a": { "kind": "synthetic", "params": { "value": "$v" } },
      "b": { "kind": "synthetic", "needs": ["a"], "params": { "value": "$v" } },
      "c": { "kind": "synthetic", "params": { "value": 7 } }
      """, profile: "{ \"v\": \(v) }")
    return dir
  }

  func setV(_ v: Int, in dir: URL) throws {
    let path = dir.appendingPathComponent("pipeline.json")
    let text = try String(contentsOf: path, encoding: .utf8)
    try text.replacingOccurrences(of: #""v": \d+"#, with: "\"v\": \(v)", options: .regularExpression)
      .write(to: path, atomically: true, encoding: .utf8)
  }

  @Test func whyNamesTheChangedPartAndStatusExitsOneWhenStale() throws {
    let dir = try twoStageProject(v: 1)
    #expect(try CLI.run(["make"], in: dir).status == 0)
    let upToDate = try CLI.run(["why", "a"], in: dir)
    #expect(upToDate.status == 0 && upToDate.out.contains("a: up to date"), "\(upToDate.out)")
    #expect(try CLI.run(["status"], in: dir).status == 0)
    let quiet = try CLI.run(["status", "-q"], in: dir)
    #expect(quiet.status == 0 && quiet.out.isEmpty, "\(quiet.out)")

    try setV(2, in: dir)
    let why = try CLI.run(["why", "a"], in: dir)
    #expect(why.status == 1, "\(why.out)")
    #expect(
      why.out.contains("params.value 1 → 2  CHANGED") && why.out.contains("code version      1 (unchanged)"),
      "\(why.out)")
    let whyB = try CLI.run(["why", "b"], in: dir)
    #expect(whyB.out.contains("input a") && whyB.out.contains("not up to date itself"), "\(whyB.out)")
    let stale = try CLI.run(["status", "--quiet"], in: dir)
    #expect(stale.status == 1 && stale.out.isEmpty, "\(stale.out)")
    let loud = try CLI.run(["status"], in: dir)
    #expect(loud.status == 1 && loud.out.contains("stale    a"), "\(loud.out)")
    // Only what the target needs is checked: c is cached whatever a's state.
    #expect(try CLI.run(["status", "-q", "c"], in: dir).status == 0)
    #expect(try CLI.run(["status", "-q", "b"], in: dir).status == 1)
    #expect(try CLI.run(["why", "nosuch"], in: dir).status == 2)
  }

  @Test func acceptKeepsTheArtifactAndRecordsWhereItCameFrom() throws {
    let dir = try twoStageProject(v: 1)
    #expect(try CLI.run(["make"], in: dir).status == 0)
    let before = try CLI.run(["show", "a"], in: dir)
    try setV(2, in: dir)
    // b is stale for its own parameter too: alone, `accept a` leaves it stale; --downstream accepts it.
    let one = try CLI.run(["accept", "a"], in: dir)
    #expect(one.status == 0 && one.out.contains("1 stage(s) accepted"), "\(one.out)")
    #expect(try CLI.run(["status", "-q", "a"], in: dir).status == 0)
    #expect(try CLI.run(["status", "-q"], in: dir).status == 1)
    #expect(try CLI.run(["accept", "a"], in: dir).status == 2)  // already up to date
    let rest = try CLI.run(["accept", "a", "--downstream"], in: dir)
    #expect(rest.status == 2, "a is up to date now: \(rest.out)")
    let b = try CLI.run(["accept", "b", "--downstream"], in: dir)
    #expect(b.status == 0 && b.out.contains("1 stage(s) accepted"), "\(b.out)")
    #expect(try CLI.run(["status", "-q"], in: dir).status == 0)
    #expect(try CLI.run(["make"], in: dir).out.contains("0 ran"))

    let show = try CLI.run(["show", "a"], in: dir)
    #expect(show.out.contains("accepted (not recomputed) from key"), "\(show.out)")
    // Same content as before: the artifact itself is untouched.
    func contentLine(_ s: String) -> Substring? { s.split(separator: "\n").first { $0.hasPrefix("content hash:") } }
    #expect(contentLine(show.out) != nil && contentLine(show.out) == contentLine(before.out))
    let why = try CLI.run(["why", "a"], in: dir)
    #expect(why.status == 0 && why.out.contains("accepted from key"), "\(why.out)")
  }

  @Test func acceptDownstreamAcceptsTheStaleStagesBelow() throws {
    let dir = try twoStageProject(v: 1)
    #expect(try CLI.run(["make"], in: dir).status == 0)
    try setV(3, in: dir)
    #expect(try CLI.run(["accept", "b"], in: dir).status == 2)  // its input a is not up to date
    let r = try CLI.run(["accept", "a", "--downstream"], in: dir)
    #expect(
      r.status == 0 && r.out.contains("accepted a") && r.out.contains("accepted b") && r.out.contains("2 stage(s)"),
      "\(r.out)")
    #expect(try CLI.run(["status", "-q"], in: dir).status == 0)
    let fresh = try project("\"x\": { \"kind\": \"synthetic\" }")
    let never = try CLI.run(["accept", "x"], in: fresh)
    #expect(never.status == 2 && never.out.contains("no earlier artifact"), "\(never.out)")
  }

  @Test func dagOfATargetListsWhatItNeeds() throws {
    let dir = try twoStageProject(v: 1)
    let r = try CLI.run(["dag", "b"], in: dir)
    #expect(
      r.status == 0 && r.out.contains("a  [synthetic]") && r.out.contains("<- a") && !r.out.contains("c  [synthetic]"),
      "\(r.out)")
    #expect(r.out.contains("2 stages in profile default"), "\(r.out)")
    #expect(try CLI.run(["dag"], in: dir).out.contains("3 stages"))
  }

  @Test func shortFlagsForDryRunAndRoot() throws {
    let dir = try twoStageProject(v: 1)
    let elsewhere = try Fixtures.temporaryDirectory("elsewhere")
    let dry = try runProcess(CLI.binary, ["make", "-n", "-C", dir.path, "b"])
    #expect(
      dry.status == 0 && dry.output.contains("would run a") && dry.output.contains("would run b"), "\(dry.output)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("data/cache").path))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CLI.binary)
    p.arguments = ["make", "-C", dir.path]
    p.currentDirectoryURL = elsewhere
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    #expect(try runProcess(CLI.binary, ["status", "-q", "-C", dir.path]).status == 0)
    #expect(try runProcess(CLI.binary, ["gc", "-n", "-C", dir.path]).output.contains("would remove 0 entries"))
  }

  @Test func committedCacheFilesAreReadOnlyAndTheStoreStillWorks() throws {
    let dir = try twoStageProject(v: 1)
    #expect(try CLI.run(["make"], in: dir).status == 0)
    let cache = dir.appendingPathComponent("data/cache")
    var files: [String] = []
    for case let f as String in FileManager.default.enumerator(atPath: cache.path) ?? NSEnumerator()
    where f.hasSuffix(".h5") || f.hasSuffix(".json") { files.append(cache.appendingPathComponent(f).path) }
    #expect(files.count == 6)
    for f in files {
      let mode = (try FileManager.default.attributesOfItem(atPath: f)[.posixPermissions] as? Int) ?? -1
      #expect(mode == 0o444, "\(f): \(String(mode, radix: 8))")
    }
    #expect(try CLI.run(["rerun", "a"], in: dir).status == 0)  // replaces a read-only entry
    try setV(2, in: dir)
    #expect(try CLI.run(["make"], in: dir).out.contains("2 ran"))
    let gc = try CLI.run(["gc"], in: dir)
    #expect(gc.status == 0, "\(gc.out)")
  }

  @Test func configurationFileNamesTheRemoteAndBadKeysAreNamed() throws {
    let dir = try twoStageProject(v: 1)
    #expect(try CLI.run(["make"], in: dir).status == 0)
    let remote = try Fixtures.temporaryDirectory("remote").appendingPathComponent("cache")
    try "{ \"remote\": \"\(remote.path)\", \"slurm\": { \"partition\": \"debug\", \"pollInterval\": 1 } }"
      .write(to: dir.appendingPathComponent("timescales.json"), atomically: true, encoding: .utf8)
    let push = try CLI.run(["push"], in: dir)
    #expect(push.status == 0 && push.out.contains("3 copied"), "\(push.out)")
    #expect(try CLI.run(["push", "c"], in: dir).out.contains("0 copied, 1 already there"))
    try "{ \"remote\": \"x\", \"slurm\": { \"partitoin\": \"debug\" } }"
      .write(to: dir.appendingPathComponent("timescales.json"), atomically: true, encoding: .utf8)
    let bad = try CLI.run(["push"], in: dir)
    #expect(bad.status == 2 && bad.out.contains("timescales.json: unknown key \"slurm.partitoin\""), "\(bad.out)")
    try FileManager.default.removeItem(at: dir.appendingPathComponent("timescales.json"))
    let none = try CLI.run(["pull"], in: dir)
    #expect(none.status == 2 && none.out.contains("pull needs a remote cache folder"), "\(none.out)")
  }
}
