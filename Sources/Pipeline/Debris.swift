import Foundation

/// What killed processes leave under data/: lock files nobody holds, temporary files
/// (`<name>.tmp.<pid>.<random>`) of writers that are gone, and scratch folders nobody will resume.
public struct Debris: Sendable {
  public var path: String
  public var what: String
}

extension Store {
  /// Temporary files anywhere under data/ whose writer process has ended.
  func deadWritersTemporaryFiles() -> [Debris] {
    var out: [Debris] = []
    for case let file as String in FileManager.default.enumerator(atPath: root.path) ?? NSEnumerator() {
      let name = (file as NSString).lastPathComponent
      guard let range = name.range(of: ".tmp.") else { continue }
      let pid = Int32(name[range.upperBound...].prefix { $0.isNumber }) ?? 0
      if pid > 0, FileIO.processHasEnded(pid) {
        out.append(Debris(path: root.appendingPathComponent(file).path, what: "temporary file of ended process \(pid)"))
      }
    }
    return out
  }

  /// Removes temporary files left by writers that were killed (what every `make` does first).
  public func sweepTemporaryFiles() {
    for d in deadWritersTemporaryFiles() { unlink(d.path) }
  }

  /// Lock files no live process holds, and scratch folders of keys that are cached or not in
  /// `used` (resume state nobody will resume) and not being computed.
  func debris(used: Set<String>) -> [Debris] {
    var out = deadWritersTemporaryFiles()
    let fm = FileManager.default
    let cache = root.appendingPathComponent("cache").path
    for shard in (try? fm.contentsOfDirectory(atPath: cache)) ?? [] {
      for f in (try? fm.contentsOfDirectory(atPath: cache + "/" + shard)) ?? [] where f.hasSuffix(".lock") {
        let path = cache + "/" + shard + "/" + f
        if !StoreLock.isHeld(path) { out.append(Debris(path: path, what: "lock no process holds")) }
      }
    }
    let scratch = root.appendingPathComponent("scratch").path
    for key in (try? fm.contentsOfDirectory(atPath: scratch)) ?? [] {
      let cached = record(key) != nil
      guard cached || !used.contains(key), !StoreLock.isHeld(lockPath(key)) else { continue }
      out.append(
        Debris(
          path: scratch + "/" + key,
          what: cached ? "resume state of a stage that finished" : "resume state of a stage no profile has"))
    }
    return out
  }

  /// Removes debris; a lock file only while holding it, so a process taking it at the same moment is safe.
  func remove(_ debris: [Debris]) {
    for d in debris {
      if d.path.hasSuffix(".lock") {
        _ = StoreLock.removeIfStale(d.path)
      } else {
        try? FileManager.default.removeItem(atPath: d.path)
      }
    }
  }
}
