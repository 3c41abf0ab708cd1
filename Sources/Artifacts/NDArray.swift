/// A dense array of one of the five element types artifacts store, in row-major order.
///
/// `uint8` holds raw bytes: whole files (rendered figures, tables) stored inside an artifact.
public struct NDArray: Equatable, Sendable {
  public enum DType: String, Sendable, CaseIterable {
    case float32, float64, int32, int64, uint8
    public var byteSize: Int {
      switch self {
      case .uint8: 1
      case .float32, .int32: 4
      case .float64, .int64: 8
      }
    }
  }
  public enum Storage: Equatable, Sendable {
    case float32([Float]), float64([Double]), int32([Int32]), int64([Int64]), uint8([UInt8])
  }

  public var shape: [Int]
  public var storage: Storage

  public init(shape: [Int], storage: Storage) {
    self.shape = shape
    self.storage = storage
    precondition(shape.reduce(1, *) == count, "NDArray: shape \(shape) does not hold \(count) elements")
  }
  public init(_ values: [Float], shape: [Int]? = nil) {
    self.init(shape: shape ?? [values.count], storage: .float32(values))
  }
  public init(_ values: [Double], shape: [Int]? = nil) {
    self.init(shape: shape ?? [values.count], storage: .float64(values))
  }
  public init(_ values: [Int32], shape: [Int]? = nil) {
    self.init(shape: shape ?? [values.count], storage: .int32(values))
  }
  public init(_ values: [Int64], shape: [Int]? = nil) {
    self.init(shape: shape ?? [values.count], storage: .int64(values))
  }
  public init(_ values: [UInt8], shape: [Int]? = nil) {
    self.init(shape: shape ?? [values.count], storage: .uint8(values))
  }
  /// The bytes of a file (or any byte string) as a 1-D `uint8` array.
  public init(bytes: some Sequence<UInt8>) { self.init(Array(bytes)) }

  public var dtype: DType {
    switch storage {
    case .float32: .float32
    case .float64: .float64
    case .int32: .int32
    case .int64: .int64
    case .uint8: .uint8
    }
  }
  public var count: Int {
    switch storage {
    case .float32(let a): a.count
    case .float64(let a): a.count
    case .int32(let a): a.count
    case .int64(let a): a.count
    case .uint8(let a): a.count
    }
  }

  /// The values converted to Double, whatever the stored type.
  public var doubles: [Double] {
    switch storage {
    case .float32(let a): a.map(Double.init)
    case .float64(let a): a
    case .int32(let a): a.map(Double.init)
    case .int64(let a): a.map(Double.init)
    case .uint8(let a): a.map(Double.init)
    }
  }
  /// The values converted to Float, whatever the stored type.
  public var floats: [Float] {
    switch storage {
    case .float32(let a): a
    case .float64(let a): a.map(Float.init)
    case .int32(let a): a.map(Float.init)
    case .int64(let a): a.map(Float.init)
    case .uint8(let a): a.map(Float.init)
    }
  }
  /// The values converted to Int (integers as stored; floats truncated).
  public var ints: [Int] {
    switch storage {
    case .float32(let a): a.map { Int($0) }
    case .float64(let a): a.map { Int($0) }
    case .int32(let a): a.map(Int.init)
    case .int64(let a): a.map(Int.init)
    case .uint8(let a): a.map(Int.init)
    }
  }

  /// Calls `body` with the raw little-endian bytes of the elements.
  public func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    switch storage {
    case .float32(let a): try a.withUnsafeBytes(body)
    case .float64(let a): try a.withUnsafeBytes(body)
    case .int32(let a): try a.withUnsafeBytes(body)
    case .int64(let a): try a.withUnsafeBytes(body)
    case .uint8(let a): try a.withUnsafeBytes(body)
    }
  }

  /// The raw bytes of a `uint8` array (nil for other dtypes).
  public var bytes: [UInt8]? { if case .uint8(let a) = storage { a } else { nil } }
}
