import ArgumentParser
import Foundation

struct PathCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "path",
    abstract: "Print the file of a stage's latest artifact (HDF5), to open it with h5py, h5dump or anything else.",
    discussion: """
      Exit status 2 for a stage the profile does not have (naming the closest one) or one not made yet.
        timescales path tau-net/parity/multi/seed1/N4 --profile smoke
        h5dump -A "$(timescales path train/parity/single/seed1/N3)"
      See docs/python.md for reading artifacts from Python.
      """
  )
  @OptionGroup var project: ProjectOptions
  @Argument(help: "A stage name (`timescales dag` lists them).") var stage: String

  func run() throws {
    print(try project.open().artifactPath(of: stage))
  }
}
