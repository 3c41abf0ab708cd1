import ArgumentParser
import Artifacts
import Foundation
import Numerics
import Pipeline

struct Doctor: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Report the version and commit, and the numeric libraries in use: OpenBLAS kernel and threads, HDF5, FFTW, gnuplot."
  )

  func run() throws {
    let env = ProcessInfo.processInfo.environment
    let detected = OpenBLASCoreType.detect() ?? "none (OpenBLAS decides)"
    print("timescales \(Timescales.configuration.version)")
    print("timescales:           \(ToolVersion.current)")
    print("cpu kernel detected:  \(detected)")
    print("OPENBLAS_CORETYPE:    \(env["OPENBLAS_CORETYPE"] ?? "(unset)")")
    print("OpenBLAS kernel:      \(OpenBLASCoreType.active)")
    print("OpenBLAS threads:     \(OpenBLASCoreType.threads) (stages always run BLAS with 1, so results do not depend on scheduling)")
    print("OpenBLAS config:      \(OpenBLASCoreType.config)")
    print("HDF5:                 \(HDF5Info.version)")
    print("FFTW:                 \(OpenBLASCoreType.fftwVersion)")
    print("gnuplot:              \(gnuplotVersion() ?? "not found (apt-get install gnuplot-nox)")")
    print("cores:                \(ProcessInfo.processInfo.activeProcessorCount)")
  }

  func gnuplotVersion() -> String? {
    guard let r = try? ChildProcess.run("/usr/bin/env", ["gnuplot", "--version"], stderr: .discard), r.status == 0 else { return nil }
    return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
