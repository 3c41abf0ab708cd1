import Artifacts

/// Element-by-element comparison of two arrays of equal length (see `DiffOptions` for the rule).
///
/// Reports how many elements differ beyond the tolerance, the largest absolute difference
/// |a − b| and the largest relative difference |a − b| / |b| over *all* elements (also those
/// within tolerance: they tell whether a difference is noise), each with the flat index where it
/// first occurs, and the first few differing elements. A relative difference against b = 0 is
/// infinite. Pairs involving NaN enter no maximum; they are counted in `nanMismatches`.
///
/// The kernels take buffer pointers and can be fed in chunks (`offset` is the flat index of the
/// chunk's first element), so a streaming reader can compare files larger than memory.
public struct ArrayComparison: Equatable, Sendable {
  public struct Example: Equatable, Sendable {
    public var index: Int
    public var a: Double
    public var b: Double
  }
  /// Elements compared.
  public var count = 0
  /// Elements that differ beyond the tolerance.
  public var differing = 0
  /// Of those, pairs where one side is NaN (or both, with `nanDiffers`).
  public var nanMismatches = 0
  /// Elements not bit-for-bit equal (within tolerance or not).
  public var unequal = 0
  /// The largest |a − b|, and the first element where it occurs (nil when all are equal).
  public var maxAbs = 0.0
  public var maxAbsAt: Example?
  /// The largest |a − b| / |b|, and the first element where it occurs.
  public var maxRel = 0.0
  public var maxRelAt: Example?
  /// The first differing elements, in index order.
  public var examples: [Example] = []

  public init() {}

  public var differs: Bool { differing > 0 }

  // MARK: Kernels

  /// Float32 against float32: the hot path (most artifacts are float32).
  public mutating func add(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>, offset: Int,
                           tolerance: DiffOptions.Tolerance, nanDiffers: Bool, examples: Int) {
    precondition(a.count == b.count, "ArrayComparison: \(a.count) vs \(b.count) elements")
    count += a.count
    for i in 0..<a.count where a[i] != b[i] {
      unequalPair(Double(a[i]), Double(b[i]), at: offset + i, tolerance, nanDiffers, examples)
    }
  }

  public mutating func add(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, offset: Int,
                           tolerance: DiffOptions.Tolerance, nanDiffers: Bool, examples: Int) {
    precondition(a.count == b.count, "ArrayComparison: \(a.count) vs \(b.count) elements")
    count += a.count
    for i in 0..<a.count where a[i] != b[i] {
      unequalPair(a[i], b[i], at: offset + i, tolerance, nanDiffers, examples)
    }
  }

  /// Integers compare exactly (no rounding through Double); differences are reported as Double.
  public mutating func add(_ a: UnsafeBufferPointer<Int64>, _ b: UnsafeBufferPointer<Int64>, offset: Int,
                           tolerance: DiffOptions.Tolerance, nanDiffers: Bool, examples: Int) {
    precondition(a.count == b.count, "ArrayComparison: \(a.count) vs \(b.count) elements")
    count += a.count
    for i in 0..<a.count where a[i] != b[i] {
      // The difference exactly where it fits (integers beyond 2^53 may convert to equal doubles).
      let (d, overflow) = a[i].subtractingReportingOverflow(b[i])
      unequalPair(Double(a[i]), Double(b[i]), at: offset + i, tolerance, nanDiffers, examples,
                  difference: overflow ? nil : Double(d.magnitude))
    }
  }

  /// The slow path, for a pair that is not equal (or NaN). `difference`: |a − b| when the
  /// caller knows it better than a − b in doubles.
  private mutating func unequalPair(_ a: Double, _ b: Double, at index: Int, _ tol: DiffOptions.Tolerance,
                                    _ nanDiffers: Bool, _ examples: Int, difference: Double? = nil) {
    if a.isNaN || b.isNaN {
      if a.isNaN && b.isNaN && !nanDiffers { return }
      unequal += 1
      nanMismatches += 1
      differ(a, b, at: index, examples)
      return
    }
    if a == b && difference == nil { return }  // −0 vs +0
    unequal += 1
    let d = difference ?? abs(a - b)
    let rel = b == 0 || b.isInfinite ? Double.infinity : d / abs(b)
    if d > maxAbs || maxAbsAt == nil {
      maxAbs = d
      maxAbsAt = Example(index: index, a: a, b: b)
    }
    if rel > maxRel || maxRelAt == nil {
      maxRel = rel
      maxRelAt = Example(index: index, a: a, b: b)
    }
    if a.isInfinite || b.isInfinite || d > tol.atol + tol.rtol * abs(b) {
      differ(a, b, at: index, examples)
    }
  }

  private mutating func differ(_ a: Double, _ b: Double, at index: Int, _ examples: Int) {
    differing += 1
    if self.examples.count < examples { self.examples.append(Example(index: index, a: a, b: b)) }
  }

  // MARK: Whole arrays

  /// Compares two arrays of the same element count, whatever their dtypes.
  public static func compare(_ a: NDArray, _ b: NDArray, tolerance: DiffOptions.Tolerance, nanDiffers: Bool,
                             examples: Int) -> ArrayComparison {
    precondition(a.count == b.count, "ArrayComparison: \(a.count) vs \(b.count) elements")
    var out = ArrayComparison()
    switch (Elements(a), Elements(b)) {
    case (.float(let x), .float(let y)):
      x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in
        out.add(px, py, offset: 0, tolerance: tolerance, nanDiffers: nanDiffers, examples: examples) } }
    case (.integer(let x), .integer(let y)):
      x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in
        out.add(px, py, offset: 0, tolerance: tolerance, nanDiffers: nanDiffers, examples: examples) } }
    default:
      let x = a.doubles, y = b.doubles
      x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in
        out.add(px, py, offset: 0, tolerance: tolerance, nanDiffers: nanDiffers, examples: examples) } }
    }
    return out
  }

  /// The element view each dtype is compared through. The one place that lists dtypes: a new
  /// dtype is one more line here (integers of any width as `.integer`).
  enum Elements {
    case float([Float])
    case double([Double])
    case integer([Int64])

    init(_ a: NDArray) {
      switch a.storage {
      case .float32(let v): self = .float(v)
      case .float64(let v): self = .double(v)
      case .int32(let v): self = .integer(v.map(Int64.init))
      case .int64(let v): self = .integer(v)
      }
    }
  }
}

/// The multi-dimensional index of flat (row-major) index `flat` in an array of `shape`.
public func unravel(_ flat: Int, shape: [Int]) -> [Int] {
  guard !shape.isEmpty else { return [] }
  var rest = flat
  var out = [Int](repeating: 0, count: shape.count)
  for d in stride(from: shape.count - 1, through: 0, by: -1) {
    let n = max(shape[d], 1)
    out[d] = rest % n
    rest /= n
  }
  return out
}
