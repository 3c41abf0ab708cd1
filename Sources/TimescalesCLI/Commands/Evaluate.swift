import ArgumentParser
import Experiments
import Foundation
import Layouts
import Pipeline
import Tasks

struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Streaming accuracy of a network file on N-parity or N-DMS (docs/method.md §5).",
    discussion: """
      The file is a timescales checkpoint (a train/import artifact, or `import-reference` output) or the \
      authors' state_dict as HDF5. Each trial is one Bernoulli(0.5) stream of --warmup + --steps digits; \
      the head is read at every step and scored from step --warmup on.
        timescales evaluate data/cache/3f/3f0c….h5 --task parity --n 4
        timescales evaluate reference.h5 --task parity --n 3 --head 1 --json
      """
  )
  @Argument(help: "The network file (HDF5).") var file: String
  @Option(help: "parity or dms.") var task: String
  @Option(parsing: .unconditional, help: "N, the memory the task needs (≥ 2).") var n: Int
  @Option(parsing: .unconditional, help: "The readout head (default: 0 for single-head networks, N−2 for multi-head).")
  var head: Int?
  @Option(parsing: .unconditional, help: "Independent streams.") var trials: Int = 10
  @Option(parsing: .unconditional, help: "Scored steps per stream.") var steps: Int = 1000
  @Option(parsing: .unconditional, help: "Warm-up steps per stream (not scored).") var warmup: Int = 100
  @Option(parsing: .unconditional, help: "Seed of the streams and initial states.") var seed: UInt64 = 0
  @Flag(help: "Print per-trial accuracies and the mean as JSON.") var json = false

  func run() throws {
    guard let taskKind = TaskKind(rawValue: task) else {
      throw UsageError("--task: unknown task \"\(task)\"; use parity or dms")
    }
    guard n >= 2 else { throw UsageError("--n: N must be ≥ 2 (got \(n))") }
    guard trials >= 1, steps >= 1, warmup + 1 >= n else {
      throw UsageError("--trials and --steps must be ≥ 1 and --warmup ≥ N − 1")
    }
    let loaded: NetworkFile
    do { loaded = try NetworkFile.read(file) } catch { throw UsageError("\(error)") }
    let nonFinite = loaded.network.parameters.lazy.filter { !$0.isFinite }.count
    if nonFinite > 0 {
      FileHandle.standardError.write(
        Data(
          "warning: \(file): \(nonFinite) of \(loaded.network.parameters.count) weights are NaN or infinite; the accuracy below means nothing\n"
            .utf8))
    }
    guard let head = head ?? loaded.defaultHead(n: n) else {
      throw UsageError("\(file): a sliding-window network: give the head with --head")
    }
    guard head >= 0 && head < loaded.network.heads else {
      throw UsageError("--head \(head): \(file) has \(loaded.network.heads) head(s) (0…\(loaded.network.heads - 1))")
    }
    let result: StreamingResult
    do {
      result = try Evaluation.streaming(
        network: loaded.network, task: taskKind, n: n, head: head, trials: trials,
        warmup: warmup, steps: steps, seed: seed)
    } catch { throw UsageError("\(error)") }
    if json {
      printJSON(
        EvaluationReport(
          file: file, kind: loaded.kind.rawValue, task: task, n: n, head: head, trials: trials,
          steps: steps, warmup: warmup, seed: seed, accuracies: result.trialAccuracies,
          mean: result.mean))
    } else {
      print(
        String(
          format: "%.4f  mean streaming accuracy of head %d on %d-%@ over %d trials",
          result.mean, head, n, task, trials))
    }
  }
}

/// `evaluate --json`.
struct EvaluationReport: Encodable {
  var file: String
  var kind: String
  var task: String
  var n, head, trials, steps, warmup: Int
  var seed: UInt64
  var accuracies: [Double]
  var mean: Double
}
