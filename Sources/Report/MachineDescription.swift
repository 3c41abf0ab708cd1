import Artifacts
import Figures
import Foundation
import Numerics

/// The machine and numeric libraries in use, as `timescales doctor` prints them and the report shows them.
public enum MachineDescription {
  /// `(label, value)` pairs, in the order doctor prints them.
  public static func entries(toolVersion: String) -> [(label: String, value: String)] {
    let env = ProcessInfo.processInfo.environment
    return [
      ("timescales", toolVersion),
      ("cpu kernel detected", OpenBLASCoreType.detect() ?? "none (OpenBLAS decides)"),
      ("OPENBLAS_CORETYPE", env["OPENBLAS_CORETYPE"] ?? "(unset)"),
      ("OpenBLAS kernel", OpenBLASCoreType.active),
      (
        "OpenBLAS threads",
        "\(OpenBLASCoreType.threads) (stages always run BLAS with 1, so results do not depend on scheduling)"
      ),
      ("OpenBLAS config", OpenBLASCoreType.config),
      ("HDF5", HDF5Info.version),
      ("FFTW", OpenBLASCoreType.fftwVersion),
      ("gnuplot", Gnuplot.shared.version ?? "not found (apt-get install gnuplot-nox)"),
      ("cores", "\(ProcessInfo.processInfo.activeProcessorCount)"),
      ("host", ProcessInfo.processInfo.hostName),
    ]
  }

  /// `timescales <version>`, then one `label:  value` line per entry, values aligned.
  public static func text(toolVersion: String) -> String {
    let e = entries(toolVersion: toolVersion).dropFirst()
    let width = (e.map(\.label.count).max() ?? 0) + 3
    return
      (["timescales \(toolVersion)"]
      + e.map { ($0.label + ":").padding(toLength: width, withPad: " ", startingAt: 0) + $0.value })
      .joined(separator: "\n")
  }
}
