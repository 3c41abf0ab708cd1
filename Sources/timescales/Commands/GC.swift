import ArgumentParser
import Foundation
import Pipeline

struct GC: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gc",
    abstract: "Remove cache entries no profile uses and no run of the last 30 days recorded.",
    discussion: "  timescales gc --dry-run"
  )
  @OptionGroup var project: ProjectOptions
  @Flag(name: [.customShort("n"), .long], help: "List what would be removed without removing it.") var dryRun = false

  func run() throws {
    let p = try project.open()
    let (removed, bytes) = try p.gc(dryRun: dryRun)
    if project.verbose || dryRun { for k in removed { print((dryRun ? "would remove " : "removed ") + k) } }
    print(String(format: "gc: %@%d entries, %.1f MB", dryRun ? "would remove " : "removed ", removed.count, Double(bytes) / 1e6))
  }
}
