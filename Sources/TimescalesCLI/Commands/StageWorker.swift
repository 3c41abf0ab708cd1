import ArgumentParser
import Foundation
import Pipeline

/// Runs stages one after another as `make` asks for them: one request per line on stdin, the exit
/// status `run-stage` would give on stdout, each stage's output to its log. What the local
/// executor starts (`StageWorkers`), so that short stages share a process start.
struct StageWorker: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stage-worker",
    abstract: "Run the stages make sends on stdin, one at a time (used by the local executor).",
    shouldDisplay: false
  )
  @OptionGroup var project: ProjectOptions

  func run() throws {
    // Replies go to the original stdout; fds 1 and 2 point at the running stage's log.
    let replies = dup(1)
    let nothing = open("/dev/null", O_WRONLY)
    guard replies >= 0, nothing >= 0 else { throw UsageError("stage-worker: cannot set up its output") }
    dup2(nothing, 1)
    dup2(nothing, 2)
    while let line = readLine() {
      guard let request = try? JSONDecoder().decode(StageWorkers.Request.self, from: Data(line.utf8)) else {
        throw UsageError("stage-worker: not a request: \(line)")
      }
      let status = serve(request, between: nothing)
      let reply = "\(status)\n"
      guard write(replies, reply, reply.utf8.count) == reply.utf8.count else { return }
    }
  }

  /// Runs one request with fds 1 and 2 on its log, then points them back at `between` (/dev/null);
  /// returns the exit status.
  func serve(_ r: StageWorkers.Request, between: Int32) -> Int32 {
    let log = open(r.log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard log >= 0 else { return 1 }
    dup2(log, 1)
    dup2(log, 2)
    close(log)
    defer {
      fflush(stdout)
      dup2(between, 1)
      dup2(between, 2)
    }
    do {
      return try RunStage.run(r.stage, planned: r.planned, force: r.force, threads: r.threads, project: project)
    } catch {
      print("error: \(error)")
      return 2
    }
  }
}
