import Artifacts
import Foundation

/// Runs a program to completion and returns its exit status with stdout and stderr combined.
public func runProcess(_ exe: String, _ args: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
  let r = try ChildProcess.run(exe, args, environment: environment, stderr: .standardOutput)
  return (r.status, r.stdout)
}
