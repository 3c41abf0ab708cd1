import ArgumentParser
import Artifacts
import Figures
import Foundation
import Pipeline

struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show an artifact (provenance, datasets with shapes, small values) or a figure file's provenance.",
    discussion: """
      The argument is a stage name (its cached artifact under --profile), an HDF5 file, or a \
      published figure (PNG, SVG, PDF): then its provenance and whether it is still current for \
      its profile (--profile overrides), or stale and why.
        timescales show train/parity/multi/seed1/N3 --profile smoke
        timescales show data/cache/3f/3f0c….h5 --json
        timescales show figures/out/smoke/tau-vs-n.png
      """
  )
  @OptionGroup var project: ProjectOptions
  @Argument(help: "A stage name, an HDF5 file or a figure file (.png, .svg, .pdf).") var target: String
  @Flag(help: "Print JSON on stdout.") var json = false

  func run() throws {
    if FileManager.default.fileExists(atPath: target), FigureProvenance.Format(path: target) != nil {
      return try showFigure()
    }
    let path: String
    if FileManager.default.fileExists(atPath: target) {
      path = target
    } else {
      let p = try project.open()
      guard p.plan[target] != nil else {
        throw UsageError("\(target): neither a file nor a stage of profile \"\(p.plan.profile)\"")
      }
      guard let head = p.store.head(profile: p.plan.profile, stage: target) else {
        throw UsageError("stage \(target) has no artifact yet; run `timescales make \(target)`")
      }
      path = p.store.artifactPath(head.key)
    }
    let artifact = try ArtifactReader.read(path)
    if json { return printJSON(Self.json(artifact, path: path)) }
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
      } else if let s = Self.summary(a) {
        line += String(format: "  min %g  max %g  mean %g", s.min, s.max, s.mean)
      }
      print(line)
      for (k, v) in ds.attributes.sorted(by: { $0.key < $1.key }) { print("    @\(k): \(v)") }
    }
  }

  /// Min, max and mean of the finite values, nil when there are none.
  static func summary(_ a: NDArray) -> (min: Double, max: Double, mean: Double)? {
    let finite = a.doubles.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else { return nil }
    return (lo, hi, finite.reduce(0, +) / Double(finite.count))
  }

  static func json(_ artifact: Artifact, path: String) -> JSONValue {
    func attributes(_ a: [String: AttributeValue]) -> JSONValue {
      .object(a.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })
    }
    let datasets: [JSONValue] = artifact.allDatasets.map { name, ds in
      let a = ds.array
      var pairs: [(String, JSONValue)] = [
        ("path", .string(name)), ("dtype", .string(a.dtype.rawValue)),
        ("shape", .array(a.shape.map { .int(Int64($0)) })), ("attributes", attributes(ds.attributes)),
      ]
      if a.dtype != .uint8, a.count <= 8 {
        pairs.append(("values", .array(a.doubles.map { $0.isFinite ? .double($0) : .string(String($0)) })))
      } else if a.dtype != .uint8, let s = summary(a) {
        pairs.append(
          ("summary", .object([("min", .double(s.min)), ("max", .double(s.max)), ("mean", .double(s.mean))])))
      }
      return .object(pairs)
    }
    return .object([
      ("file", .string(path)), ("content_hash", .string(ContentHash.of(artifact))),
      ("attributes", attributes(artifact.root.attributes)), ("datasets", .array(datasets)),
    ])
  }

  static func json(_ v: AttributeValue) -> JSONValue {
    func number(_ d: Double) -> JSONValue { d.isFinite ? .double(d) : .string(String(d)) }
    switch v {
    case .string(let s): return .string(s)
    case .int(let i): return .int(i)
    case .double(let d): return number(d)
    case .ints(let a): return .array(a.map { .int($0) })
    case .doubles(let a): return .array(a.map(number))
    }
  }
}
