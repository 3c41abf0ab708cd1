import ArgumentParser
import Foundation
import Pipeline

struct Push: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Copy cached artifacts to a remote cache folder (a shared or network file system).",
    discussion: """
      Targets are stage names, prefixes or globs (with the stages they need); default: every stage of \
      the profile that is cached. Entries already in the remote are skipped; each copy's content hash \
      is checked before it is linked into place, so concurrent pushes and interrupted ones leave no \
      half entry. Without --to, the "remote" of timescales.json.
        timescales push --profile smoke --to /shared/lab/timescales-cache
      """
  )
  @OptionGroup var project: ProjectOptions
  @Option(
    name: .customLong("to"), help: ArgumentHelp("The remote cache folder (created if needed).", valueName: "REMOTE"))
  var remote: String?
  @Argument(help: "Stages to push (names, prefixes or globs).") var targets: [String] = []

  func run() throws {
    let p = try project.open()
    let destination = try project.remote(remote, verb: "push")
    let t = try p.push(targets, to: destination)
    if project.verbose { for s in t.copied { print("pushed \(s)") } }
    print(
      "push (\(p.plan.profile)) → \(destination.path): \(t.copied.count) copied, \(t.present.count) already there, \(t.unavailable.count) not cached here"
    )
  }
}

struct Pull: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fetch cached artifacts from a remote cache folder instead of computing them.",
    discussion: """
      Fetches, for the targets (default: the whole profile), every stage whose current key the remote \
      holds and that is not cached here; each entry's content hash is checked on arrival. Without \
      --from, the "remote" of timescales.json.
        timescales pull --profile smoke --from /shared/lab/timescales-cache
      """
  )
  @OptionGroup var project: ProjectOptions
  @Option(name: .customLong("from"), help: ArgumentHelp("The remote cache folder.", valueName: "REMOTE")) var remote:
    String?
  @Argument(help: "Stages to pull (names, prefixes or globs).") var targets: [String] = []

  func run() throws {
    let p = try project.open()
    let source = try project.remote(remote, verb: "pull")
    let t = try p.pull(targets, from: source)
    if project.verbose { for s in t.copied { print("pulled \(s)") } }
    print(
      "pull (\(p.plan.profile)) ← \(source.path): \(t.copied.count) fetched, \(t.present.count) already cached, \(t.unavailable.count) not in the remote"
    )
  }
}
