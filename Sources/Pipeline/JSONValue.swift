import Foundation

/// A JSON document that keeps what Foundation's parser loses: integers apart from doubles,
/// and the order of object keys (for messages and for `dag` output).
public indirect enum JSONValue: Equatable, Sendable, CustomStringConvertible {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case (.bool(let x), .bool(let y)): x == y
    case (.int(let x), .int(let y)): x == y
    case (.double(let x), .double(let y)): x == y
    case (.string(let x), .string(let y)): x == y
    case (.array(let x), .array(let y)): x == y
    case (.object(let x), .object(let y)):
      x.count == y.count
        && zip(x.sorted { $0.0 < $1.0 }, y.sorted { $0.0 < $1.0 }).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: false
    }
  }

  public subscript(key: String) -> JSONValue? {
    if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
    return nil
  }

  public var objectPairs: [(String, JSONValue)]? { if case .object(let p) = self { p } else { nil } }
  public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
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

  /// A short name of the value's type, for error messages.
  public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .int: "an integer"
    case .double: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  /// Canonical JSON: sorted keys, no whitespace, shortest round-trip numbers.
  public var canonical: String {
    var out = ""
    write(&out, sorted: true)
    return out
  }

  public var description: String { canonical }

  func write(_ out: inout String, sorted: Bool) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let v): out += String(v)
    case .double(let v):
      if v.isFinite { out += "\(v)" } else { out += "null" }
    case .string(let s): Self.writeString(s, &out)
    case .array(let a):
      out += "["
      for (i, v) in a.enumerated() {
        if i > 0 { out += "," }
        v.write(&out, sorted: sorted)
      }
      out += "]"
    case .object(let pairs):
      out += "{"
      let ordered = sorted ? pairs.sorted { $0.0 < $1.0 } : pairs
      for (i, (k, v)) in ordered.enumerated() {
        if i > 0 { out += "," }
        Self.writeString(k, &out)
        out += ":"
        v.write(&out, sorted: sorted)
      }
      out += "}"
    }
  }

  static func writeString(_ s: String, _ out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
