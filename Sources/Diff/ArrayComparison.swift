import Artifacts
import Foundation
import Pipeline

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
    /// Flat (row-major) index.
    public var index: Int
    public var a: Double
    public var b: Double
    public init(index: Int, a: Double, b: Double) {
      self.index = index
      self.a = a
      self.b = b
    }
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
  public mutating func add(
    _ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>, offset: Int,
    tolerance: DiffOptions.Tolerance, nanDiffers: Bool, examples: Int
  ) {
    precondition(a.count == b.count, "ArrayComparison: \(a.count) vs \(b.count) elements")
    scanInChunks(a, b, offset: offset, tolerance, nanDiffers, examples) { i in (Double(a[i]), Double(b[i])) }
  }

  public mutating func add(
    _ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, offset: Int,
    tolerance: DiffOptions.Tolerance, nanDiffers: Bool, examples: Int
  ) {
    precondition(a.count == b.count, "ArrayComparison: \(a.count) vs \(b.count) elements")
    scanInChunks(a, b, offset: offset, tolerance, nanDiffers, examples) { i in (a[i], b[i]) }
  }

  /// Integers compare exactly; the difference is exact too where it fits (integers beyond 2^53
  /// may convert to equal doubles).
  public mutating func add(
    _ a: UnsafeBufferPointer<Int64>, _ b: UnsafeBufferPointer<Int64>, offset: Int,
    tolerance: DiffOptions.Tolerance, nanDiffers: Bool, examples: Int
  ) {
    precondition(a.count == b.count, "ArrayComparison: \(a.count) vs \(b.count) elements")
    scan(a.count, offset: offset, tolerance, nanDiffers, examples) { i in
      let x = a[i], y = b[i]
      if x == y { return nil }
      let (d, overflow) = x.subtractingReportingOverflow(y)
      return (Double(x), Double(y), overflow ? abs(Double(x) - Double(y)) : Double(d.magnitude))
    }
  }

  /// Elements per chunk of the two-pass float loop.
  static let chunk = 4096

  /// Floats chunk by chunk. A chunk whose bytes are equal is skipped outright (unless NaN
  /// differs). Where few elements differ, `scan` is fastest: it branches past equal elements.
  /// Where most differ (the previous chunk had more than 1/8 unequal), a branch-free pass first
  /// counts (|a − b| > atol + rtol·|b|), finds the chunk's largest difference and whether an element
  /// beats the relative maximum so far or is NaN or infinite; only such a chunk, or one that must
  /// supply examples, is then scanned. Both make the same comparisons, so the result is that of
  /// scanning everything. Measured: docs/benchmarks.md.
  @inline(__always)
  private mutating func scanInChunks<T>(
    _ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>, offset: Int,
    _ tol: DiffOptions.Tolerance, _ nanDiffers: Bool, _ examples: Int,
    _ pair: (Int) -> (Double, Double)
  ) {
    let n = a.count, size = MemoryLayout<T>.stride
    let atol = tol.atol, rtol = tol.rtol
    var lo = 0
    var dense = false
    while lo < n {
      let hi = min(n, lo + Self.chunk)
      defer { lo = hi }
      if !nanDiffers, memcmp(a.baseAddress! + lo, b.baseAddress! + lo, (hi - lo) * size) == 0 {
        count += hi - lo
        dense = false
        continue
      }
      if !dense {
        let before = self.unequal
        scan(hi - lo, offset: offset + lo, tol, nanDiffers, examples) { i in
          let (x, y) = pair(lo + i)
          return x == y ? nil : (x, y, abs(x - y))
        }
        dense = (self.unequal - before) * 8 > hi - lo
        continue
      }
      var unequal = 0, differing = 0, flagged = 0
      var chunkMaxAbs = 0.0
      let relFloor = maxRel
      for i in lo..<hi {
        let (x, y) = pair(i)
        let d = abs(x - y), m = abs(y)
        unequal &+= x != y ? 1 : 0
        differing &+= d > atol + rtol * m ? 1 : 0
        flagged &+= (d > relFloor * m ? 1 : 0) | (d.isFinite ? 0 : 1)
        chunkMaxAbs = d > chunkMaxAbs ? d : chunkMaxAbs
      }
      if flagged > 0 || chunkMaxAbs > maxAbs || (unequal > 0 && maxAbsAt == nil)
        || (differing > 0 && self.examples.count < examples)
      {
        scan(hi - lo, offset: offset + lo, tol, nanDiffers, examples) { i in
          let (x, y) = pair(lo + i)
          return x == y ? nil : (x, y, abs(x - y))
        }
      } else {
        count += hi - lo
        self.unequal += unequal
        self.differing += differing
      }
      dense = unequal * 8 > hi - lo
    }
  }

  /// The loop every kernel shares. `pair(i)` gives element i of A and B and |a − b|, or nil when
  /// they are equal (the common case, kept cheap). State lives in locals during the loop.
  @inline(__always)
  private mutating func scan(
    _ n: Int, offset: Int, _ tol: DiffOptions.Tolerance, _ nanDiffers: Bool, _ examples: Int,
    _ pair: (Int) -> (a: Double, b: Double, d: Double)?
  ) {
    var unequal = 0, differing = 0, nan = 0
    var maxAbs = self.maxAbs, maxRel = self.maxRel
    var absAt = maxAbsAt, relAt = maxRelAt
    let atol = tol.atol, rtol = tol.rtol
    for i in 0..<n {
      guard let (a, b, d) = pair(i) else { continue }
      var isDifferent: Bool
      if a.isNaN || b.isNaN {
        if a.isNaN && b.isNaN && !nanDiffers { continue }
        nan += 1
        isDifferent = true  // enters no maximum
      } else {
        if d == 0 { continue }  // −0 against +0
        let m = abs(b)
        if d > maxAbs || absAt == nil {
          maxAbs = d
          absAt = Example(index: offset + i, a: a, b: b)
        }
        // d / |b| > maxRel without a division per element (maxRel · 0 = 0: any d > 0 beats it;
        // an infinite d, against an infinite b, has an infinite relative difference too).
        if d > maxRel * m || relAt == nil || d.isInfinite {
          let rel = m == 0 || m.isInfinite ? Double.infinity : d / m
          if rel > maxRel || relAt == nil {
            maxRel = rel
            relAt = Example(index: offset + i, a: a, b: b)
          }
        }
        isDifferent = d > atol + rtol * m || a.isInfinite || b.isInfinite
      }
      unequal += 1
      if isDifferent {
        differing += 1
        if self.examples.count < examples { self.examples.append(Example(index: offset + i, a: a, b: b)) }
      }
    }
    count += n
    self.unequal += unequal
    self.differing += differing
    nanMismatches += nan
    self.maxAbs = maxAbs
    self.maxRel = maxRel
    maxAbsAt = absAt
    maxRelAt = relAt
  }

  // MARK: Whole arrays

  /// Compares two arrays of the same element count, whatever their dtypes.
  public static func compare(
    _ a: NDArray, _ b: NDArray, tolerance: DiffOptions.Tolerance, nanDiffers: Bool,
    examples: Int
  ) -> ArrayComparison {
    precondition(a.count == b.count, "ArrayComparison: \(a.count) vs \(b.count) elements")
    var out = ArrayComparison()
    switch (Elements(a), Elements(b)) {
    case (.float(let x), .float(let y)):
      x.withUnsafeBufferPointer { px in
        y.withUnsafeBufferPointer { py in
          out.add(px, py, offset: 0, tolerance: tolerance, nanDiffers: nanDiffers, examples: examples)
        }
      }
    case (.integer(let x), .integer(let y)):
      x.withUnsafeBufferPointer { px in
        y.withUnsafeBufferPointer { py in
          out.add(px, py, offset: 0, tolerance: tolerance, nanDiffers: nanDiffers, examples: examples)
        }
      }
    default:
      let x = a.doubles, y = b.doubles
      x.withUnsafeBufferPointer { px in
        y.withUnsafeBufferPointer { py in
          out.add(px, py, offset: 0, tolerance: tolerance, nanDiffers: nanDiffers, examples: examples)
        }
      }
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
      case .uint8(let v): self = .integer(v.map(Int64.init))
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
