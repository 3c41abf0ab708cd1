import ArgumentParser
import Artifacts
import Foundation
import Pipeline

struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show an artifact: provenance, datasets with shapes, small values.",
    discussion: """
      The argument is a stage name (its cached artifact under --profile) or an HDF5 file.
        timescales show train/rnn/parity/multi/seed1/N3 --profile smoke
        timescales show data/cache/3f/3f0c….h5
      """
  )
  @OptionGroup var project: ProjectOptions
  @Argument(help: "A stage name or an HDF5 file.") var target: String

  func run() throws {
    let path: String
    if FileManager.default.fileExists(atPath: target) {
      path = target
    } else {
      let p = try project.open()
      guard p.plan[target] != nil else { throw UsageError("\(target): neither a file nor a stage of profile \"\(p.plan.profile)\"") }
      guard let head = p.store.head(profile: p.plan.profile, stage: target) else {
        throw UsageError("stage \(target) has no artifact yet; run `timescales make \(target)`")
      }
      path = p.store.artifactPath(head.key)
    }
    let artifact = try ArtifactReader.read(path)
    print("file: \(path)")
    print("content hash: \(ContentHash.of(artifact))")
    if let note = CacheRecord.beside(path)?.acceptanceNote { print(note) }
    for (k, v) in artifact.root.attributes.sorted(by: { $0.key < $1.key }) {
      let text = v.description.replacingOccurrences(of: "\n", with: "\n    ")
      print("  \(k): \(text)")
    }
    for (name, ds) in artifact.allDatasets {
      let a = ds.array
      var line = "\(name)  \(a.dtype.rawValue) [\(a.shape.map(String.init).joined(separator: "×"))]"
      if a.dtype == .uint8 {
        line += "  (a file's bytes)"
      } else if a.count <= 8 {
        line += " = " + a.doubles.map { String(format: "%g", $0) }.joined(separator: ", ")
      } else {
        let d = a.doubles
        let finite = d.filter(\.isFinite)
        if let lo = finite.min(), let hi = finite.max() {
          line += String(format: "  min %g  max %g  mean %g", lo, hi, finite.reduce(0, +) / Double(finite.count))
        }
      }
      print(line)
      for (k, v) in ds.attributes.sorted(by: { $0.key < $1.key }) { print("    @\(k): \(v)") }
    }
  }
}
