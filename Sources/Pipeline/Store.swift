import Artifacts
import Foundation

/// The content-addressed artifact store under `data/`:
///
/// ```
/// data/cache/ab/<key>.h5      artifact, by cache key (first two hex digits as folder)
/// data/cache/ab/<key>.json    its record: key parts, content hash, file size and mtime
/// data/cache/ab/<key>.lock    held while a process computes the key
/// data/heads/<profile>/<stage>.json   the key a stage last produced, and the one before
/// data/previous/<key>-<content>.h5    an artifact replaced by `rerun`, for `diff --previous`
/// data/runs/<run>.jsonl       run journals
/// data/logs/<profile>/<stage>.log     the last log of each stage
/// data/scratch/<key>/         resume state of unfinished stages
/// data/quarantine/<key>-<time>.h5|.json   an entry found damaged, moved aside and recomputed
/// ```
/// The record is written after the artifact is renamed into place: an artifact without a
/// record is treated as absent and recomputed, so a crash at any point leaves no half entry.
/// An entry whose file no longer holds the recorded content is quarantined (moved aside, never
/// deleted), which makes it absent, so the next scheduling of its stage recomputes it.
/// Committed artifacts and records are read-only (0444): replacing or removing them renames or
/// unlinks, which the folder's permissions govern, so nothing in the store writes into them.
public struct Store: Sendable {
  public let root: URL
  public init(projectRoot: URL) { root = projectRoot.appendingPathComponent("data") }

  func shard(_ key: String) -> String { root.appendingPathComponent("cache/\(key.prefix(2))").path }
  public func artifactPath(_ key: String) -> String { shard(key) + "/\(key).h5" }
  func recordPath(_ key: String) -> String { shard(key) + "/\(key).json" }
  func lockPath(_ key: String) -> String { shard(key) + "/\(key).lock" }
  public func scratchDirectory(_ key: String) -> URL { root.appendingPathComponent("scratch/\(key)") }
  func headPath(profile: String, stage: String) -> String {
    root.appendingPathComponent("heads/\(profile)/\(stage).json").path
  }
  public func logPath(profile: String, stage: String) -> String {
    root.appendingPathComponent("logs/\(profile)/\(stage).log").path
  }
  var runsDirectory: URL { root.appendingPathComponent("runs") }
  var previousDirectory: URL { root.appendingPathComponent("previous") }
  var quarantineDirectory: URL { root.appendingPathComponent("quarantine") }

  public func record(_ key: String) -> CacheRecord? {
    guard let data = FileManager.default.contents(atPath: recordPath(key)),
      let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self))
    else { return nil }
    return CacheRecord(json: json)
  }

  public enum EntryState: Equatable {
    case valid(CacheRecord)
    case absent
    /// The record exists but the file is missing or changed since it was written.
    case damaged(String)
  }

  /// Cheap check: the record exists and the file has the recorded size and mtime. When its
  /// status-change time moved since the record last saw it (the file was written, touched or
  /// copied — restoring the mtime does not hide that), the content is hashed as well: equal, the
  /// record learns the new time; different, the entry is damaged.
  public func entry(_ key: String) -> EntryState {
    guard var rec = record(key) else { return .absent }
    guard let st = FileIO.fileStatus(artifactPath(key)) else { return .damaged("the cached file is missing") }
    if st.size != rec.fileSize || abs(st.modified - rec.fileModified) > 1e-6 {
      return .damaged("the cached file changed on disk since it was written")
    }
    if rec.fileChanged.map({ abs(st.changed - $0) > 1e-6 }) ?? true {
      if let damage = contentDamage(key, rec) { return .damaged(damage) }
      rec.fileChanged = st.changed
      try? writeRecord(rec)
    }
    return .valid(rec)
  }

  /// Full check: reads the artifact and compares its content hash with the record.
  public func verify(_ key: String) -> EntryState {
    let state = entry(key)
    guard case .valid(let rec) = state else { return state }
    return contentDamage(key, rec).map(EntryState.damaged) ?? state
  }

  /// Why the file of `key` does not hold the recorded content, or nil when it does.
  private func contentDamage(_ key: String, _ rec: CacheRecord) -> String? {
    guard let artifact = try? ArtifactReader.read(artifactPath(key)) else { return "the cached file cannot be read" }
    return ContentHash.of(artifact) == rec.contentHash
      ? nil : "the cached file's content no longer matches its recorded content hash"
  }

  /// Reads a cached artifact, checking its content hash against the record. A damaged entry is
  /// quarantined (so the next scheduling of its stage recomputes it) and the error says so.
  public func load(_ key: String, stage: String) throws -> (Artifact, CacheRecord) {
    guard let rec = record(key) else {
      throw UsageError("stage \(stage): no cached artifact for key \(key.prefix(12))")
    }
    let damage: String
    do {
      let artifact = try ArtifactReader.read(artifactPath(key))
      if ContentHash.of(artifact) == rec.contentHash { return (artifact, rec) }
      damage = "does not match its recorded content hash"
    } catch {
      damage = "cannot be read (\(error))"
    }
    let moved = quarantine(key).map { "moved to \($0)" } ?? "left in place"
    throw UsageError(
      "stage \(stage): the cached file \(artifactPath(key)) \(damage); \(moved), `timescales make` recomputes it")
  }

  /// Moves a damaged entry (file and record) to data/quarantine/, which makes its key absent.
  /// Returns where the file went (nil if it could not be moved).
  @discardableResult
  public func quarantine(_ key: String) -> String? {
    try? FileManager.default.createDirectory(at: quarantineDirectory, withIntermediateDirectories: true)
    let stamp = Int(Date().timeIntervalSince1970 * 1000)
    let base = quarantineDirectory.appendingPathComponent("\(key)-\(stamp)").path
    let moved = rename(artifactPath(key), base + ".h5") == 0
    if rename(recordPath(key), base + ".json") != 0 { unlink(recordPath(key)) }
    return moved ? base + ".h5" : nil
  }

  /// The number of entries quarantined so far (a make repeats its pass when a stage quarantined an input).
  public var quarantinedCount: Int {
    ((try? FileManager.default.contentsOfDirectory(atPath: quarantineDirectory.path)) ?? []).filter {
      $0.hasSuffix(".json")
    }.count
  }

  /// Deletes an entry (gc).
  public func discard(_ key: String) {
    unlink(recordPath(key))
    unlink(artifactPath(key))
  }

  /// Commits an artifact under `key`: temporary file in the same folder, fsync, rename,
  /// then the record. If an artifact is already stored under the key (a forced rerun), it is
  /// kept under `data/previous/` and its path returned.
  @discardableResult
  public func commit(
    _ artifact: Artifact, key: String, parts: CacheKeyParts, stage: String, profile: String,
    started: Date, finished: Date, usage: ResourceUsage? = nil
  ) throws -> (record: CacheRecord, previous: String?) {
    let dir = shard(key)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let tmp = dir + "/\(key).h5.tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
    do {
      try ArtifactWriter.write(artifact, to: tmp)
      try FileIO.fsyncFile(tmp)
    } catch {
      unlink(tmp)
      throw error
    }
    chmod(tmp, Self.committedMode)
    let contentHash = ContentHash.of(artifact)
    var previous: String?
    if let old = record(key), FileManager.default.fileExists(atPath: artifactPath(key)), old.contentHash != contentHash
    {
      try FileManager.default.createDirectory(at: previousDirectory, withIntermediateDirectories: true)
      let keep = previousDirectory.appendingPathComponent("\(key)-\(old.contentHash.prefix(16)).h5").path
      unlink(keep)
      if link(artifactPath(key), keep) == 0 { previous = keep }
    }
    guard rename(tmp, artifactPath(key)) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(tmp)
      throw UsageError("stage \(stage): cannot move the artifact into \(artifactPath(key)): \(reason)")
    }
    FileIO.fsyncDirectory(dir)
    let st = FileIO.fileStatus(artifactPath(key))!
    let rec = CacheRecord(
      key: key, stage: stage, profile: profile, parts: parts, contentHash: contentHash,
      fileSize: st.size, fileModified: st.modified, fileChanged: st.changed, started: started.timeIntervalSince1970,
      finished: finished.timeIntervalSince1970, host: FileIO.hostName, usage: usage)
    try writeRecord(rec)
    return (rec, previous)
  }

  // MARK: Heads: which key a stage name last produced under a profile

  public struct Head: Equatable, Sendable {
    public var key: String
    public var contentHash: String
    public var previousKey: String?
    public var previousContentHash: String?
    /// A path under data/previous/ when a rerun replaced the artifact under the same key.
    public var previousFile: String?
  }

  public func head(profile: String, stage: String) -> Head? {
    guard let data = FileManager.default.contents(atPath: headPath(profile: profile, stage: stage)),
      let j = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
      let key = j["key"]?.stringValue, let content = j["contentHash"]?.stringValue
    else { return nil }
    return Head(
      key: key, contentHash: content, previousKey: j["previousKey"]?.stringValue,
      previousContentHash: j["previousContentHash"]?.stringValue, previousFile: j["previousFile"]?.stringValue)
  }

  /// Points the stage's head at `record`, remembering the head it replaces. A `recomputed`
  /// stage that reproduced its artifact exactly becomes its own previous artifact (so
  /// `diff STAGE --previous` compares the last two computations and says "identical").
  public func setHead(
    profile: String, stage: String, record: CacheRecord, previousFile: String?, recomputed: Bool = false
  ) throws {
    let old = head(profile: profile, stage: stage)
    if let old, old.key == record.key, old.contentHash == record.contentHash {
      guard recomputed, old.previousKey != record.key || old.previousContentHash != record.contentHash else { return }
    }
    var pairs: [(String, JSONValue)] = [("key", .string(record.key)), ("contentHash", .string(record.contentHash))]
    if let old {
      pairs.append(("previousKey", .string(old.key)))
      pairs.append(("previousContentHash", .string(old.contentHash)))
      if old.key == record.key, let previousFile { pairs.append(("previousFile", .string(previousFile))) }
    }
    try FileIO.atomicWrite(Data(JSONValue.object(pairs).canonical.utf8), to: headPath(profile: profile, stage: stage))
  }

  /// The file holding the artifact with `key` and `contentHash`: the cache entry, or the copy
  /// kept under data/previous/ when a rerun replaced it. Nil when neither is there (gc).
  public func artifactFile(key: String, contentHash: String) -> String? {
    if let rec = record(key), rec.contentHash == contentHash, FileManager.default.fileExists(atPath: artifactPath(key))
    {
      return artifactPath(key)
    }
    let kept = previousDirectory.appendingPathComponent("\(key)-\(contentHash.prefix(16)).h5").path
    return FileManager.default.fileExists(atPath: kept) ? kept : nil
  }

  /// Every cache key present in the store.
  public func allKeys() -> [String] {
    let cache = root.appendingPathComponent("cache")
    guard let shards = try? FileManager.default.contentsOfDirectory(atPath: cache.path) else { return [] }
    var keys: [String] = []
    for s in shards {
      for f in (try? FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent(s).path)) ?? []
      where f.hasSuffix(".json") {
        keys.append(String(f.dropLast(5)))
      }
    }
    return keys
  }
}
