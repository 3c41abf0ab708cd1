import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Numerics

#if canImport(Glibc)
import Glibc
#endif

/// Times the τ_net + dimensionality analysis of one freshly initialised network, part by part, next to
/// the same-run sgemm rate of the simulation's GEMM shape (for `timescales-bench tau-net` and
/// `benchmarks/tau-net.sh`, which runs the numpy/scipy reference of `benchmarks/tau_net_reference.py`
/// on the same network).
public enum TauNetBenchmark {
  public struct Report: Codable, Sendable {
    public var hidden: Int
    public var steps: Int
    public var burnIn: Int
    public var trials: Int
    public var threads: Int
    public var blasThreads: Int
    public var openblasCore: String
    /// Wall-clock seconds per part.
    public var seconds: TauNetTimings
    public var totalSeconds: Double
    /// Process CPU seconds per part (less sensitive to other processes on the machine).
    public var cpuSeconds: TauNetTimings
    public var totalCPUSeconds: Double
    /// GFLOP/s of the simulation's GEMM shape (G×H)·(H×H), measured in this process after the run
    /// (best of 5 loops of 2,000 calls, each timed by process CPU time, so other processes on the
    /// machine do not count).
    public var sgemmGFLOPS: Double
    /// Seconds the simulation's GEMMs alone need at that rate: 2·G·H²·(W+T) per group.
    public var simulationGEMMSeconds: Double
    /// Simulation CPU seconds / simulationGEMMSeconds (target ≤ 1.5).
    public var simulationOverGEMM: Double
    /// Wall seconds spent inside the simulation's GEMM calls during the run, and the simulation's wall
    /// seconds over them: the overhead of everything else (inputs, update, copies, page faults).
    public var simulationInsideGEMMSeconds: Double
    public var simulationOverInsideGEMM: Double
    /// Peak resident memory of the process (getrusage), bytes.
    public var peakResidentBytes: Int
    /// Results, to compare with the reference's on the same network (inputs differ: statistics only).
    public var tauNetMean: Double
    public var tauNetCount: Int
    public var populationTauNet: Double
    public var components90: [Int]
    /// p of each trial's Bernoulli inputs (the reference script can reuse them).
    public var inputProbabilities: [Double]
    /// With `fitRepeats` > 0: process CPU seconds per pass of the neurons' fits, best of the repeats
    /// (the fits take a fraction of a second, so one pass is a noisy measurement on a busy machine).
    public var fitCPUSecondsBest: Double?
  }

  /// The benchmark network: `LeakyRNN(config: H, heads: 1, rng: RandomStream(seed))`, trained τ
  /// (docs/method.md §1.1 initialisation).
  public static func network(hidden: Int, seed: UInt64) -> LeakyRNN {
    var rng = RandomStream(seed: seed)
    return LeakyRNN(config: LeakyRNNConfig(hidden: hidden), heads: 1, rng: &rng)
  }

  /// Writes `network` as `/network/*` (the checkpoint layout) to `path`, for the reference script.
  public static func writeNetwork(_ network: LeakyRNN, to path: String) throws {
    var a = Artifact()
    Checkpoint.write(network, into: &a)
    try ArtifactWriter.write(a, to: path)
  }

  /// Runs the analysis and times it; `artifactPath` also writes its artifact (`TauNetLayout`, without `/source`).
  public static func run(
    network: LeakyRNN, options: TauNetOptions, artifactPath: String? = nil, fitRepeats: Int = 0,
    progress: (String) -> Void = { _ in }
  ) throws -> Report {
    let result = TauNetAnalysis.analyse(network: network, options: options, progress: progress)
    var fitBest: Double? = nil
    for _ in 0..<fitRepeats {
      let c0 = Clock.processCPU()
      _ = TauNetAnalysis.fitNeurons(
        autocovariance: result.autocovariance, neurons: network.hidden, lags: options.lags,
        lastFitLag: options.fitLags - 1, threads: options.threads)
      _ = estimateTimescale(autocovariance: result.populationAutocovariance, lastFitLag: options.fitLags - 1)
      fitBest = min(fitBest ?? .infinity, Clock.processCPU() - c0)
    }
    if let artifactPath {
      var a = Artifact()
      TauNetAnalysis.layout(result, options: options).write(into: &a)
      try ArtifactWriter.write(a, to: artifactPath)
    }
    let sim = options.simulation
    let H = network.hidden, G = min(sim.trialBatch, sim.trials)
    let rate = sgemmRate(network: network, batch: G)
    // Every trial group runs W + T steps of one (g×H)·(H×H)ᵀ GEMM; g = G except a smaller last group.
    var flops = 0.0
    var left = sim.trials
    while left > 0 {
      let g = min(G, left)
      flops += 2 * Double(g) * Double(H) * Double(H) * Double(sim.burnIn + sim.steps)
      left -= g
    }
    let gemmSeconds = flops / (rate * 1e9)
    let inside = result.simulationTimings.map(\.gemmSeconds).reduce(0, +)
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let summary = TauNetLayout.summary(result.neurons.map(\.tauNet))
    return Report(
      hidden: H, steps: sim.steps, burnIn: sim.burnIn, trials: sim.trials, threads: options.threads,
      blasThreads: BLAS.threadCount, openblasCore: OpenBLASCoreType.active, seconds: result.timings,
      totalSeconds: result.timings.total, cpuSeconds: result.cpuTimings, totalCPUSeconds: result.cpuTimings.total,
      sgemmGFLOPS: rate, simulationGEMMSeconds: gemmSeconds,
      simulationOverGEMM: result.cpuTimings.simulation / gemmSeconds,
      simulationInsideGEMMSeconds: inside, simulationOverInsideGEMM: result.timings.simulation / inside,
      peakResidentBytes: Int(usage.ru_maxrss) * 1024,
      tauNetMean: summary.mean, tauNetCount: summary.count, populationTauNet: result.population.tauNet,
      components90: result.spectra.map(\.componentsForThreshold),
      inputProbabilities: result.inputProbabilities.map(Double.init), fitCPUSecondsBest: fitBest)
  }

  /// GFLOP/s of `drive += h·W^Rᵀ` with h G×H on a stored transpose (a plain (G×H)·(H×H) GEMM), as
  /// `FreeRunner.step` calls it: best of 5 loops of 2,000 calls, timed by process CPU time.
  static func sgemmRate(network: LeakyRNN, batch G: Int) -> Double {
    let H = network.hidden, calls = 2000
    var rng = RandomStream(seed: 7)
    let h = rng.uniformArray(G * H, 0, 0.1)
    var c = [Float](repeating: 0, count: G * H)
    var wT = [Float](repeating: 0, count: H * H)
    let P = network.parameters, w0 = network.layout.wRec.lowerBound
    for i in 0..<H { for j in 0..<H { wT[j * H + i] = P[w0 + i * H + j] } }
    var best = Double.infinity
    wT.withUnsafeBufferPointer { w in
      h.withUnsafeBufferPointer { hp in
        c.withUnsafeMutableBufferPointer { cp in
          for _ in 0..<5 {
            let t0 = Clock.processCPU()
            for _ in 0..<calls {
              BLAS.sgemm(
                m: G, n: H, k: H, a: hp.baseAddress!, lda: H, b: w.baseAddress!, ldb: H, beta: 1,
                c: cp.baseAddress!, ldc: H)
            }
            best = min(best, Clock.processCPU() - t0)
          }
        }
      }
    }
    return 2 * Double(G) * Double(H) * Double(H) * Double(calls) / best / 1e9
  }
}
