/// Text chunks in a PNG file: `tEXt` (ASCII values) or `iTXt` (UTF-8), one per field, keyword
/// `timescales.<field>`, placed before the image data. Python reads them with
/// `PIL.Image.open(path).text`.
enum PNGText {
  static let keywordPrefix = "timescales."
  static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  struct Chunk {
    var type: String
    var data: ArraySlice<UInt8>
    var range: Range<Int>
  }

  /// The chunks of a PNG, nil when it is not one (or is cut short).
  static func chunks(_ png: [UInt8]) -> [Chunk]? {
    guard png.count >= 8, Array(png[0..<8]) == signature else { return nil }
    var out: [Chunk] = [], i = 8
    while i + 12 <= png.count {
      let length = png[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) }
      let end = i + 12 + length
      guard end <= png.count else { return nil }
      out.append(
        Chunk(
          type: String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self), data: png[(i + 8)..<(i + 8 + length)],
          range: i..<end))
      i = end
    }
    return out
  }

  /// `png` with one text chunk per field (replacing earlier `timescales.*` chunks).
  static func adding(_ fields: [(name: String, value: String)], to png: [UInt8]) throws -> [UInt8] {
    guard let chunks = chunks(png), let firstData = chunks.first(where: { $0.type == "IDAT" }) else {
      throw FigureError("not a PNG file (or one without image data): cannot write its provenance")
    }
    var out = Array(png[0..<8])
    for c in chunks {
      if c.range == firstData.range {
        for (name, value) in fields { out += chunk(keyword: keywordPrefix + name, text: value) }
      }
      if c.type == "tEXt" || c.type == "iTXt", keyword(c.data).hasPrefix(keywordPrefix) { continue }
      out += png[c.range]
    }
    return out
  }

  /// The `timescales.*` text fields of a PNG, by field name.
  static func fields(in png: [UInt8]) -> [String: String] {
    var out: [String: String] = [:]
    for c in chunks(png) ?? [] where c.type == "tEXt" || c.type == "iTXt" {
      let key = keyword(c.data)
      guard key.hasPrefix(keywordPrefix) else { continue }
      let rest = c.data.dropFirst(key.utf8.count + 1)
      let text: ArraySlice<UInt8>
      if c.type == "tEXt" {
        text = rest
      } else {
        // compression flag, method, language tag NUL, translated keyword NUL, text (uncompressed only)
        guard rest.count >= 2, rest[rest.startIndex] == 0 else { continue }
        let afterFlags = rest.dropFirst(2)
        guard let lang = afterFlags.firstIndex(of: 0), let translated = afterFlags[(lang + 1)...].firstIndex(of: 0)
        else { continue }
        text = afterFlags[(translated + 1)...]
      }
      out[String(key.dropFirst(keywordPrefix.count))] =
        c.type == "tEXt"
        ? String(text.map { Character(Unicode.Scalar($0)) })
        : String(decoding: text, as: UTF8.self)
    }
    return out
  }

  static func keyword(_ data: ArraySlice<UInt8>) -> String {
    String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
  }

  static func chunk(keyword: String, text: String) -> [UInt8] {
    let ascii = text.utf8.allSatisfy { $0 < 0x80 }
    let type: [UInt8] = Array((ascii ? "tEXt" : "iTXt").utf8)
    let data = Array(keyword.utf8) + [0] + (ascii ? [] : [0, 0, 0, 0]) + Array(text.utf8)
    return bigEndian(UInt32(data.count)) + type + data + bigEndian(crc32(type + data))
  }

  static func bigEndian(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
  }

  /// CRC-32 (ISO 3309, as PNG and zlib use it).
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }

  static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }
}
