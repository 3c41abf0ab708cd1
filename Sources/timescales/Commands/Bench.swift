import ArgumentParser
import Experiments
import Foundation
import Layouts
import Networks
import Numerics
import Pipeline

/// Hidden benchmark commands (used by the scripts under benchmarks/).
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Benchmarks of the engine (used by benchmarks/*.sh).",
    shouldDisplay: false,
    subcommands: [BenchEngineStep.self, BenchTauNet.self]
  )
}

/// Times one training step of the engine at one shape, one BLAS thread (benchmarks/engine-step.sh).
struct BenchEngineStep: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "engine-step",
    abstract: "Time one training step (forward, BPTT, clip, optimiser) with one BLAS thread.",
    discussion: """
      Prints the median ms/step, the achieved GFLOP/s (GEMM FLOPs only) and that as a fraction of \
      the same-run sgemm rate: the rate of the step's GEMM calls alone, timed between the steps. The \
      leaky RNN's step ends with SGD-Nesterov, a GRU's or LSTM's with Adam (benchmarks/gated-step.sh).
        timescales bench engine-step --hidden 500 --batch 256 --time 77 --heads 30
        timescales bench engine-step --architecture lstm --hidden 128 --batch 64 --time 27 --heads 1
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
    for (name, v) in [("hidden", hidden), ("batch", batch), ("time", time), ("heads", heads), ("steps", steps ?? 1)] where v < 1 {
      throw ValidationError("--\(name) must be at least 1 (got \(v))")
    }
  }

  func run() throws {
    BLAS.threadCount = 1
    let r = StepBenchmark.run(cell: GatedCell(rawValue: architecture), hidden: hidden, batch: batch, time: time,
                              heads: heads, steps: steps)
    if json {
      printJSON(.object([
        ("engine", .string("timescales")), ("architecture", .string(architecture)), ("hidden", .int(Int64(hidden))),
        ("batch", .int(Int64(batch))), ("time", .int(Int64(time))), ("heads", .int(Int64(heads))), ("steps", .int(Int64(r.steps))),
        ("msPerStep", .double(r.medianSeconds * 1e3)), ("msMin", .double(r.minSeconds * 1e3)),
        ("msCPU", .double(r.medianCPUSeconds * 1e3)),
        ("flopsPerStep", .double(r.flopsPerStep)), ("gflops", .double(r.gflops)),
        ("sgemmGflops", .double(r.sgemmGflops)), ("msGemmStep", .double(r.gemmStepSeconds * 1e3)),
        ("sgemmRecurrentGflops", .double(r.sgemmRecurrent)), ("sgemmWeightGflops", .double(r.sgemmWeight)),
        ("sgemmFraction", .double(r.sgemmFraction)), ("msGemmStepCPU", .double(r.gemmStepCPUSeconds * 1e3)),
        ("sgemmFractionCPU", .double(r.sgemmFractionCPU)), ("openblasCore", .string(OpenBLASCoreType.active)),
        ("threads", .int(Int64(BLAS.threadCount))),
      ]))
      return
    }
    print(String(format: "%@ H=%d B=%d T=%d K=%d: %.3f ms/step (median of %d, min %.3f, CPU %.3f), %.1f GFLOP/s",
                 architecture, hidden, batch, time, heads, r.medianSeconds * 1e3, r.steps, r.minSeconds * 1e3,
                 r.medianCPUSeconds * 1e3, r.gflops))
    print(String(format: "  = %.0f%% of the same-run sgemm rate %.1f GFLOP/s (its GEMM calls alone: %.3f ms, CPU %.3f: %.0f%% in CPU time)",
                 100 * r.sgemmFraction, r.sgemmGflops, r.gemmStepSeconds * 1e3, r.gemmStepCPUSeconds * 1e3,
                 100 * r.sgemmFractionCPU))
    print(String(format: "  single calls: (B×H)·(H×GH) %.1f, (TB×GH)ᵀ·(TB×H) %.1f GFLOP/s; OpenBLAS %@, 1 thread",
                 r.sgemmRecurrent, r.sgemmWeight, OpenBLASCoreType.active))
  }
}
