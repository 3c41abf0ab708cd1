import Foundation
import TestSupport
import Testing

/// A small tmpfs mounted over a project's `data/cache`, for writing to a full disk.
enum Tmpfs {
  /// Whether this process may mount one (root, or CAP_SYS_ADMIN): tried once.
  static let permitted: Bool = {
    guard let dir = try? Fixtures.temporaryDirectory("tmpfs-probe"), mount(dir, size: "64k") else { return false }
    unmount(dir)
    return true
  }()

  static func mount(_ dir: URL, size: String) -> Bool {
    (try? runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", dir.path]))?.status == 0
  }

  static func unmount(_ dir: URL) { _ = try? runProcess("/bin/umount", [dir.path]) }
}

/// ENOSPC while a stage writes its artifact: a clean stage failure naming the file and the system's
/// reason (no signal, nothing half-written kept), and the next make after space is freed completes.
@Suite(.serialized) struct FullDiskTests {
  @Test(.enabled(if: Tmpfs.permitted, "skipped: mounting a tmpfs is not permitted here (needs root or CAP_SYS_ADMIN)"))
  func aFullDiskFailsTheStageCleanlyAndTheNextMakeCompletes() throws {
    // A large artifact (a chunked, compressed dataset) and a small one (contiguous).
    let dir = try project(
      """
      "big": { "kind": "synthetic", "params": { "value": 1, "elements": 400000 } },
      "small": { "kind": "synthetic", "params": { "value": 2, "elements": 3000 } }
      """)
    let cache = dir.appendingPathComponent("data/cache")
    try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
    #expect(Tmpfs.mount(cache, size: "256k"))
    defer { Tmpfs.unmount(cache) }
    // Fill it but for a few pages: room for the locks and the start of each artifact, not the rest.
    let filler = cache.appendingPathComponent("filler")
    try Data(count: 236 * 1024).write(to: filler)

    let full = try CLI.run(["make", "--jobs", "1"], in: dir)
    #expect(full.status == 1, "\(full.out)")
    #expect(full.out.contains("No space left on device") && full.out.contains(".h5"), "\(full.out)")
    #expect(!full.out.contains("signal") && !full.out.contains("Fatal error"), "\(full.out)")
    let left = try FileManager.default.subpathsOfDirectory(atPath: cache.path)
    #expect(!left.contains { $0.contains(".tmp.") }, "half-written files left: \(left)")

    try FileManager.default.removeItem(at: filler)
    let freed = try CLI.run(["make"], in: dir)
    #expect(freed.status == 0, "\(freed.out)")
    #expect(try CLI.run(["status"], in: dir).status == 0)
    Tmpfs.unmount(cache)
    try? FileManager.default.removeItem(at: dir)
  }
}
