import ArgumentParser
import Foundation
import Pipeline
import Stages

struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Recompute stages of a manifest here and check that their content hashes are the manifest's.",
    discussion: """
      The chosen stages are recomputed even when cached; what they need and is not cached is \
      computed too (and checked). The manifest names its profile. Without STAGE or --sample: every \
      stage of the manifest.
        timescales verify docs/extended/MANIFEST --sample 5
        timescales verify smoke.manifest.json 'tau-net/**/N3'
      --sample K draws K stages at random, each with probability inversely proportional to its \
      estimated cost (with the inputs it would have to compute), or uniformly with --uniform.
      Each stage runs with one BLAS thread; --jobs stages at a time.
      Exit status: 0 every recomputed stage equals the manifest, 1 a stage differs or failed, 2 a \
      usage error (malformed manifest, unknown stage).
      """
  )
  @OptionGroup var project: ProjectOptions
  @OptionGroup var runOptions: RunOptions
  @Argument(help: "The manifest file (`timescales manifest` writes one).") var manifest: String
  @Argument(help: "Stages to recompute (names, prefixes or globs).") var stages: [String] = []
  @Option(help: "Recompute K stages drawn at random, favouring cheap ones.") var sample: Int?
  @Flag(help: "With --sample: draw uniformly instead of favouring cheap stages.") var uniform = false
  @Option(help: "With --sample: the random seed (printed, so a draw can be repeated).") var seed: UInt64?

  func validate() throws {
    if let k = sample, k < 1 { throw ValidationError("--sample must be at least 1 (got \(k))") }
    if uniform && sample == nil { throw ValidationError("--uniform only applies with --sample") }
  }

  func run() throws {
    let m = try Manifest.read(manifest)
    if let p = project.profile, p != m.profile {
      throw UsageError("\(manifest) is a manifest of profile \"\(m.profile)\", not \"\(p)\"")
    }
    let p = try Project.open(root: project.rootURL, profile: m.profile, registry: StageKinds.registry)
    let unknown = m.stages.map(\.name).filter { p.plan.index[$0] == nil }
    if let first = unknown.first {
      throw UsageError(
        "\(manifest): \(unknown.count) stage(s) are not in profile \"\(m.profile)\" of this pipeline (first: \(first))")
    }
    let inManifest = Set(m.stages.compactMap { p.plan.index[$0.name] })
    var candidates = stages.isEmpty ? inManifest : try p.plan.select(stages)
    if let outside = candidates.subtracting(inManifest).first {
      throw UsageError("stage \(p.plan.stages[outside].name) is not in \(manifest)")
    }
    if let k = sample {
      let s = seed ?? UInt64.random(in: 0...999_999)
      candidates = StageSample.draw(k, from: candidates, project: p, favourCheap: !uniform, seed: s)
      print("sample of \(candidates.count) (seed \(s)\(uniform ? ", uniform" : ""))")
    }
    if let warning = m.blasKernelWarning { print(warning) }
    for change in m.codeVersionChanges(p.plan) { print("note: code version changed since the manifest: \(change)") }
    let started = Date()
    // One thread per stage: no stage's content depends on its thread count (BLAS runs one thread).
    let results = p.verify(
      m, chosen: candidates, jobs: runOptions.jobs, cores: 1, executor: runOptions.executor(p),
      display: ProgressDisplay(verbose: project.verbose), command: CommandLine.arguments.joined(separator: " "))
    print("verify \(manifest) (profile \(m.profile), commit \(m.commit.map { String($0.prefix(12)) } ?? "unknown")):")
    for chosen in [true, false] {
      let rows = results.filter { $0.chosen == chosen }
      if rows.isEmpty { continue }
      if !chosen { print("inputs that were not cached, computed and checked too:") }
      for r in rows {
        let label = r.outcome == .equal ? "equal  " : r.outcome == .differs ? "DIFFERS" : "FAILED "
        print("  \(label) \(r.stage)  \(String(format: "%.1f s", r.seconds))" + (r.detail.map { "  (\($0))" } ?? ""))
      }
    }
    let bad = results.filter { $0.outcome != .equal }
    print(
      String(
        format: "verify: %d equal, %d differ, %d failed in %.1f s", results.count - bad.count,
        bad.filter { $0.outcome == .differs }.count, bad.filter { $0.outcome == .failed }.count,
        Date().timeIntervalSince(started)))
    if !bad.isEmpty { throw ExitCode(1) }
  }
}
