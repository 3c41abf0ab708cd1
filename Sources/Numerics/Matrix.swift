/// A dense Float32 matrix, row-major, in one contiguous `[Float]`.
///
/// Element (r, c) lives at `storage[r * cols + c]`. The type is a thin value wrapper: kernels
/// take its buffers through `withUnsafe(Mutable)BufferPointer` and never allocate per element.
public struct Matrix: Equatable, Sendable {
  public private(set) var rows: Int
  public private(set) var cols: Int
  /// The elements, row-major (`rows * cols` values).
  public var storage: [Float]

  /// A `rows × cols` matrix filled with `value`. Allocates once.
  public init(rows: Int, cols: Int, repeating value: Float = 0) {
    precondition(rows >= 0 && cols >= 0, "Matrix: negative shape \(rows)×\(cols)")
    self.rows = rows; self.cols = cols
    storage = [Float](repeating: value, count: rows * cols)
  }

  /// A `rows × cols` matrix over `storage` (row-major). Precondition: `storage.count == rows * cols`.
  public init(rows: Int, cols: Int, storage: [Float]) {
    precondition(storage.count == rows * cols, "Matrix: \(storage.count) values do not fill \(rows)×\(cols)")
    self.rows = rows; self.cols = cols; self.storage = storage
  }

  /// The number of elements, `rows * cols`.
  public var count: Int { storage.count }

  public subscript(r: Int, c: Int) -> Float {
    get { storage[r * cols + c] }
    set { storage[r * cols + c] = newValue }
  }

  /// The transpose (`cols × rows`). Allocates the result.
  public func transposed() -> Matrix {
    var t = Matrix(rows: cols, cols: rows)
    for r in 0..<rows { for c in 0..<cols { t.storage[c * rows + r] = storage[r * cols + c] } }
    return t
  }

  /// Calls `body` with the elements (row-major).
  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try storage.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with the mutable elements (row-major).
  @inlinable
  public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R)
    rethrows -> R
  {
    try storage.withUnsafeMutableBufferPointer { try body($0) }
  }
}
