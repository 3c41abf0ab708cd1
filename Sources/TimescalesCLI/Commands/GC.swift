import ArgumentParser
import Foundation
import Pipeline

struct GC: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gc",
    abstract: "Remove cache entries no profile uses and no run of the last 30 days recorded.",
    discussion: """
      Also sweeps what killed processes left: lock files no process holds, temporary files of
      ended writers, and resume state (data/scratch/<key>) of stages that finished or that no
      profile has. Files moved to data/quarantine/ (found damaged) are kept for inspection.
        timescales gc --dry-run
      """
  )
  @OptionGroup var project: ProjectOptions
  @Flag(name: [.customShort("n"), .long], help: "List what would be removed without removing it.") var dryRun = false

  func run() throws {
    let p = try project.open()
    let (removed, bytes, debris) = try p.gc(dryRun: dryRun)
    if project.verbose || dryRun {
      for k in removed { print((dryRun ? "would remove " : "removed ") + k) }
      for d in debris { print((dryRun ? "would remove " : "removed ") + d.path + " (\(d.what))") }
    }
    print(
      String(
        format: "gc: %@%d entries, %.1f MB; %d leftover files", dryRun ? "would remove " : "removed ", removed.count,
        Double(bytes) / 1e6, debris.count))
  }
}
