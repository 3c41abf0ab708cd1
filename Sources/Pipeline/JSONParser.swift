/// A small strict JSON parser producing `JSONValue`, reporting errors with line and column.
public struct JSONParser {
  public struct SyntaxError: Error, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "line \(line), column \(column): \(message)" }
  }

  private let bytes: [UInt8]
  private var i = 0

  public static func parse(_ text: String) throws -> JSONValue {
    var p = JSONParser(bytes: Array(text.utf8))
    p.skipSpace()
    let v = try p.value()
    p.skipSpace()
    if p.i < p.bytes.count { throw p.error("unexpected text after the document") }
    return v
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func error(_ message: String) -> SyntaxError {
    var line = 1, col = 1
    for b in bytes[..<min(i, bytes.count)] {
      if b == UInt8(ascii: "\n") { line += 1; col = 1 } else { col += 1 }
    }
    return SyntaxError(line: line, column: col, message: message)
  }

  private mutating func skipSpace() {
    while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
  }

  private mutating func expect(_ s: String) throws {
    for b in s.utf8 {
      guard i < bytes.count, bytes[i] == b else { throw error("expected \"\(s)\"") }
      i += 1
    }
  }

  private mutating func value() throws -> JSONValue {
    guard i < bytes.count else { throw error("unexpected end of the document") }
    switch bytes[i] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try expect("true"); return .bool(true)
    case UInt8(ascii: "f"): try expect("false"); return .bool(false)
    case UInt8(ascii: "n"): try expect("null"); return .null
    default: return try number()
    }
  }

  private mutating func object() throws -> JSONValue {
    i += 1
    var pairs: [(String, JSONValue)] = []
    skipSpace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
    while true {
      skipSpace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
      let key = try string()
      if pairs.contains(where: { $0.0 == key }) { throw error("duplicate key \"\(key)\"") }
      skipSpace()
      try expect(":")
      skipSpace()
      pairs.append((key, try value()))
      skipSpace()
      guard i < bytes.count else { throw error("unterminated object") }
      if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
      if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
      throw error("expected \",\" or \"}\"")
    }
  }

  private mutating func array() throws -> JSONValue {
    i += 1
    var items: [JSONValue] = []
    skipSpace()
    if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
    while true {
      skipSpace()
      items.append(try value())
      skipSpace()
      guard i < bytes.count else { throw error("unterminated array") }
      if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
      if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
      throw error("expected \",\" or \"]\"")
    }
  }

  private mutating func string() throws -> String {
    i += 1
    var out = [UInt8]()
    while i < bytes.count {
      let b = bytes[i]
      i += 1
      switch b {
      case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard i < bytes.count else { throw error("unterminated string") }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
          guard i + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)
          else { throw error("bad \\u escape") }
          i += 4
          out.append(contentsOf: Array(String(UnicodeScalar(code).map(Character.init) ?? "?").utf8))
        default: out.append(e)
        }
      default:
        if b < 0x20 { throw error("control character in a string") }
        out.append(b)
      }
    }
    throw error("unterminated string")
  }

  private mutating func number() throws -> JSONValue {
    let start = i
    var isInteger = true
    while i < bytes.count {
      let b = bytes[i]
      if (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
        i += 1
      } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
        isInteger = false
        i += 1
      } else {
        break
      }
    }
    let text = String(decoding: bytes[start..<i], as: UTF8.self)
    if text.isEmpty { throw error("unexpected character \"\(String(UnicodeScalar(bytes[i])))\"") }
    if isInteger, let v = Int64(text) { return .int(v) }
    if let d = Double(text) { return .double(d) }
    i = start
    throw error("bad number \"\(text)\"")
  }
}
