import ArgumentParser
import Artifacts
import Figures
import Foundation
import Pipeline
import Report

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "Write one self-contained HTML page: the claims, every figure with its provenance, compute costs, the machine.",
    discussion: """
      Reads what the cache holds for the profile (it runs nothing: `timescales make` first). The \
      page needs no network: figures are inline, the style is in the page, there is no script.
      Default output: figures/out/<profile>/report.html (`make figures` writes it).
        timescales report --profile smoke
        timescales report --output /tmp/report.html
      """
  )
  @OptionGroup var project: ProjectOptions
  @Option(help: "The HTML file to write (default: figures/out/<profile>/report.html).") var output: String?

  func run() throws {
    let p = try project.open()
    let report = try Report(project: p, toolVersion: ToolVersion.current)
    let path =
      output.map {
        URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
      }
      ?? FigurePublisher.folder(projectRoot: p.root, profile: p.plan.profile).appendingPathComponent("report.html").path
    try AtomicFile.write(Array(report.html.utf8), to: path)
    let made = report.figures.filter { $0.png != nil }.count
    print(
      "wrote \(path): \(made) of \(report.figures.count) figures, "
        + (report.claims.map { "claims \($0.summary)" } ?? "no claims table"))
  }
}
