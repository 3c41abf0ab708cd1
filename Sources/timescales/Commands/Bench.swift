import ArgumentParser

/// Hidden group of benchmark commands (release builds; see docs/benchmarks.md).
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Benchmarks of the numerical engine (see docs/benchmarks.md).",
    shouldDisplay: false,
    subcommands: [BenchTauNet.self]
  )
}
