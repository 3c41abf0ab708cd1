import Foundation

/// The project's git commit, recorded in every artifact's provenance (`provenance.project_commit`)
/// so a figure can say which code drew it.
public enum ProjectCommit {
  /// The full commit hash of the checkout at `root`, `-dirty` when tracked files changed since;
  /// nil outside a git checkout or without git.
  public static func of(_ root: URL) -> String? { ToolVersion.commit(in: root.path, short: false) }
}
