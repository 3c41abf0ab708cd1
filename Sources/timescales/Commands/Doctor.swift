import ArgumentParser
import Artifacts
import Foundation
import Numerics

struct Doctor: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Report the numeric libraries in use: OpenBLAS kernel and threads, HDF5, FFTW, gnuplot."
  )

  func run() throws {
    let env = ProcessInfo.processInfo.environment
    let detected = OpenBLASCoreType.detect() ?? "none (OpenBLAS decides)"
    print("timescales \(Timescales.configuration.version)")
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
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["gnuplot", "--version"]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return nil }
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
