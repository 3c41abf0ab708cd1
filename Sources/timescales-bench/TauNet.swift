import ArgumentParser
import Benchmarks
import Experiments
import Foundation
import Numerics

struct BenchTauNet: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tau-net",
    abstract: "Time τ_net + dimensionality of one random network at the paper's protocol, part by part.",
    discussion: """
      Simulation, autocorrelation, fits and PCA of a freshly initialised network (seeded), next to the
      same-run sgemm rate of the simulation's GEMM shape. benchmarks/tau-net.sh runs it beside the
      numpy/scipy reference on the same network (written with --write-network).
        timescales-bench tau-net --hidden 500 --write-network /tmp/net.h5 --json
      """
  )
  @Option(help: "Neurons H.") var hidden = 500
  @Option(help: "Recorded steps per trial after the burn-in.") var steps = 100_500
  @Option(help: "Burn-in steps.") var burnIn = 500
  @Option(help: "Trials.") var trials = 10
  @Option(help: "Trials simulated together (one GEMM batch).") var trialBatch = 10
  @Option(help: "Threads for autocorrelation FFTs and fits.") var threads = 1
  @Option(help: "OpenBLAS threads (default: --threads).") var blasThreads: Int?
  @Option(help: "Seed of the network and of the simulation.") var seed = 1
  @Option(help: "Also write the network (checkpoint layout /network/*) to this HDF5 file.") var writeNetwork: String?
  @Option(help: "Also write the analysis artifact (τ_net layout) to this HDF5 file.") var writeArtifact: String?
  @Option(help: "Repeat the neurons' fits this many times and report the best CPU time of a pass.") var fitRepeats = 0
  @Flag(help: "Print the report as JSON.") var json = false

  func validate() throws {
    guard hidden >= 1, steps >= 200, burnIn >= 0, trials >= 1, trialBatch >= 1, threads >= 1 else {
      throw ValidationError(
        "need --hidden ≥ 1, --steps ≥ 200, --burn-in ≥ 0, --trials ≥ 1, --trial-batch ≥ 1, --threads ≥ 1")
    }
  }

  func run() throws {
    BLAS.threadCount = blasThreads ?? threads
    let network = TauNetBenchmark.network(hidden: hidden, seed: UInt64(seed))
    if let path = writeNetwork { try TauNetBenchmark.writeNetwork(network, to: path) }
    let options = TauNetOptions(
      simulation: SimulationProtocol(
        steps: steps, burnIn: burnIn, trials: trials,
        trialBatch: trialBatch, seed: UInt64(seed)),
      threads: threads)
    let r = try TauNetBenchmark.run(
      network: network, options: options, artifactPath: writeArtifact, fitRepeats: fitRepeats,
      progress: { if !json { print("  " + $0) } })
    if json {
      let enc = JSONEncoder()
      enc.outputFormatting = [.sortedKeys, .prettyPrinted]
      print(String(decoding: try enc.encode(r), as: UTF8.self))
      return
    }
    let s = r.seconds, c = r.cpuSeconds
    print(
      String(
        format: "H=%d, %d trials × (%d + %d) steps, %d thread(s), %d BLAS thread(s), kernel %@", r.hidden, r.trials,
        r.burnIn, r.steps, r.threads, r.blasThreads, r.openblasCore))
    print("  part                wall       CPU")
    for (name, v, u) in [
      ("simulation", s.simulation, c.simulation), ("autocorrelation", s.autocorrelation, c.autocorrelation),
      ("fits", s.fits, c.fits), ("PCA", s.pca, c.pca), ("total", r.totalSeconds, r.totalCPUSeconds),
    ] {
      print("  " + name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%8.2f s %8.2f s", v, u))
    }
    print(
      String(
        format: "  sgemm (%d×%d)·(%d×%d): %.1f GFLOP/s → GEMMs alone %.2f s; simulation CPU = %.2f× that",
        min(r.trials, trialBatch), r.hidden, r.hidden, r.hidden, r.sgemmGFLOPS, r.simulationGEMMSeconds,
        r.simulationOverGEMM))
    print(
      String(
        format: "  inside the simulation its GEMMs took %.2f s; simulation wall = %.2f× that",
        r.simulationInsideGEMMSeconds, r.simulationOverInsideGEMM))
    if let f = r.fitCPUSecondsBest { print(String(format: "  fits, best of %d repeats: %.3f s CPU", fitRepeats, f)) }
    print(
      String(
        format: "  peak memory %.2f GiB; τ_net mean %.3f over %d neurons; population τ_net %.3f; components 90%%: %@",
        Double(r.peakResidentBytes) / 1_073_741_824, r.tauNetMean, r.tauNetCount, r.populationTauNet,
        r.components90.map(String.init).joined(separator: " ")))
  }
}
