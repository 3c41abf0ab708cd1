import Artifacts
import Foundation
import Pipeline

/// What differs between two artifacts A and B.
///
/// - **Structure**: groups, datasets and attributes on one side only — always listed, and a
///   difference.
/// - **Datasets** on both sides: a dtype change (float32 vs float64 with equal values is one) and
///   a shape change are differences; values are compared element by element (`ArrayComparison`)
///   when the shapes agree, whatever the dtypes. File bytes (PNG images, text tables, other
///   files) are compared as what they hold (`FileComparison`).
/// - **Attributes** by value (numbers with the tolerance of their object's path); a type change
///   (int vs double) is a difference.
/// - **Provenance** (`provenance.*` root attributes) is compared too and reported — parameters
///   key by key (`params.neurons 128 → 256`), inputs by name, code version — but, as in the
///   content hash, it is not content: two runs of a deterministic stage differ in start time and
///   host, and are still identical. It never makes `hasDifferences` true.
public struct ArtifactDiff: Sendable {
  public enum Side: String, Sendable { case a = "A", b = "B" }

  /// An object present on one side only.
  public struct OneSided: Equatable, Sendable {
    public enum Kind: String, Sendable { case group, dataset, attribute }
    public var kind: Kind
    /// `/group/dataset`, or `/object@attribute`.
    public var path: String
    /// dtype and shape, group contents, or the attribute's value.
    public var detail: String
  }

  public struct DatasetChange: Sendable {
    public enum Values: Sendable {
      case numbers(ArrayComparison)
      case image(ImageComparison)
      case table(TableComparison)
      case bytes(BytesComparison)
      /// Shapes differ: values not compared.
      case notCompared
    }
    public var path: String
    public var dtypeA: String
    public var dtypeB: String
    public var shapeA: [Int]
    public var shapeB: [Int]
    public var tolerance: DiffOptions.Tolerance
    public var values: Values

    public var dtypeChanged: Bool { dtypeA != dtypeB }
    /// The dataset's shape; for a file's bytes (image, table) the byte count, which is not compared.
    public var shapeChanged: Bool {
      switch values {
      case .image, .table, .bytes: false
      case .numbers, .notCompared: shapeA != shapeB
      }
    }
    public var valuesDiffer: Bool {
      switch values {
      case .numbers(let c): c.differs
      case .image(let c): c.differs
      case .table(let c): c.differs
      case .bytes(let c): c.differs
      case .notCompared: false
      }
    }
    public var differs: Bool { dtypeChanged || shapeChanged || valuesDiffer }
    /// Same dtype, shape and every value bit for bit (pixels, for images).
    public var identical: Bool {
      guard !differs else { return false }
      switch values {
      case .numbers(let c): return c.unequal == 0
      case .image(let c): return c.bytesEqual || c.changedPixels == 0
      case .table(let c): return (c.values?.unequal ?? 0) == 0
      case .bytes: return true
      case .notCompared: return false
      }
    }
  }

  public struct AttributeChange: Sendable {
    /// `/object@name`
    public var path: String
    public var a: AttributeValue
    public var b: AttributeValue
    /// False when numbers differ only within the tolerance.
    public var differs: Bool
  }

  /// A provenance field that differs (`a` or `b` nil: present on one side only).
  public struct ProvenanceChange: Equatable, Sendable, CustomStringConvertible {
    /// `params.neurons`, `code version`, `input train/…`, `kind`, `started`, …
    public var name: String
    public var a: String?
    public var b: String?
    /// Differs between any two runs (times, host): shown only when asked for.
    public var volatile: Bool

    public var description: String {
      switch (a, b) {
      case (let x?, let y?): "\(name) \(x) → \(y)"
      case (let x?, nil): "\(name) removed (was \(x))"
      case (nil, let y?): "\(name) added: \(y)"
      default: name
      }
    }
  }

  public var onlyInA: [OneSided] = []
  public var onlyInB: [OneSided] = []
  /// Every dataset present on both sides, in path order.
  public var datasets: [DatasetChange] = []
  /// Every attribute whose value is not equal on both sides.
  public var attributes: [AttributeChange] = []
  public var provenance: [ProvenanceChange] = []

  public var hasDifferences: Bool {
    !onlyInA.isEmpty || !onlyInB.isEmpty || datasets.contains { $0.differs } || attributes.contains { $0.differs }
  }

  public static func compare(_ a: Artifact, _ b: Artifact, options: DiffOptions = DiffOptions()) -> ArtifactDiff {
    var out = ArtifactDiff()
    out.walk(a.root, b.root, path: "", options: options)
    out.provenance = provenanceChanges(a.root.attributes, b.root.attributes)
    return out
  }

  // MARK: Structure

  private mutating func walk(_ a: Artifact.Group, _ b: Artifact.Group, path: String, options: DiffOptions) {
    let isRoot = path.isEmpty
    compareAttributes(a.attributes, b.attributes, object: isRoot ? "/" : path, skipProvenance: isRoot, options: options)
    for name in Set(a.datasets.keys).union(b.datasets.keys).sorted() {
      let p = path + "/" + name
      switch (a.datasets[name], b.datasets[name]) {
      case (let x?, let y?):
        datasets.append(Self.compareDataset(x, y, path: p, options: options))
        compareAttributes(x.attributes, y.attributes, object: p, skipProvenance: false, options: options)
      case (let x?, nil): onlyInA.append(OneSided(kind: .dataset, path: p, detail: Self.describe(x.array)))
      case (nil, let y?): onlyInB.append(OneSided(kind: .dataset, path: p, detail: Self.describe(y.array)))
      default: break
      }
    }
    for name in Set(a.groups.keys).union(b.groups.keys).sorted() {
      let p = path + "/" + name
      switch (a.groups[name], b.groups[name]) {
      case (let x?, let y?): walk(x, y, path: p, options: options)
      case (let x?, nil): onlyInA.append(OneSided(kind: .group, path: p, detail: Self.describe(x)))
      case (nil, let y?): onlyInB.append(OneSided(kind: .group, path: p, detail: Self.describe(y)))
      default: break
      }
    }
  }

  private mutating func compareAttributes(
    _ a: [String: AttributeValue], _ b: [String: AttributeValue], object: String,
    skipProvenance: Bool, options: DiffOptions
  ) {
    for name in Set(a.keys).union(b.keys).sorted() where !(skipProvenance && name.hasPrefix(Provenance.prefix)) {
      let p = (object == "/" ? "" : object) + "/@" + name
      switch (a[name], b[name]) {
      case (let x?, let y?) where x != y:
        attributes.append(
          AttributeChange(
            path: p, a: x, b: y,
            differs: Self.attributeDiffers(x, y, options.tolerance(for: object), options.nanDiffers)))
      case (let x?, nil): onlyInA.append(OneSided(kind: .attribute, path: p, detail: Self.quoted(x)))
      case (nil, let y?): onlyInB.append(OneSided(kind: .attribute, path: p, detail: Self.quoted(y)))
      default: break
      }
    }
  }

  /// Numbers of the same attribute type compare with the tolerance; anything else exactly.
  static func attributeDiffers(
    _ a: AttributeValue, _ b: AttributeValue, _ tol: DiffOptions.Tolerance, _ nanDiffers: Bool
  ) -> Bool {
    func numbers(_ v: AttributeValue) -> [Double]? {
      switch v {
      case .double(let x): [x]
      case .doubles(let x): x
      case .int(let x): [Double(x)]
      case .ints(let x): x.map(Double.init)
      case .string: nil
      }
    }
    func sameType(_ x: AttributeValue, _ y: AttributeValue) -> Bool {
      switch (x, y) {
      case (.string, .string), (.int, .int), (.double, .double), (.ints, .ints), (.doubles, .doubles): true
      default: false
      }
    }
    guard sameType(a, b), let x = numbers(a), let y = numbers(b), x.count == y.count else { return a != b }
    return ArrayComparison.compare(NDArray(x), NDArray(y), tolerance: tol, nanDiffers: nanDiffers, examples: 0).differs
  }

  // MARK: Datasets

  static func compareDataset(_ a: Artifact.Dataset, _ b: Artifact.Dataset, path: String, options: DiffOptions)
    -> DatasetChange
  {
    let tol = options.tolerance(for: path)
    var change = DatasetChange(
      path: path, dtypeA: a.array.dtype.rawValue, dtypeB: b.array.dtype.rawValue,
      shapeA: a.array.shape, shapeB: b.array.shape, tolerance: tol, values: .notCompared)
    if let x = FileComparison.bytes(of: a.array), let y = FileComparison.bytes(of: b.array) {
      if PNGImage.isPNG(x) && PNGImage.isPNG(y) {
        change.values = .image(ImageComparison.compare(x, y))
        return change
      }
      if let tx = TextTable.parse(x), let ty = TextTable.parse(y) {
        change.values = .table(
          TableComparison.compare(tx, ty, tolerance: tol, nanDiffers: options.nanDiffers, examples: options.examples))
        return change
      }
      change.values = .bytes(BytesComparison.compare(x, y))
      return change
    }
    guard a.array.shape == b.array.shape else { return change }
    change.values = .numbers(
      ArrayComparison.compare(
        a.array, b.array, tolerance: tol, nanDiffers: options.nanDiffers,
        examples: options.examples))
    return change
  }

  static func describe(_ a: NDArray) -> String { "\(a.dtype.rawValue) \(shapeText(a.shape))" }

  static func describe(_ g: Artifact.Group) -> String {
    var datasets = 0, groups = 0
    func count(_ g: Artifact.Group) {
      datasets += g.datasets.count
      groups += g.groups.count
      g.groups.values.forEach(count)
    }
    count(g)
    return "\(datasets) dataset\(datasets == 1 ? "" : "s")"
      + (groups > 0 ? ", \(groups) group\(groups == 1 ? "" : "s")" : "")
  }

  static func quoted(_ v: AttributeValue) -> String {
    if case .string(let s) = v { return "\"" + s.replacingOccurrences(of: "\n", with: "\\n") + "\"" }
    return v.description
  }

  // MARK: Provenance

  /// Fields whose difference says nothing about the result: they differ between any two runs.
  static let volatileFields: Set<String> = ["started", "finished", "wall_seconds", "host"]

  static func provenanceChanges(_ a: [String: AttributeValue], _ b: [String: AttributeValue]) -> [ProvenanceChange] {
    var out: [ProvenanceChange] = []
    let names = Set(a.keys).union(b.keys).filter { $0.hasPrefix(Provenance.prefix) }
    func text(_ v: AttributeValue?) -> String? { v.map { $0.stringValue ?? $0.description } }
    // Parameters key by key, then the code version and inputs: the reasons a result changed.
    if let pa = text(a["provenance.parameters"]), let pb = text(b["provenance.parameters"]), pa != pb {
      if let ja = try? JSONParser.parse(pa), let jb = try? JSONParser.parse(pb) {
        out += leafChanges(ja, jb, prefix: "params")
      } else {
        out.append(ProvenanceChange(name: "parameters", a: pa, b: pb, volatile: false))
      }
    }
    if let x = text(a["provenance.code_version"]), let y = text(b["provenance.code_version"]), x != y {
      out.append(ProvenanceChange(name: "code version", a: x, b: y, volatile: false))
    }
    if let x = text(a["provenance.inputs"]), let y = text(b["provenance.inputs"]), x != y {
      out += inputChanges(x, y)
    }
    let handled: Set<String> = ["provenance.code_version", "provenance.inputs"]
    let paramsHandled = a["provenance.parameters"] != nil && b["provenance.parameters"] != nil
    for name in names.sorted() where !handled.contains(name) && !(paramsHandled && name == "provenance.parameters") {
      let x = text(a[name]), y = text(b[name])
      guard x != y else { continue }
      let field = String(name.dropFirst(Provenance.prefix.count))
      let short = field == "cache_key" ? { (s: String?) in s.map { String($0.prefix(12)) } } : { $0 }
      out.append(
        ProvenanceChange(
          name: field.replacingOccurrences(of: "_", with: " "), a: short(x), b: short(y),
          volatile: volatileFields.contains(field)))
    }
    return out
  }

  /// Leaf-by-leaf differences of two JSON values (`params.x.y: old → new`), as `status` words them.
  static func leafChanges(_ a: JSONValue, _ b: JSONValue, prefix: String) -> [ProvenanceChange] {
    if let pa = a.objectPairs, let pb = b.objectPairs {
      let da = Dictionary(pa, uniquingKeysWith: { x, _ in x }), db = Dictionary(pb, uniquingKeysWith: { x, _ in x })
      return Set(da.keys).union(db.keys).sorted().flatMap { k -> [ProvenanceChange] in
        switch (da[k], db[k]) {
        case (let x?, let y?): return leafChanges(x, y, prefix: "\(prefix).\(k)")
        case (let x, let y):
          return [ProvenanceChange(name: "\(prefix).\(k)", a: x?.canonical, b: y?.canonical, volatile: false)]
        }
      }
    }
    return a == b ? [] : [ProvenanceChange(name: prefix, a: a.canonical, b: b.canonical, volatile: false)]
  }

  /// `provenance.inputs` lines are `stage=contentHash`; compared by stage.
  static func inputChanges(_ a: String, _ b: String) -> [ProvenanceChange] {
    func parse(_ s: String) -> [(String, String)] {
      s.split(separator: "\n").map { line in
        let parts = line.split(separator: "=", maxSplits: 1)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
      }
    }
    let pa = parse(a), pb = parse(b)
    let da = Dictionary(pa, uniquingKeysWith: { x, _ in x }), db = Dictionary(pb, uniquingKeysWith: { x, _ in x })
    var out: [ProvenanceChange] = []
    for (stage, hash) in pb {
      if let old = da[stage] {
        if old != hash {
          out.append(
            ProvenanceChange(
              name: "input \(stage)", a: String(old.prefix(12)), b: String(hash.prefix(12)), volatile: false))
        }
      } else {
        out.append(ProvenanceChange(name: "input \(stage)", a: nil, b: String(hash.prefix(12)), volatile: false))
      }
    }
    for (stage, hash) in pa where db[stage] == nil {
      out.append(ProvenanceChange(name: "input \(stage)", a: String(hash.prefix(12)), b: nil, volatile: false))
    }
    return out
  }
}

/// `[3×4]`, `[]` for a scalar.
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: "×") + "]" }
