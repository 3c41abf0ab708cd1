import Artifacts
import Foundation

/// The gnuplot program: where it is, its version, and running a script.
///
/// Scripts run with the project folder as working directory, so gnuplot's messages name them as
/// `"figures/tau-vs-n.gp" line 12: …`, and variables are set before the script with
/// `-e "name='value'; …"` — the same command a person can type:
/// `gnuplot -e "fmt='png'; outbase='/tmp/t'; tableprefix='figures/out/default/tau-vs-n'" figures/tau-vs-n.gp`.
public struct Gnuplot: Sendable {
  /// The executable, or nil when gnuplot is not on the search path.
  public let executable: String?
  /// `gnuplot --version` ("gnuplot 5.4 patchlevel 4"), or nil when it is missing or does not answer.
  public let version: String?

  /// The gnuplot found on this process's PATH (looked up once per process).
  public static let shared = Gnuplot()

  /// Looks gnuplot up in `searchPath` (colon-separated folders).
  public init(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) {
    let folders = (searchPath ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    executable = folders.map { $0 + "/gnuplot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    version = executable.flatMap(Self.askVersion)
  }

  private static func askVersion(_ exe: String) -> String? {
    guard let r = try? execute(exe, ["--version"], in: nil), r.status == 0 else { return nil }
    let v = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    return v.isEmpty ? nil : v
  }

  /// What to tell a user whose machine has no gnuplot.
  public static let missingMessage = "gnuplot is not installed (no `gnuplot` on PATH); every figure is drawn by it"
  public static let installHint =
    "install it with `make deps` (or `sudo apt-get install --no-install-recommends gnuplot-nox`), then run the same command again"

  /// A value set before the script runs.
  public enum Value: Equatable, Sendable {
    case string(String)
    case number(Double)

    /// gnuplot syntax: single-quoted strings (a quote doubled), numbers as written.
    var literal: String {
      switch self {
      case .string(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
      case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.17g", v)
      }
    }
  }

  /// Runs `script` (a path relative to `workingDirectory`, or absolute) after setting `variables`.
  ///
  /// - Returns: what gnuplot printed on stderr although it succeeded (its warnings).
  /// - Throws: `FigureError` when gnuplot is missing or the script fails; the message holds
  ///   gnuplot's own, which names the script line.
  @discardableResult
  public func run(script: String, variables: [(String, Value)], workingDirectory: URL) throws -> String {
    guard let executable else { throw FigureError(Self.missingMessage, hint: Self.installHint) }
    let assignments = variables.map { "\($0.0)=\($0.1.literal)" }.joined(separator: "; ")
    let r = try Self.execute(executable, ["-e", assignments, script], in: workingDirectory)
    let messages = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    guard r.status == 0 else {
      // The line naming file and line comes first, so a one-line summary still says where.
      let located = messages.split(separator: "\n").last { $0.contains("\" line ") && !$0.contains(": warning:") }
      let headline = located.map { "gnuplot failed: \($0)" } ?? "gnuplot failed on \(script) (exit status \(r.status))"
      throw FigureError(
        headline + (messages.isEmpty ? "" : "\ngnuplot said:\n" + messages),
        hint: "fix the script, then run the same command again; only this figure is redrawn")
    }
    return messages
  }

  /// Runs a program to its end with stdin closed; returns its exit status, stdout and stderr.
  static func execute(_ exe: String, _ args: [String], in directory: URL?) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let r: ChildProcess.Result
    do {
      r = try ChildProcess.run(exe, args, directory: directory)
    } catch {
      throw FigureError("cannot start \(exe): \(error)", hint: installHint)
    }
    return (r.status, r.stdout, r.stderr)
  }
}

/// A figure that cannot be drawn, with what to do about it.
public struct FigureError: Error, CustomStringConvertible {
  public var message: String
  public var hint: String?
  public init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }
  public var description: String { hint.map { "\(message)\nhint: \($0)" } ?? message }
}
