import ArgumentParser
import Foundation
import Pipeline
import Stages

/// Options every project command shares.
struct ProjectOptions: ParsableArguments {
  @Option(name: [.customShort("C"), .long], help: "The project directory (holding pipeline.json and data/).")
  var root: String = FileManager.default.currentDirectoryPath

  @Option(name: .long, help: "The profile to use (smoke, default, paper, …). Default: the pipeline's defaultProfile.")
  var profile: String?

  @Flag(name: .shortAndLong, help: "Print more (cached stages, stage starts).")
  var verbose = false

  var rootURL: URL { URL(fileURLWithPath: root).standardizedFileURL }

  func open() throws -> Project {
    try Project.open(root: rootURL, profile: profile, registry: StageKinds.registry)
  }

  /// The remote cache: the flag's folder, else timescales.json's `remote`.
  func remote(_ flag: String?, verb: String) throws -> URL {
    if let flag {
      return URL(fileURLWithPath: flag, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        .standardizedFileURL
    }
    if let configured = try ProjectConfiguration.load(root: rootURL).remote { return configured }
    throw UsageError(
      "\(verb) needs a remote cache folder: give one, or set \"remote\" in \(ProjectConfiguration.fileName)")
  }
}

/// Options of the commands that run stages.
struct RunOptions: ParsableArguments {
  @Option(name: .shortAndLong, parsing: .unconditional, help: "Stages run at once (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Stop a stage that runs longer than this many seconds (default: its resources.time).", valueName: "seconds"))
  var timeout: Double?

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
    if let timeout, !(timeout > 0) {
      throw ValidationError("--timeout must be a number of seconds > 0 (got \(timeout))")
    }
  }

  var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

  func executor(_ project: Project) -> Executor {
    ChildProcesses.stopOnSignals()
    var executor = ProcessExecutor(
      executable: selfExecutable(), projectRoot: project.root.path, profile: project.plan.profile, store: project.store)
    for stage in project.plan.stages { executor.timeLimits[stage.name] = timeout ?? stage.resources.timeLimit }
    return executor
  }
}

func selfExecutable() -> String {
  (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

func printJSON(_ value: JSONValue) {
  print(value.canonical)
}

/// Prints an `Encodable` report as one line of JSON (keys sorted).
func printJSON<T: Encodable>(_ value: T) {
  printJSON(JSONValue(encoding: value))
}
