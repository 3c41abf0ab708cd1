import Foundation

/// A `<metadata>` element right after the opening `<svg …>` tag, one child element per field:
/// ```
/// <metadata id="timescales-provenance"><timescales:provenance xmlns:timescales="urn:timescales:figure-provenance">
///   <timescales:stage>fig/tau-vs-n</timescales:stage> …
/// </timescales:provenance></metadata>
/// ```
/// Python: `xml.etree.ElementTree.parse(path).find(".//{urn:timescales:figure-provenance}stage").text`.
enum SVGMetadata {
  static let namespace = "urn:timescales:figure-provenance"
  static let begin = "<metadata id=\"timescales-provenance\">"
  static let end = "</metadata>"

  static func adding(_ fields: [(name: String, value: String)], to svg: [UInt8]) throws -> [UInt8] {
    var text = String(decoding: svg, as: UTF8.self)
    if let old = text.range(of: begin), let close = text.range(of: end, range: old.upperBound..<text.endIndex) {
      let through = text[close.upperBound...].hasPrefix("\n") ? text.index(after: close.upperBound) : close.upperBound
      text.removeSubrange(old.lowerBound..<through)
    }
    guard let open = text.range(of: "<svg"), let tagEnd = text.range(of: ">", range: open.upperBound..<text.endIndex)
    else {
      throw FigureError("not an SVG file (no <svg> element): cannot write its provenance")
    }
    var element = "\n\(begin)<timescales:provenance xmlns:timescales=\"\(namespace)\">\n"
    for (name, value) in fields { element += "  <timescales:\(name)>\(escaped(value))</timescales:\(name)>\n" }
    element += "</timescales:provenance>\(end)"
    text.insert(contentsOf: element, at: tagEnd.upperBound)
    return Array(text.utf8)
  }

  static func fields(in svg: [UInt8]) -> [String: String] {
    let text = String(decoding: svg, as: UTF8.self)
    guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
    else { return [:] }
    var out: [String: String] = [:]
    var rest = text[start.upperBound..<stop.lowerBound]
    while let open = rest.range(of: "<timescales:"),
      let close = rest.range(of: ">", range: open.upperBound..<rest.endIndex)
    {
      let name = String(rest[open.upperBound..<close.lowerBound])
      rest = rest[close.upperBound...]
      guard !name.contains(" "), let endTag = rest.range(of: "</timescales:\(name)>") else { continue }
      out[name] = unescaped(String(rest[..<endTag.lowerBound]))
      rest = rest[endTag.upperBound...]
    }
    return out
  }

  static func escaped(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
      of: ">", with: "&gt;")
  }

  static func unescaped(_ s: String) -> String {
    s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(
      of: "&amp;", with: "&")
  }
}
