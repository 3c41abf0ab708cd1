import Foundation

/// Sharing cache entries with a remote cache: a folder (typically on a shared or network file
/// system) laid out like `data/` (`REMOTE/cache/ab/<key>.h5` and its record), written with
/// the same guarantees as the local store (see `Store.receive`).
extension Project {
  public struct Transfer: Sendable {
    /// Stages whose entry was copied.
    public var copied: [String] = []
    /// Stages whose entry was there already.
    public var present: [String] = []
    /// Stages with nothing to copy: not cached locally (push), or not in the remote (pull).
    public var unavailable: [String] = []
  }

  /// The stages `push`, `pull`, `status` and `dag` act on: the targets and everything they
  /// need, or the whole profile.
  public func selection(_ targets: [String]) throws -> Set<Int> {
    targets.isEmpty ? Set(plan.stages.indices) : plan.withAncestors(try plan.select(targets))
  }

  /// Copies the cached artifacts of the selected stages to `remote`.
  public func push(_ targets: [String], to remote: URL) throws -> Transfer {
    let selected = try selection(targets)
    try FileManager.default.createDirectory(at: remote, withIntermediateDirectories: true)
    let destination = Store(directory: remote)
    let resolver = KeyResolver(plan: plan, store: store)
    var transfer = Transfer()
    for i in plan.stages.indices where selected.contains(i) {
      let name = plan.stages[i].name
      guard resolver.content(i) != nil, let key = resolver.key(i) else { transfer.unavailable.append(name); continue }
      if case .valid = destination.entry(key) { transfer.present.append(name); continue }
      try destination.receive(key, from: store)
      transfer.copied.append(name)
    }
    return transfer
  }

  /// Fetches from `remote` the artifacts of selected stages that are not cached here, in plan
  /// order (a stage's key is known once its inputs are here). Each fetched entry's content hash
  /// is checked before it is stored.
  public func pull(_ targets: [String], from remote: URL) throws -> Transfer {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: remote.path, isDirectory: &isFolder), isFolder.boolValue else {
      throw UsageError(
        "\(remote.path): no such remote cache folder\nhint: `timescales push --to \(remote.path)` creates it")
    }
    let selected = try selection(targets)
    let source = Store(directory: remote)
    let resolver = KeyResolver(plan: plan, store: store)
    var transfer = Transfer()
    for i in plan.stages.indices where selected.contains(i) {
      let name = plan.stages[i].name
      if resolver.content(i) != nil { transfer.present.append(name); continue }
      guard let key = resolver.key(i), let rec = try store.receive(key, from: source) else {
        transfer.unavailable.append(name); continue
      }
      resolver.set(i, key: key, contentHash: rec.contentHash)
      try store.setHead(profile: plan.profile, stage: name, record: rec, previousFile: nil)
      transfer.copied.append(name)
    }
    return transfer
  }
}
