import Artifacts
import Foundation
import Glibc

/// Moving whole entries (artifact + record) into a store: from another store (a shared remote
/// cache, `push`/`pull`) or from another key of the same store (`accept`).
extension Store {
  /// The permissions of a committed artifact and record.
  static let committedMode: mode_t = 0o444

  /// A store whose cache lives directly under `directory` (a remote: `directory/cache/ab/<key>.h5`).
  public init(directory: URL) { root = directory }

  /// Writes a record atomically and makes it read-only.
  func writeRecord(_ record: CacheRecord) throws {
    try FileIO.atomicWrite(Data(record.json.canonical.utf8), to: recordPath(record.key))
    chmod(recordPath(record.key), Self.committedMode)
  }

  /// Copies the entry `key` of `source` into this store, unless it is already here. The copy is
  /// written to a temporary file, its content hash checked against the source's record, then
  /// linked into place (link fails if another writer got there first, so an entry is never
  /// replaced under a reader), and the record written last. Returns the entry's record here, or
  /// nil when `source` has no intact entry for `key`.
  @discardableResult
  public func receive(_ key: String, from source: Store) throws -> CacheRecord? {
    let theirs: CacheRecord
    switch source.entry(key) {
    case .absent: return nil
    case .damaged(let why): throw refused(source, key, why)
    case .valid(let rec): theirs = rec
    }
    guard theirs.key == key else { throw refused(source, key, "its record is for key \(theirs.key)") }
    if case .valid(let mine) = entry(key), mine.contentHash == theirs.contentHash { return mine }
    let dir = shard(key)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let tmp = AtomicFile.temporaryPath(for: artifactPath(key))
    defer { unlink(tmp) }
    do {
      try FileManager.default.copyItem(atPath: source.artifactPath(key), toPath: tmp)
    } catch {
      throw UsageError(
        "\(artifactPath(key)): cannot copy the entry from \(source.artifactPath(key)): \(error.localizedDescription)")
    }
    try FileIO.fsyncFile(tmp)
    guard let copy = try? ArtifactReader.read(tmp), ContentHash.of(copy) == theirs.contentHash else {
      throw refused(source, key, "the cached file's content no longer matches its recorded content hash")
    }
    chmod(tmp, Self.committedMode)
    try place(tmp, as: key, contentHash: theirs.contentHash)
    unlink(tmp)  // before the stat: dropping the link changes the file's status-change time
    var rec = theirs
    guard let st = FileIO.fileStatus(artifactPath(key)) else {
      throw UsageError("\(artifactPath(key)): vanished while being stored")
    }
    rec.fileSize = st.size
    rec.fileModified = st.modified
    rec.fileChanged = st.changed
    try writeRecord(rec)
    return rec
  }

  private func refused(_ source: Store, _ key: String, _ why: String) -> UsageError {
    UsageError(
      "\(source.artifactPath(key)): \(why); the entry was not copied\nhint: remove it and its record from \(source.root.path) and push it again"
    )
  }

  /// Links the verified file `tmp` to `key`'s artifact path. A file already there is kept when
  /// it has the same content (another writer's copy, possibly still waiting for its record) and
  /// replaced otherwise (debris of a crashed writer).
  func place(_ tmp: String, as key: String, contentHash: String) throws {
    let target = artifactPath(key)
    if link(tmp, target) == 0 {
      FileIO.fsyncDirectory(shard(key))
      return
    }
    guard errno == EEXIST else {
      throw UsageError("\(target): cannot store the artifact (\(String(cString: strerror(errno))))")
    }
    if let existing = try? ArtifactReader.read(target), ContentHash.of(existing) == contentHash { return }
    guard rename(tmp, target) == 0 else {
      throw UsageError("\(target): cannot store the artifact (\(String(cString: strerror(errno))))")
    }
    FileIO.fsyncDirectory(shard(key))
  }

  /// Declares the artifact of `oldKey` good for the key of `parts` (a change the user calls
  /// cosmetic): the same file is linked under the new key, and the new record says it was
  /// accepted, from which key and when. The artifact's content (and provenance) is unchanged.
  public func accept(_ oldKey: String, as parts: CacheKeyParts, stage: String, profile: String) throws -> CacheRecord {
    let key = parts.key
    guard case .valid(let old) = entry(oldKey) else {
      throw UsageError(
        "stage \(stage): the artifact to accept (key \(oldKey.prefix(12))) is not in the cache any more\nhint: `timescales make \(stage)` recomputes it"
      )
    }
    let lock = try StoreLock.acquire(lockPath(key))
    defer { lock.release() }
    if case .valid(let rec) = entry(key) { return rec }
    try FileManager.default.createDirectory(atPath: shard(key), withIntermediateDirectories: true)
    let tmp = AtomicFile.temporaryPath(for: artifactPath(key))
    defer { unlink(tmp) }
    if link(artifactPath(oldKey), tmp) != 0 {
      try FileManager.default.copyItem(atPath: artifactPath(oldKey), toPath: tmp)
      chmod(tmp, Self.committedMode)
    }
    guard rename(tmp, artifactPath(key)) == 0 else {
      throw UsageError("\(artifactPath(key)): cannot store the accepted artifact (\(String(cString: strerror(errno))))")
    }
    FileIO.fsyncDirectory(shard(key))
    let st = FileIO.fileStatus(artifactPath(key))!
    var rec = CacheRecord(
      key: key, stage: stage, profile: profile, parts: parts, contentHash: old.contentHash,
      fileSize: st.size, fileModified: st.modified, fileChanged: st.changed, started: old.started,
      finished: old.finished, host: old.host)
    rec.accepted = .init(fromKey: oldKey, at: Date().timeIntervalSince1970)
    try writeRecord(rec)
    try setHead(profile: profile, stage: stage, record: rec, previousFile: nil)
    return rec
  }
}
