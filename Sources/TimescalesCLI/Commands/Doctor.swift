import ArgumentParser
import Pipeline
import Report

struct Doctor: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Report the version and commit, and the numeric libraries in use: OpenBLAS kernel and threads, HDF5, FFTW, gnuplot."
  )

  func run() throws {
    print(MachineDescription.text(toolVersion: ToolVersion.current))
  }
}
