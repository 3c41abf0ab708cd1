import Foundation

/// Runs a program to its end: the one place the project starts child processes (stage processes,
/// Slurm commands, git, gnuplot, the tests' CLI runs).
public enum ChildProcess {
  /// Where one of the child's output streams goes.
  public enum Destination {
    /// Collected into the result.
    case capture
    case discard
    /// Written to an open file (a stage's log).
    case file(FileHandle)
    /// For standard error only: interleaved with standard output, as a terminal would show them.
    case standardOutput
  }

  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// The child died of a signal; `status` is then the signal number.
    public var killedBySignal: Bool
  }

  /// Starts `executable` with `arguments` and waits for it. `environment` nil inherits this
  /// process's; `input` (if any) is written to its standard input, which is otherwise closed.
  /// Throws only when the program cannot be started.
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
    directory: URL? = nil, input: String? = nil,
    stdout: Destination = .capture, stderr: Destination = .capture
  ) throws -> Result {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    if let directory { p.currentDirectoryURL = directory }
    let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
    p.standardOutput = handle(stdout, outPipe, stdoutPipe: outPipe)
    p.standardError = handle(stderr, errPipe, stdoutPipe: outPipe)
    p.standardInput = input == nil ? FileHandle.nullDevice : inPipe
    try p.run()
    if let input {
      inPipe.fileHandleForWriting.write(Data(input.utf8))
      try? inPipe.fileHandleForWriting.close()
    }
    // Read standard error on another thread while this one reads standard output, so that
    // neither pipe can fill up and block the child.
    let errData = DataBox(), group = DispatchGroup()
    if case .capture = stderr {
      DispatchQueue.global().async(group: group) { errData.data = errPipe.fileHandleForReading.readDataToEndOfFile() }
    }
    var outData = Data()
    if case .capture = stdout { outData = outPipe.fileHandleForReading.readDataToEndOfFile() }
    group.wait()
    p.waitUntilExit()
    return Result(
      status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData.data, as: UTF8.self),
      killedBySignal: p.terminationReason == .uncaughtSignal)
  }

  /// The full path of `command` on `PATH`, or nil.
  public static func which(_ command: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
    for dir in path.split(separator: ":") {
      let candidate = "\(dir)/\(command)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  private static func handle(_ destination: Destination, _ pipe: Pipe, stdoutPipe: Pipe) -> Any {
    switch destination {
    case .capture: return pipe
    case .discard: return FileHandle.nullDevice
    case .file(let handle): return handle
    case .standardOutput: return stdoutPipe
    }
  }

  private final class DataBox: @unchecked Sendable { var data = Data() }
}
