import ArgumentParser
import Foundation
import Pipeline

struct Accept: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Declare a stale stage's existing artifact good for its current key, without recomputing it.",
    discussion: """
      For a change you know is cosmetic (a renamed parameter, a code version bumped for a comment). \
      The artifact's content is unchanged; its cache record says it was accepted, from which key and \
      when (`timescales show STAGE`, `timescales why STAGE`). With --downstream, stale stages below it \
      are accepted too.
        timescales accept fig/tau-vs-n --profile smoke
        timescales accept analysis/tau --downstream
      """
  )
  @OptionGroup var project: ProjectOptions
  @Argument(help: "The stage.") var stage: String
  @Flag(help: "Also accept the stale stages that depend on it.") var downstream = false

  func run() throws {
    let p = try project.open()
    let accepted = try p.accept(stage, downstream: downstream)
    for (name, record) in accepted {
      print(
        "accepted \(name): key \(record.key.prefix(12)) now stands for the artifact of key \(record.accepted!.fromKey.prefix(12))"
      )
    }
    print("accept (\(p.plan.profile)): \(accepted.count) stage(s) accepted")
  }
}
