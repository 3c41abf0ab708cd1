import Artifacts
import Foundation

/// Runs a program to completion and returns its exit status with stdout and stderr combined.
public func runProcess(
  _ exe: String, _ args: [String], environment: [String: String]? = nil,
  in directory: URL? = nil
) throws -> (status: Int32, output: String) {
  let r = try ChildProcess.run(exe, args, environment: environment, directory: directory, stderr: .standardOutput)
  return (r.status, r.stdout)
}

/// Runs a Python program (`script`, written to a temporary file) with `args`; nil, after printing
/// why, when `python` cannot import one of `modules` (the test then checks nothing more).
public func runPython(
  _ script: String, _ args: [String] = [], needs modules: [String], python: String = "python3",
  environment: [String: String]? = nil, in directory: URL? = nil
) throws -> (status: Int32, output: String)? {
  let check = try runProcess(
    "/usr/bin/env", [python, "-c", "import " + modules.joined(separator: ", ")], environment: environment)
  guard check.status == 0 else {
    print(
      "skipped: \(python) cannot import \(modules.joined(separator: ", ")) (\(check.output.split(separator: "\n").last ?? "")); make test installs them"
    )
    return nil
  }
  let file = try Fixtures.temporaryDirectory("py").appendingPathComponent("script.py")
  try script.write(to: file, atomically: true, encoding: .utf8)
  return try runProcess("/usr/bin/env", [python, file.path] + args, environment: environment, in: directory)
}
