import Foundation

/// An append-only journal of one run under `data/runs/<id>.jsonl`: a header line (with every
/// stage of the profile's plan, so `diff` knows which stages the pipeline had), then one line
/// per stage as it ends (never rewritten), then a summary line.
public final class RunJournal: @unchecked Sendable {
  public let id: String
  public let path: String
  /// Why the journal cannot be written (nil when it can): the run is then not recorded.
  public private(set) var problem: String?
  private let lock = NSLock()

  public init(store: Store, profile: String, command: String, planned: [String] = []) {
    let f = DateFormatter()
    f.dateFormat = "yyyyMMdd'T'HHmmss"
    f.timeZone = TimeZone(identifier: "UTC")
    // Unique even for two runs of one process within a second (tests, library callers).
    let base = f.string(from: Date()) + "-\(getpid())"
    try? FileManager.default.createDirectory(at: store.runsDirectory, withIntermediateDirectories: true)
    var id = base, n = 1
    while true {
      let fd = open(store.runsDirectory.appendingPathComponent("\(id).jsonl").path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
      if fd >= 0 { close(fd); break }
      if errno != EEXIST || n > 1000 {
        problem = "cannot write the run journal in \(store.runsDirectory.path): \(String(cString: strerror(errno)))"
        break
      }
      n += 1
      id = base + "-\(n)"
    }
    self.id = id
    path = store.runsDirectory.appendingPathComponent("\(id).jsonl").path
    var header: [(String, JSONValue)] = [
      ("run", .string(id)), ("profile", .string(profile)), ("command", .string(command)),
      ("started", .double(Date().timeIntervalSince1970)), ("host", .string(FileIO.hostName)),
    ]
    if !planned.isEmpty { header.append(("planned", .array(planned.map(JSONValue.string)))) }
    write(.object(header))
  }

  public func write(_ entry: JSONValue) {
    lock.lock()
    defer { lock.unlock() }
    FileIO.appendLine(entry.canonical, to: path)
  }

  /// Several lines in one append (used for the many stages a run finds cached).
  public func write(_ entries: [JSONValue]) {
    guard !entries.isEmpty else { return }
    lock.lock()
    defer { lock.unlock() }
    FileIO.appendLine(entries.map(\.canonical).joined(separator: "\n"), to: path)
  }

  /// Run ids in the store, oldest first.
  public static func all(_ store: Store) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: store.runsDirectory.path)) ?? [])
      .filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.sorted()
  }

  /// The lines of a run journal.
  public static func entries(_ store: Store, id: String) -> [JSONValue] {
    let path = store.runsDirectory.appendingPathComponent("\(id).jsonl").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
  }
}
