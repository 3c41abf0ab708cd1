import Artifacts
import Foundation
import Pipeline

/// The JSON form of diffs (`timescales diff --json`): one `Encodable` type per object.
/// Non-finite numbers are the strings "inf", "-inf", "nan"; integral numbers print without a fraction.
enum DiffJSON {
  /// A number as JSON can hold it.
  struct Number: Encodable {
    var value: Double
    init(_ value: Double) { self.value = value }
    func encode(to encoder: Encoder) throws {
      var c = encoder.singleValueContainer()
      if !value.isFinite {
        try c.encode(value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"))
      } else if value == value.rounded(), abs(value) < 1e15 {
        try c.encode(Int64(value))
      } else {
        try c.encode(value)
      }
    }
  }

  /// A value that is written as `null` when absent (not left out).
  struct OrNull<T: Encodable>: Encodable {
    var value: T?
    init(_ value: T?) { self.value = value }
    func encode(to encoder: Encoder) throws {
      var c = encoder.singleValueContainer()
      if let value { try c.encode(value) } else { try c.encodeNil() }
    }
  }

  struct Pair<T: Encodable>: Encodable {
    var a: T
    var b: T
  }

  // MARK: Artifacts

  struct Artifacts: Encodable {
    var differences: Bool
    var onlyInA: [OneSided]
    var onlyInB: [OneSided]
    var datasets: [Dataset]
    var attributes: [Attribute]
    var provenance: [Provenance]

    init(_ d: ArtifactDiff) {
      differences = d.hasDifferences
      onlyInA = d.onlyInA.map(OneSided.init)
      onlyInB = d.onlyInB.map(OneSided.init)
      datasets = d.datasets.map(Dataset.init)
      attributes = d.attributes.map { Attribute(path: $0.path, a: .init($0.a), b: .init($0.b), differs: $0.differs) }
      provenance = d.provenance.map { Provenance(name: $0.name, a: .init($0.a), b: .init($0.b), volatile: $0.volatile) }
    }
  }

  struct OneSided: Encodable {
    var kind: String
    var path: String
    var detail: String
    init(_ o: ArtifactDiff.OneSided) {
      kind = o.kind.rawValue
      path = o.path
      detail = o.detail
    }
  }

  struct Example: Encodable {
    var index: [Int]
    var a: Number
    var b: Number
    init(_ e: ArrayComparison.Example, shape: [Int]) {
      index = unravel(e.index, shape: shape)
      a = Number(e.a)
      b = Number(e.b)
    }
  }

  struct Comparison: Encodable {
    var compared: Int
    var differing: Int
    var notEqual: Int
    var nanMismatches: Int
    var maxAbs: Number
    var maxRel: Number
    var maxAbsAt: Example?
    var maxRelAt: Example?
    var examples: [Example]

    init(_ c: ArrayComparison, shape: [Int]) {
      compared = c.count
      differing = c.differing
      notEqual = c.unequal
      nanMismatches = c.nanMismatches
      maxAbs = Number(c.maxAbs)
      maxRel = Number(c.maxRel)
      maxAbsAt = c.maxAbsAt.map { Example($0, shape: shape) }
      maxRelAt = c.maxRelAt.map { Example($0, shape: shape) }
      examples = c.examples.map { Example($0, shape: shape) }
    }
  }

  struct Tolerance: Encodable {
    var atol: Number
    var rtol: Number
  }

  struct Table: Encodable {
    var shape: Pair<[Int]>
    var columns: [String]
    var textCellsDiffering: Int
    var commentsDiffer: Bool
    var cells: Comparison?
  }

  struct Bytes: Encodable {
    var sizeA: Int
    var sizeB: Int
    var differing: Int
    var firstDifference: OrNull<Int>
  }

  struct Image: Encodable {
    var sizeA: OrNull<[Int]>
    var sizeB: OrNull<[Int]>
    var bytesEqual: Bool
    var pixels: Int
    var changedPixels: OrNull<Int>
    var fractionChanged: OrNull<Number>
    var region: [Int]?
    var note: String?

    init(_ i: ImageComparison) {
      sizeA = OrNull(i.sizeA.map { [$0.width, $0.height] })
      sizeB = OrNull(i.sizeB.map { [$0.width, $0.height] })
      bytesEqual = i.bytesEqual
      pixels = i.pixels
      changedPixels = OrNull(i.changedPixels)
      fractionChanged = OrNull(i.fractionChanged.map(Number.init))
      region = i.region
      note = i.reason
    }
  }

  struct Dataset: Encodable {
    var path: String
    var differs: Bool
    var identical: Bool
    var dtype: Pair<String>
    var shape: Pair<[Int]>
    var tolerance: Tolerance
    var values: Comparison?
    var table: Table?
    var bytes: Bytes?
    var image: Image?

    init(_ d: ArtifactDiff.DatasetChange) {
      path = d.path
      differs = d.differs
      identical = d.identical
      dtype = Pair(a: d.dtypeA, b: d.dtypeB)
      shape = Pair(a: d.shapeA, b: d.shapeB)
      tolerance = Tolerance(atol: Number(d.tolerance.atol), rtol: Number(d.tolerance.rtol))
      switch d.values {
      case .notCompared: break
      case .numbers(let c): values = Comparison(c, shape: d.shapeB)
      case .table(let t):
        table = Table(
          shape: Pair(a: t.shapeA, b: t.shapeB), columns: t.columns, textCellsDiffering: t.textCellsDiffering,
          commentsDiffer: t.commentsDiffer, cells: t.values.map { Comparison($0, shape: t.shapeB) })
      case .bytes(let c):
        bytes = Bytes(
          sizeA: c.sizeA, sizeB: c.sizeB, differing: c.differing, firstDifference: OrNull(c.firstDifference))
      case .image(let i): image = Image(i)
      }
    }
  }

  /// An attribute value: strings and numbers as they are, arrays as arrays.
  struct AttributeJSON: Encodable {
    var value: AttributeValue
    init(_ value: AttributeValue) { self.value = value }
    func encode(to encoder: Encoder) throws {
      var c = encoder.singleValueContainer()
      switch value {
      case .string(let s): try c.encode(s)
      case .int(let x): try c.encode(x)
      case .double(let x): try c.encode(Number(x))
      case .ints(let x): try c.encode(x)
      case .doubles(let x): try c.encode(x.map(Number.init))
      }
    }
  }

  struct Attribute: Encodable {
    var path: String
    var a: AttributeJSON
    var b: AttributeJSON
    var differs: Bool
  }

  struct Provenance: Encodable {
    var name: String
    var a: OrNull<String>
    var b: OrNull<String>
    var volatile: Bool
  }

  // MARK: Runs

  struct Run: Encodable {
    var id: String
    var profile: String
    var command: String
    var started: Double
    init(_ r: RunDiff.RunInfo) {
      id = r.id
      profile = r.profile
      command = r.command
      started = r.started
    }
  }

  struct StageState: Encodable {
    var key: String
    var content: String
  }

  struct Stage: Encodable {
    var stage: String
    var change: String
    var reasons: [String]
    var a: OrNull<StageState>
    var b: OrNull<StageState>
    var notes: [String]?
    var artifact: Artifacts?
  }

  struct Runs: Encodable {
    var a: Run
    var b: Run
    var differences: Bool
    var counts: [String: Int]
    var stages: [Stage]

    init(_ d: RunDiff) {
      a = Run(d.a)
      b = Run(d.b)
      differences = d.hasDifferences
      counts = Dictionary(uniqueKeysWithValues: RunDiff.Change.allCases.map { ($0.jsonName, d.count($0)) })
      func state(_ s: RunHistory.StageState?) -> OrNull<StageState> {
        OrNull(s.map { StageState(key: $0.key, content: $0.contentHash) })
      }
      stages = d.stages.map { s in
        Stage(
          stage: s.name, change: s.change.jsonName, reasons: s.reasons, a: state(s.a), b: state(s.b),
          notes: s.notes.isEmpty ? nil : s.notes, artifact: s.artifact.map(Artifacts.init))
      }
    }
  }

  // MARK: Either

  struct Operand: Encodable {
    var path: String
    var label: String
  }

  /// `kind` ("artifacts" or "runs"), the operands of an artifact diff, then the diff's own keys.
  struct Result: Encodable {
    var result: Differ.Result
    init(_ result: Differ.Result) { self.result = result }

    private enum Keys: String, CodingKey { case kind, a, b }

    func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: Keys.self)
      switch result {
      case .artifacts(let d, let a, let b):
        try c.encode("artifacts", forKey: .kind)
        try c.encode(Operand(path: a.path, label: a.label), forKey: .a)
        try c.encode(Operand(path: b.path, label: b.label), forKey: .b)
        try Artifacts(d).encode(to: encoder)
      case .runs(let d):
        try c.encode("runs", forKey: .kind)
        try Runs(d).encode(to: encoder)
      }
    }
  }
}
