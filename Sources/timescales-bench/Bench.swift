import ArgumentParser

/// `timescales-bench`: benchmarks of the engine, apart from the product (used by benchmarks/*.sh).
@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "timescales-bench",
    abstract: "Benchmarks of the engine (used by benchmarks/*.sh).",
    subcommands: [BenchEngineStep.self, BenchTauNet.self]
  )
}
