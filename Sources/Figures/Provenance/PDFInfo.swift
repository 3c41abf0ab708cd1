import Foundation

/// Entries of a PDF's document information dictionary, one per field, named `/Timescales<Field>`
/// (`/TimescalesCacheKey` …), written as an incremental update: the original bytes stay as they
/// are, and a new version of the info dictionary, a cross-reference section for it and a trailer
/// pointing back to the old one are appended. `pdfinfo -custom FILE.pdf` lists them; Python:
/// `pypdf.PdfReader(path).metadata`.
enum PDFInfo {
  static let keyPrefix = "Timescales"

  static func adding(_ fields: [(name: String, value: String)], to pdf: [UInt8]) throws -> [UInt8] {
    guard let trailer = Trailer(pdf) else {
      throw FigureError("not a PDF file with a cross-reference table: cannot write its provenance")
    }
    // The old dictionary's other entries (Producer, CreationDate) are kept.
    var entries =
      trailer.info.flatMap { infoDictionary(pdf, object: $0) }?.filter { !$0.key.hasPrefix(keyPrefix) } ?? []
    for (name, value) in fields { entries.append((keyPrefix + camelCase(name), literal(value))) }
    let object = trailer.info ?? trailer.size
    var update = "\n\(object) 0 obj\n<<"
    for (k, v) in entries { update += " /\(k) \(v)" }
    update += " >>\nendobj\n"
    let objectOffset = pdf.count + 1
    let xrefOffset = pdf.count + update.utf8.count
    update += "xref\n\(object) 1\n" + String(format: "%010d 00000 n \n", objectOffset)
    update +=
      "trailer\n<< /Size \(max(trailer.size, object + 1)) /Root \(trailer.root) /Info \(object) 0 R /Prev \(trailer.xref) >>\n"
    update += "startxref\n\(xrefOffset)\n%%EOF\n"
    return pdf + Array(update.utf8)
  }

  static func fields(in pdf: [UInt8]) -> [String: String] {
    guard let info = Trailer(pdf)?.info, let entries = infoDictionary(pdf, object: info) else { return [:] }
    var out: [String: String] = [:]
    for (k, v) in entries where k.hasPrefix(keyPrefix) {
      out[snakeCase(String(k.dropFirst(keyPrefix.count)))] = parseString(v)
    }
    return out
  }

  /// What the last trailer says: the object count, the catalogue, the info dictionary, where its xref starts.
  struct Trailer {
    var size: Int
    var root: String
    var info: Int?
    var xref: Int

    init?(_ pdf: [UInt8]) {
      let tail = String(decoding: pdf.suffix(4096), as: UTF8.self)
      guard let start = tail.range(of: "startxref", options: .backwards),
        let xref = Int(tail[start.upperBound...].split(whereSeparator: \.isWhitespace).first ?? ""),
        let t = tail.range(of: "trailer", options: .backwards),
        let dict = tail.range(of: ">>", range: t.upperBound..<tail.endIndex)
      else { return nil }
      let body = String(tail[t.upperBound..<dict.lowerBound])
      func after(_ key: String) -> [Substring] {
        guard let r = body.range(of: "/" + key) else { return [] }
        return body[r.upperBound...].split(whereSeparator: { $0.isWhitespace || $0 == "/" || $0 == ">" }).prefix(3).map
        { $0 }
      }
      guard let size = after("Size").first.flatMap({ Int($0) }) else { return nil }
      let root = after("Root")
      guard root.count == 3 else { return nil }
      self.size = size
      self.root = root.joined(separator: " ")
      self.info = after("Info").first.flatMap { Int($0) }
      self.xref = xref
    }
  }

  /// The entries of object `n`'s dictionary (its last definition), values as written.
  static func infoDictionary(_ pdf: [UInt8], object n: Int) -> [(key: String, value: String)]? {
    let text = String(decoding: pdf, as: UTF8.self)
    guard
      let obj = text.range(of: "\n\(n) 0 obj", options: .backwards)
        ?? text.range(of: "\r\(n) 0 obj", options: .backwards),
      let open = text.range(of: "<<", range: obj.upperBound..<text.endIndex),
      let close = text.range(of: "endobj", range: open.upperBound..<text.endIndex)
    else { return nil }
    var body = text[open.upperBound..<close.lowerBound]
    if let end = body.range(of: ">>", options: .backwards) { body = body[..<end.lowerBound] }
    var out: [(String, String)] = []
    var i = body.startIndex
    while let slash = body[i...].firstIndex(of: "/") {
      let nameStart = body.index(after: slash)
      let nameEnd = body[nameStart...].firstIndex { $0.isWhitespace || "/(<[".contains($0) } ?? body.endIndex
      let name = String(body[nameStart..<nameEnd])
      var v = body[nameEnd...].drop { $0.isWhitespace }
      let valueEnd: String.Index
      if v.first == "(" {
        var depth = 0, j = v.startIndex, escape = false
        while j < v.endIndex {
          let c = v[j]
          if escape {
            escape = false
          } else if c == "\\" {
            escape = true
          } else if c == "(" {
            depth += 1
          } else if c == ")" {
            depth -= 1
            if depth == 0 { break }
          }
          j = v.index(after: j)
        }
        valueEnd = j < v.endIndex ? v.index(after: j) : v.endIndex
      } else if v.first == "<" {
        valueEnd = v.firstIndex(of: ">").map { v.index(after: $0) } ?? v.endIndex
      } else {
        valueEnd = v.dropFirst().firstIndex { $0.isWhitespace || $0 == "/" } ?? v.endIndex
      }
      v = v[..<valueEnd]
      out.append((name, String(v)))
      i = valueEnd
    }
    return out
  }

  /// A PDF string: `(literal)` for printable ASCII, else `<FEFF…>` (UTF-16BE hex).
  static func literal(_ s: String) -> String {
    if s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F || $0 == "\n" }) {
      return "("
        + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
        .replacingOccurrences(of: ")", with: "\\)").replacingOccurrences(of: "\n", with: "\\n") + ")"
    }
    return "<FEFF" + s.utf16.map { String(format: "%04X", $0) }.joined() + ">"
  }

  static func parseString(_ v: String) -> String {
    if v.hasPrefix("<") {
      var hex = v.dropFirst().prefix { $0 != ">" }.filter(\.isHexDigit)
      if hex.count % 4 != 0 { hex += String(repeating: "0", count: 4 - hex.count % 4) }
      var units: [UInt16] = []
      var i = hex.startIndex
      while i < hex.endIndex {
        let j = hex.index(i, offsetBy: 4)
        units.append(UInt16(hex[i..<j], radix: 16) ?? 0)
        i = j
      }
      if units.first == 0xFEFF { units.removeFirst() }
      return String(decoding: units, as: UTF16.self)
    }
    var out = "", escape = false
    for c in v.dropFirst().dropLast() {
      if escape {
        out.append(c == "n" ? "\n" : c == "r" ? "\r" : c == "t" ? "\t" : c)
        escape = false
      } else if c == "\\" {
        escape = true
      } else {
        out.append(c)
      }
    }
    return out
  }

  /// `cache_key` → `CacheKey`, and back.
  static func camelCase(_ s: String) -> String {
    s.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }
  static func snakeCase(_ s: String) -> String {
    var out = ""
    for c in s {
      if c.isUppercase, !out.isEmpty { out += "_" }
      out += c.lowercased()
    }
    return out
  }
}
