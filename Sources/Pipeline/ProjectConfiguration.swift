import Foundation

/// The optional per-project settings in `timescales.json` beside pipeline.json (or the file
/// `$TIMESCALES_CONFIG` names), so they need not be repeated on every command:
///
/// ```json
/// { "remote": "/shared/lab/timescales-cache",
///   "slurm": { "partition": "cpu", "options": ["account=lab"], "pollInterval": 30 },
///   "lockStaleAfter": 600 }
/// ```
/// `remote` may be relative to the project folder. Command-line flags override the file.
public struct ProjectConfiguration: Sendable, Equatable {
  public static let fileName = "timescales.json"
  public static let environmentVariable = "TIMESCALES_CONFIG"

  public var remote: URL?
  public var slurmPartition: String?
  public var slurmOptions: [String] = []
  /// Seconds between two `squeue` calls while following jobs.
  public var pollInterval: Double?
  /// Seconds after which a stage's lock that its holder stopped refreshing is taken over.
  public var lockStaleAfter: Double?

  public init() {}

  public static func load(root: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws
    -> ProjectConfiguration
  {
    let path =
      environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? root.appendingPathComponent(fileName).path
    guard let data = FileManager.default.contents(atPath: path) else {
      if environment[environmentVariable].map({ !$0.isEmpty }) ?? false {
        throw UsageError("\(path): cannot read the configuration file that \(environmentVariable) names")
      }
      return ProjectConfiguration()
    }
    let json: JSONValue
    do { json = try JSONParser.parse(String(decoding: data, as: UTF8.self)) } catch {
      throw UsageError("\(path): not valid JSON (\(error))")
    }
    func bad(_ what: String, _ fix: String) -> UsageError { UsageError("\(path): \(what); \(fix)") }
    guard let top = json.objectPairs else { throw bad("expected an object", "see README, \"Configuration\"") }
    var c = ProjectConfiguration()
    for (k, v) in top {
      switch k {
      case "remote":
        guard let s = v.stringValue, !s.isEmpty else {
          throw bad("\"remote\" must be a folder path", "for example \"/shared/lab/cache\"")
        }
        c.remote = URL(fileURLWithPath: s, relativeTo: root).standardizedFileURL
      case "slurm":
        guard let pairs = v.objectPairs else {
          throw bad("\"slurm\" must be an object", "keys: partition, options, pollInterval")
        }
        for (sk, sv) in pairs {
          switch sk {
          case "partition":
            guard let s = sv.stringValue else {
              throw bad("\"slurm.partition\" must be a string", "for example \"cpu\"")
            }
            c.slurmPartition = s
          case "options":
            guard let a = sv.arrayValue, a.allSatisfy({ $0.stringValue?.contains("=") ?? false }) else {
              throw bad("\"slurm.options\" must be a list of \"KEY=VALUE\" strings", "for example [\"account=lab\"]")
            }
            c.slurmOptions = a.compactMap(\.stringValue)
          case "pollInterval":
            guard let d = sv.doubleValue, d > 0 else {
              throw bad("\"slurm.pollInterval\" must be a positive number of seconds", "for example 30")
            }
            c.pollInterval = d
          default: throw bad("unknown key \"slurm.\(sk)\"", "keys: partition, options, pollInterval")
          }
        }
      case "lockStaleAfter":
        guard let d = v.doubleValue, d > 0 else {
          throw bad("\"lockStaleAfter\" must be a positive number of seconds", "for example 600")
        }
        c.lockStaleAfter = d
      default: throw bad("unknown key \"\(k)\"", "keys: remote, slurm, lockStaleAfter")
      }
    }
    return c
  }
}
