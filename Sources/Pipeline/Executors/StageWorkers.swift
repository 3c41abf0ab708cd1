import Foundation
import Glibc

/// `timescales stage-worker` processes kept between stages, so that a short stage does not pay for
/// a process start (about 0.04 s of CPU, two thirds of what a trivial stage costs).
///
/// A worker reads one request per line on its stdin (`Request` as JSON), runs that stage with its
/// output going to the stage's log, and answers with a line holding `run-stage`'s exit status on
/// its stdout. It runs one stage at a time, so a crash still takes only that stage with it; a
/// worker whose stage ran longer than `reuseBelow` seconds is not reused (a long stage gains
/// nothing from a warm process, and the next one starts from a clean heap). Workers end when their
/// stdin closes: when this pool is released, or when the `make` holding it dies.
public final class StageWorkers: @unchecked Sendable {
  /// One stage for a worker.
  public struct Request: Codable {
    public var stage: String
    /// The `PlannedRun` hand-off file, if any.
    public var planned: String?
    public var log: String
    public var force: Bool
    public var threads: Int
  }

  /// How a request ended.
  enum Outcome {
    /// The worker answered with this exit status (0 ran, 3 cached, else failed).
    case exited(Int32)
    /// The worker died during the stage: its exit status, or the signal that killed it.
    case died(status: Int32, signalled: Bool)
    /// The stage ran past its time limit; the worker was stopped.
    case timedOut
  }

  final class Worker {
    let process: Process
    let requests: FileHandle
    let replies: FileHandle

    init(process: Process, requests: FileHandle, replies: FileHandle) {
      self.process = process
      self.requests = requests
      self.replies = replies
    }
  }

  /// Seconds of a stage below which its worker takes the next stage.
  static let reuseBelow = 2.0

  let executable: String
  let arguments: [String]
  let environment: [String: String]
  private let lock = NSLock()
  private var idle: [Worker] = []

  init(executable: String, arguments: [String], environment: [String: String]) {
    self.executable = executable
    self.arguments = arguments
    self.environment = environment
  }

  deinit {
    for w in idle { end(w) }
  }

  /// Runs `request` in an idle worker (or a new one). Throws if no worker could be started.
  func run(_ request: Request, limit: Double?) throws -> Outcome {
    let worker = try lock.withLock { idle.popLast() } ?? start()
    let started = Date()
    var line = try JSONEncoder().encode(request)
    line.append(UInt8(ascii: "\n"))
    do { try worker.requests.write(contentsOf: line) } catch { return died(worker) }
    switch readReply(worker, limit: limit) {
    case .status(let status):
      if Date().timeIntervalSince(started) < Self.reuseBelow {
        lock.withLock { idle.append(worker) }
      } else {
        end(worker)
      }
      return .exited(status)
    case .timedOut:
      stop(worker)
      return .timedOut
    case .endOfFile:
      return died(worker)
    }
  }

  private func start() throws -> Worker {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.environment = environment
    let requests = Pipe()
    let replies = Pipe()
    p.standardInput = requests
    p.standardOutput = replies
    p.standardError = FileHandle.nullDevice
    // A request to a worker that has just died must fail with EPIPE, not kill this process.
    signal(SIGPIPE, SIG_IGN)
    try p.run()
    ChildProcesses.started(p.processIdentifier)
    // The child's ends stay open only in the child, so that its death is an end of file here.
    try? requests.fileHandleForReading.close()
    try? replies.fileHandleForWriting.close()
    return Worker(process: p, requests: requests.fileHandleForWriting, replies: replies.fileHandleForReading)
  }

  private enum Reply {
    case status(Int32)
    case endOfFile
    case timedOut
  }

  /// The status line the worker writes after the stage, unless it dies first or `limit` seconds pass.
  private func readReply(_ w: Worker, limit: Double?) -> Reply {
    let deadline = limit.map { Date().addingTimeInterval($0) }
    var text: [UInt8] = []
    while true {
      var fds = pollfd(fd: w.replies.fileDescriptor, events: Int16(POLLIN), revents: 0)
      let wait = deadline.map { Int32(max(0, min(Double(Int32.max), ($0.timeIntervalSinceNow * 1000).rounded(.up)))) }
      let ready = poll(&fds, 1, wait ?? -1)
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 { return .timedOut }
      guard ready > 0 else { return .endOfFile }
      var byte: UInt8 = 0
      let n = read(w.replies.fileDescriptor, &byte, 1)
      if n < 0 && errno == EINTR { continue }
      guard n == 1 else { return .endOfFile }
      if byte == UInt8(ascii: "\n") { return .status(Int32(String(decoding: text, as: UTF8.self)) ?? 1) }
      text.append(byte)
    }
  }

  /// A worker that died during a stage: how.
  private func died(_ w: Worker) -> Outcome {
    end(w)
    return .died(status: w.process.terminationStatus, signalled: w.process.terminationReason == .uncaughtSignal)
  }

  /// Stops a worker whose stage overran: SIGTERM, then SIGKILL 5 s later.
  private func stop(_ w: Worker) {
    kill(w.process.processIdentifier, SIGTERM)
    let grace = Date().addingTimeInterval(5)
    while w.process.isRunning && Date() < grace { usleep(50_000) }
    if w.process.isRunning { kill(w.process.processIdentifier, SIGKILL) }
    end(w)
  }

  /// Closes a worker's stdin (an idle worker then exits), waits for it to exit, closes its replies.
  private func end(_ w: Worker) {
    try? w.requests.close()
    w.process.waitUntilExit()
    try? w.replies.close()
    ChildProcesses.ended(w.process.processIdentifier)
  }
}
