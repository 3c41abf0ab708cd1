import Foundation

/// The project's git commit, recorded in every artifact's provenance (`provenance.project_commit`)
/// so a figure can say which code drew it.
public enum ProjectCommit {
  /// `git describe --always --dirty --abbrev=40` in `root` with tags ignored: the full commit hash,
  /// `-dirty` when tracked files changed since; nil outside a git checkout or without git.
  public static func of(_ root: URL) -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "-C", root.path, "describe", "--always", "--dirty", "--abbrev=40", "--exclude=*"]
    // Never take the index lock (stages run while the user may be committing).
    p.environment = ProcessInfo.processInfo.environment.merging(["GIT_OPTIONAL_LOCKS": "0"]) { _, new in new }
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    p.standardInput = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return p.terminationStatus == 0 && !text.isEmpty ? text : nil
  }
}
