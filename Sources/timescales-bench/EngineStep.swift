import ArgumentParser
import Benchmarks
import Experiments
import Foundation
import Layouts
import Networks
import Numerics
import Pipeline

/// Times one training step of the engine at one shape, one BLAS thread (benchmarks/engine-step.sh).
struct BenchEngineStep: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "engine-step",
    abstract: "Time one training step (forward, BPTT, clip, optimiser) with one BLAS thread.",
    discussion: """
      Prints the median ms/step, the achieved GFLOP/s (GEMM FLOPs only) and that as a fraction of \
      the same-run sgemm rate: the rate of the step's GEMM calls alone, timed between the steps. The \
      leaky RNN's step ends with SGD-Nesterov, a GRU's or LSTM's with Adam (benchmarks/gated-step.sh).
        timescales-bench engine-step --hidden 500 --batch 256 --time 77 --heads 30
        timescales-bench engine-step --architecture lstm --hidden 128 --batch 64 --time 27 --heads 1
      """
  )
  @Option(help: "leaky, gru or lstm.") var architecture = "leaky"
  @Option(help: "H, hidden neurons.") var hidden: Int
  @Option(help: "B, sequences per batch.") var batch: Int
  @Option(help: "T, time steps.") var time: Int
  @Option(help: "K, readout heads (all active).") var heads: Int
  @Option(help: "Timed steps after one warm-up step (default: about 3 s worth, 5 to 100).") var steps: Int?
  @Flag(help: "Print one JSON object on stdout.") var json = false

  func validate() throws {
    guard architecture == "leaky" || GatedCell(rawValue: architecture) != nil else {
      throw ValidationError("--architecture must be leaky, gru or lstm (got \"\(architecture)\")")
    }
    for (name, v) in [("hidden", hidden), ("batch", batch), ("time", time), ("heads", heads), ("steps", steps ?? 1)]
    where v < 1 {
      throw ValidationError("--\(name) must be at least 1 (got \(v))")
    }
  }

  func run() throws {
    BLAS.threadCount = 1
    let r = StepBenchmark.run(
      cell: GatedCell(rawValue: architecture), hidden: hidden, batch: batch, time: time,
      heads: heads, steps: steps)
    if json {
      let report = EngineStepReport(
        architecture: architecture, hidden: hidden, batch: batch, time: time, heads: heads, steps: r.steps,
        msPerStep: r.medianSeconds * 1e3, msMin: r.minSeconds * 1e3, msCPU: r.medianCPUSeconds * 1e3,
        flopsPerStep: r.flopsPerStep, gflops: r.gflops, sgemmGflops: r.sgemmGflops, msGemmStep: r.gemmStepSeconds * 1e3,
        sgemmRecurrentGflops: r.sgemmRecurrent, sgemmWeightGflops: r.sgemmWeight, sgemmFraction: r.sgemmFraction,
        msGemmStepCPU: r.gemmStepCPUSeconds * 1e3, sgemmFractionCPU: r.sgemmFractionCPU,
        openblasCore: OpenBLASCoreType.active, threads: BLAS.threadCount)
      print(JSONValue(encoding: report).canonical)
      return
    }
    print(
      String(
        format: "%@ H=%d B=%d T=%d K=%d: %.3f ms/step (median of %d, min %.3f, CPU %.3f), %.1f GFLOP/s",
        architecture, hidden, batch, time, heads, r.medianSeconds * 1e3, r.steps, r.minSeconds * 1e3,
        r.medianCPUSeconds * 1e3, r.gflops))
    print(
      String(
        format:
          "  = %.0f%% of the same-run sgemm rate %.1f GFLOP/s (its GEMM calls alone: %.3f ms, CPU %.3f: %.0f%% in CPU time)",
        100 * r.sgemmFraction, r.sgemmGflops, r.gemmStepSeconds * 1e3, r.gemmStepCPUSeconds * 1e3,
        100 * r.sgemmFractionCPU))
    print(
      String(
        format: "  single calls: (B×H)·(H×GH) %.1f, (TB×GH)ᵀ·(TB×H) %.1f GFLOP/s; OpenBLAS %@, 1 thread",
        r.sgemmRecurrent, r.sgemmWeight, OpenBLASCoreType.active))
  }
}

/// One `engine-step --json` line (read by benchmarks/engine_step_table.py and gated_step_table.py).
struct EngineStepReport: Encodable {
  var engine = "timescales"
  var architecture: String
  var hidden, batch, time, heads, steps: Int
  var msPerStep, msMin, msCPU, flopsPerStep, gflops, sgemmGflops, msGemmStep: Double
  var sgemmRecurrentGflops, sgemmWeightGflops, sgemmFraction, msGemmStepCPU, sgemmFractionCPU: Double
  var openblasCore: String
  var threads: Int
}
