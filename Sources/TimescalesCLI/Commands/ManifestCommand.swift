import ArgumentParser
import Foundation
import Pipeline

struct ManifestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "manifest",
    abstract: "Print the manifest of a profile's run: every stage → content hash, the commit and the code versions.",
    discussion: """
      Every stage of the profile must be up to date (`timescales make --profile P '**'`). \
      `timescales verify FILE` recomputes stages on any machine and compares them with it.
        timescales manifest --profile smoke > smoke.manifest.json
      """
  )
  @OptionGroup var project: ProjectOptions

  func run() throws {
    print(try Manifest.of(try project.open()).text, terminator: "")
  }
}
