import Artifacts
import Foundation
import TestSupport
import Testing

/// `push` and `pull` through a remote cache folder, on the smoke run's store.
@Suite(.serialized) struct SharedCacheTests {
  @Test func smokePushedFromOneCloneAndPulledIntoAnotherIsUpToDate() throws {
    let a = SmokeRun.result.dir
    try #require(SmokeRun.result.status == 0, "the smoke run failed: \(SmokeRun.result.output.suffix(2000))")
    let remote = try Fixtures.temporaryDirectory("remote").appendingPathComponent("cache")
    let push = try CLI.run(["push", "--profile", "smoke", "--to", remote.path], in: a)
    #expect(push.status == 0 && push.out.contains("0 not cached here"), "\(push.out)")

    let b = try SmokeRun.projectCopy("clone-b")
    #expect(try CLI.run(["status", "-q", "--profile", "smoke"], in: b).status == 1)
    let pull = try CLI.run(["pull", "--profile", "smoke", "--from", remote.path], in: b)
    #expect(pull.status == 0 && pull.out.contains("0 not in the remote"), "\(pull.out)")
    let status = try CLI.run(["status", "--profile", "smoke"], in: b)
    #expect(status.status == 0 && status.out.contains(" 0 stale, 0 missing, 0 waiting"), "\(status.out)")
    let hashesA = SmokeRun.contentHashes(a), hashesB = SmokeRun.contentHashes(b)
    #expect(
      !hashesB.isEmpty && hashesB.allSatisfy { hashesA[$0.key] == $0.value },
      "\(hashesB.filter { hashesA[$0.key] != $0.value })")
    #expect(try CLI.run(["make", "--profile", "smoke"], in: b).out.contains("0 ran"))
  }

  @Test func concurrentPushesOfOverlappingTargetsLeaveOnlyIntactEntries() throws {
    let a = SmokeRun.result.dir
    try #require(SmokeRun.result.status == 0)
    let remote = try Fixtures.temporaryDirectory("remote").appendingPathComponent("cache")
    let pushes = try [["fig/**"], [], ["tau-net/**", "fig/tau-vs-n"]].map { targets in
      try CLI.start(["push", "--profile", "smoke", "--to", remote.path] + targets, in: a)
    }
    for p in pushes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
    try Self.checkEntries(remote)
    // Nothing is missing: pushing everything again copies nothing, and a fresh clone pulling from it computes nothing.
    #expect(try CLI.run(["push", "--profile", "smoke", "--to", remote.path], in: a).out.contains(": 0 copied"))
    let c = try SmokeRun.projectCopy("clone-c")
    let make = try CLI.run(["make", "--profile", "smoke", "--pull", remote.path], in: c)
    #expect(make.status == 0 && make.out.contains("make (smoke): 0 ran"), "\(make.out)")
  }

  @Test func aCorruptRemoteEntryIsRefused() throws {
    let dir = try project("\"a\": { \"kind\": \"synthetic\", \"params\": { \"value\": 1 } }")
    #expect(try CLI.run(["make"], in: dir).status == 0)
    let remote = try Fixtures.temporaryDirectory("remote")
    #expect(try CLI.run(["push", "--to", remote.path], in: dir).status == 0)
    let file = try #require(Self.files(remote, suffix: ".h5").first)
    // Rewrite the remote artifact with other content but keep its size and time, so only the content hash can tell.
    let attributes = try FileManager.default.attributesOfItem(atPath: file)
    var other = Artifact()
    other["/value"] = NDArray([99.0])
    let tmp = file + ".other"
    try ArtifactWriter.write(other, to: tmp)
    let original = try Data(contentsOf: URL(fileURLWithPath: file))
    var bytes = try Data(contentsOf: URL(fileURLWithPath: tmp))
    try #require(bytes.count <= original.count)
    bytes.append(Data(count: original.count - bytes.count))
    chmod(file, 0o644)
    try bytes.write(to: URL(fileURLWithPath: file))
    try FileManager.default.setAttributes([.modificationDate: attributes[.modificationDate]!], ofItemAtPath: file)
    let clone = try project("\"a\": { \"kind\": \"synthetic\", \"params\": { \"value\": 1 } }")
    let pull = try CLI.run(["pull", "--from", remote.path], in: clone)
    #expect(
      pull.status == 2 && pull.out.contains("no longer matches its recorded content hash")
        && pull.out.contains("not copied"), "\(pull.out)")
    #expect(try CLI.run(["status", "-q"], in: clone).status == 1)
  }

  static func files(_ root: URL, suffix: String) -> [String] {
    var out: [String] = []
    for case let f as String in FileManager.default.enumerator(atPath: root.path) ?? NSEnumerator()
    where f.hasSuffix(suffix) {
      out.append(root.appendingPathComponent(f).path)
    }
    return out
  }

  /// Checks every entry of a remote: a record beside each artifact, no temporary files, and the
  /// artifact's content hash equal to the record's.
  static func checkEntries(_ remote: URL) throws {
    let artifacts = files(remote, suffix: ".h5")
    #expect(files(remote, suffix: "").allSatisfy { !$0.contains(".tmp.") })
    for path in artifacts {
      let data = try Data(contentsOf: URL(fileURLWithPath: String(path.dropLast(3)) + ".json"))
      let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      #expect(ContentHash.of(try ArtifactReader.read(path)) == record["contentHash"] as? String, "\(path)")
    }
    #expect(!artifacts.isEmpty)
  }
}
