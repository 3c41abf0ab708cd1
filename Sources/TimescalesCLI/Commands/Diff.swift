import ArgumentParser
import Diff
import Foundation
import Pipeline
import Stages

struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare two artifacts or two runs: what changed, where, and by how much.",
    discussion: """
      A and B are HDF5 files, stage names (their latest artifact under --profile; STAGE@PROFILE for \
      another profile) or runs (run:latest, run:previous, run:ID or a unique prefix of an ID).
        timescales diff train/parity/multi/seed1/N3 --previous
        timescales diff run:previous run:latest --rtol 1e-5
        timescales diff a.h5 b.h5 --atol 1e-8 --rtol 1e-5 --tolerance '/weights/*=1e-6,1e-3'

      Artifacts: objects present on one side only, dtype changes (float32 vs float64 with equal \
      values is one), shape changes, and per dataset the elements where |a − b| > atol + rtol·|b| \
      (b from B), with the largest absolute and relative difference and where they occur. NaN \
      equals NaN unless --nan-differs. Byte datasets (files) holding a PNG are compared pixel by \
      pixel, tab-separated tables cell by cell, other files byte by byte. Provenance (parameters, \
      code version, inputs; times and host with -v) is shown but is not content: it never makes \
      two artifacts differ.
      Runs: a run stands for every stage's artifact when it ended; each stage is unchanged, \
      identical (recomputed, same content), within tolerance, changed (and why), or on one side only.
      --previous: a stage's artifact before its latest recomputation or change, against the \
      current one; or the run before a run of the same profile.

      Exit status: 0 no differences (within tolerance), 1 differences, 2 a usage or input error \
      (bad option, unknown stage or run, unreadable file). Unlike h5diff, never 1 for an error.
      """
  )
  @OptionGroup var project: ProjectOptions
  @Argument(help: "A: an artifact file, stage or run.") var a: String
  @Argument(help: "B: the artifact file, stage or run to compare A with (the reference for --rtol).") var b: String?
  @Flag(help: "Compare A with its previous artifact (a stage) or with the run before it (a run).") var previous = false
  @Option(parsing: .unconditional, help: "Absolute tolerance.") var atol: Double = 0
  @Option(parsing: .unconditional, help: "Relative tolerance, relative to B's value; applies together with --atol.")
  var rtol: Double = 0
  @Option(
    name: .customLong("tolerance"),
    help: ArgumentHelp(
      "Tolerance for matching paths: exact, glob (* within a segment, ** across) or group prefix; the last match wins.",
      valueName: "PATH=ATOL,RTOL")) var tolerances: [String] = []
  @Flag(help: "Count NaN against NaN as a difference.") var nanDiffers = false
  @Option(help: "Differing elements listed per dataset.") var examples = 5
  @Flag(help: "Print the full structure as JSON on stdout.") var json = false
  @Flag(name: .shortAndLong, help: "Print nothing; only the exit status tells.") var quiet = false

  func validate() throws {
    for (name, v) in [("--atol", atol), ("--rtol", rtol)] where !(v.isFinite && v >= 0) {
      throw ValidationError("\(name) must be a finite number ≥ 0 (got \(v))")
    }
    guard examples >= 0 else { throw ValidationError("--examples must be ≥ 0 (got \(examples))") }
    if json && quiet { throw ValidationError("--json and --quiet exclude each other") }
  }

  func run() throws {
    let options = DiffOptions(
      tolerance: .init(atol: atol, rtol: rtol), rules: try tolerances.map(DiffOptions.PathRule.parse),
      nanDiffers: nanDiffers, examples: examples)
    let request = Differ.Request(
      a: a, b: b, previous: previous, profile: project.profile, root: project.rootURL, options: options)
    let result = try Differ.diff(request, registry: StageKinds.registry)
    if json {
      printJSON(result.json)
    } else if !quiet {
      result.lines(verbose: project.verbose).forEach { print($0) }
    }
    if result.hasDifferences { throw ExitCode(1) }
  }
}
