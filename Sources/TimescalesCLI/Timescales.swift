import ArgumentParser
import Artifacts
import Foundation
import Glibc
import Numerics
import Pipeline

/// The `timescales` command: its subcommands, and the mapping of errors to exit codes.
public struct Timescales: ParsableCommand {
  public init() {}

  public static let configuration = CommandConfiguration(
    abstract:
      "Reproduce the figures of 'Emergent mechanisms for long timescales depend on training curriculum' (ICLR 2024).",
    discussion: """
      A pipeline runner: reads pipeline.json, runs the stages that are stale, keeps every result \
      as an HDF5 artifact in a content-addressed cache under data/.
      Exit status: 0 success, 1 a stage failed (or `diff` found differences, or `status`/`why` found a stage \
      not up to date), 2 a usage or input error.
      """,
    version: ToolVersion.release,
    subcommands: [
      Make.self, Rerun.self, Claims.self, Status.self, Why.self, Accept.self, Push.self, Pull.self, Cancel.self,
      Dag.self,
      Diff.self, Show.self, PathCommand.self, ReportCommand.self, GC.self, Doctor.self, Evaluate.self,
      ImportReference.self, RunStage.self, StageWorker.self, ManifestCommand.self, Verify.self,
    ]
  )

  /// Parses and runs the command, mapping errors to exit codes in one place:
  /// 2 for usage and input errors, 1 for a failed stage or differences found, 0 otherwise.
  public static func main() {
    OpenBLASCoreType.reexecIfNeeded()
    setvbuf(stdout, nil, _IOLBF, 0)
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let code as ExitCode {
      Glibc.exit(code.rawValue)
    } catch let e as PlanErrors {
      fail(e.description)
    } catch let e as UsageError {
      fail("error: \(e)")
    } catch let e as ArtifactsError {
      fail("error: \(e)")
    } catch let e as StageError {
      fail("error: \(e)")
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Glibc.exit(0)
      }
      fail(fullMessage(for: error))
    }
  }

  static func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    Glibc.exit(2)
  }
}
