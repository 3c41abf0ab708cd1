import ArgumentParser
import Pipeline

struct Why: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Explain why a stage is not up to date: each part of its cache key, recorded vs current.",
    discussion: """
      Compares the key recorded with the stage's latest artifact with its key now: kind, code version, \
      each parameter, each input's content. Exit status 0 when the stage is up to date, 1 otherwise.
        timescales why fig/tau-vs-n --profile smoke
      """
  )
  @OptionGroup var project: ProjectOptions
  @Argument(help: "The stage.") var stage: String

  func run() throws {
    let explanation = try project.open().why(stage)
    for line in explanation.lines { print(line) }
    if !explanation.upToDate { throw ExitCode(1) }
  }
}
