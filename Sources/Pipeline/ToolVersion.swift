import Artifacts
import Foundation

/// What artifacts record as the program that made them (`provenance.tool`): the release number
/// and the git commit of the checkout the running binary lives in (`.build/…/timescales`), with
/// `-dirty` when tracked files differ from that commit. Provenance is outside the content hash,
/// so a new commit changes no cache key and no content hash.
public enum ToolVersion {
  public static let release = "0.1.0"

  /// `0.1.0 (commit 3f2f63e8a1b2)`, `0.1.0 (commit 3f2f63e8a1b2-dirty)` or `0.1.0 (commit unknown)`.
  public static let current: String = "\(release) (commit \(commit ?? "unknown"))"

  /// The commit of the checkout holding this executable, or nil outside a git checkout.
  static var commit: String? {
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return commit(in: URL(fileURLWithPath: executable).deletingLastPathComponent().path, short: true)
  }

  /// `git rev-parse HEAD` in `directory` (12 hex digits when `short`), "-dirty" appended when
  /// tracked files differ from it; nil outside a git checkout or without git.
  public static func commit(in directory: String, short: Bool) -> String? {
    // Never take the index lock (stages run while the user may be committing).
    let environment = ProcessInfo.processInfo.environment.merging(["GIT_OPTIONAL_LOCKS": "0"]) { _, new in new }
    guard let git = ChildProcess.which("git"),
      let head = try? ChildProcess.run(
        git, ["-C", directory, "rev-parse"] + (short ? ["--short=12"] : []) + ["HEAD"],
        environment: environment, stderr: .discard),
      head.status == 0
    else { return nil }
    let hash = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !hash.isEmpty else { return nil }
    let status = try? ChildProcess.run(
      git, ["-C", directory, "status", "--porcelain", "--untracked-files=no"],
      environment: environment, stderr: .discard)
    let dirty = status.map { $0.status == 0 && !$0.stdout.isEmpty } ?? false
    return hash + (dirty ? "-dirty" : "")
  }
}
