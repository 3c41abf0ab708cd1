/// A value stored as an HDF5 attribute: a UTF-8 string, or a scalar or 1-D array of Int64 / Double.
public enum AttributeValue: Equatable, Sendable, CustomStringConvertible {
  case string(String)
  case int(Int64)
  case double(Double)
  case ints([Int64])
  case doubles([Double])

  public var description: String {
    switch self {
    case .string(let s): s
    case .int(let v): String(v)
    case .double(let v): String(v)
    case .ints(let a): "[" + a.map(String.init).joined(separator: ", ") + "]"
    case .doubles(let a): "[" + a.map { String($0) }.joined(separator: ", ") + "]"
    }
  }
  public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
  public var intValue: Int? {
    switch self {
    case .int(let v): Int(v)
    case .double(let v): Int(exactly: v)
    default: nil
    }
  }
  public var doubleValue: Double? {
    switch self {
    case .int(let v): Double(v)
    case .double(let v): v
    default: nil
    }
  }
}
