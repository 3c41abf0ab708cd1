import Artifacts
import Foundation
import Pipeline

/// Comparisons of datasets that hold a whole file's bytes (1-D datasets of one-byte elements,
/// as the figure stage stores its drawings and tables):
///
/// - bytes that start with the PNG signature are **images**: decoded and compared pixel by
///   pixel (exactly), reporting the fraction of pixels that changed and where;
/// - UTF-8 text whose non-comment lines all have the same number (≥ 2) of tab-separated
///   fields is a **table**: numeric cells are compared with the tolerance, other cells as text,
///   `#` comment lines are not compared (they name sources and keys, not data);
/// - other bytes (SVG, PDF, …) are compared as bytes: sizes and where they first differ.
public enum FileComparison {
  /// The bytes of a 1-D dataset of one-byte elements, or nil for any other dataset.
  public static func bytes(of array: NDArray) -> [UInt8]? {
    guard array.dtype.byteSize == 1, array.shape.count == 1 else { return nil }
    return array.withRawBytes { Array($0) }
  }
}

/// Two files' bytes that are neither images nor tables.
public struct BytesComparison: Equatable, Sendable {
  public var sizeA: Int
  public var sizeB: Int
  /// Bytes that differ within the shorter length.
  public var differing: Int
  /// The offset of the first byte that differs (nil when one file is a prefix of the other).
  public var firstDifference: Int?

  public var differs: Bool { sizeA != sizeB || differing > 0 }

  public static func compare(_ a: [UInt8], _ b: [UInt8]) -> BytesComparison {
    var out = BytesComparison(sizeA: a.count, sizeB: b.count, differing: 0, firstDifference: nil)
    for i in 0..<min(a.count, b.count) where a[i] != b[i] {
      out.differing += 1
      if out.firstDifference == nil { out.firstDifference = i }
    }
    if out.firstDifference == nil, a.count != b.count { out.firstDifference = min(a.count, b.count) }
    return out
  }
}

/// Two PNG images compared pixel by pixel.
public struct ImageComparison: Equatable, Sendable {
  public var sizeA: (width: Int, height: Int)?
  public var sizeB: (width: Int, height: Int)?
  public var bytesEqual: Bool
  /// Nil when the pixels could not be compared (`reason` says why); then only bytes count.
  public var changedPixels: Int?
  public var pixels: Int
  /// The smallest rectangle holding every changed pixel: x0, y0, x1, y1 (inclusive).
  public var region: [Int]?
  public var reason: String?

  public static func == (x: ImageComparison, y: ImageComparison) -> Bool {
    x.sizeA?.width == y.sizeA?.width && x.sizeA?.height == y.sizeA?.height && x.sizeB?.width == y.sizeB?.width
      && x.sizeB?.height == y.sizeB?.height && x.bytesEqual == y.bytesEqual && x.changedPixels == y.changedPixels
      && x.pixels == y.pixels && x.region == y.region && x.reason == y.reason
  }

  public var sizeChanged: Bool { sizeA?.width != sizeB?.width || sizeA?.height != sizeB?.height }
  public var fractionChanged: Double? { changedPixels.map { pixels == 0 ? 0 : Double($0) / Double(pixels) } }
  /// Different pixels or sizes; identical bytes never differ, and bytes that differ only in
  /// metadata (pixels equal) do not either.
  public var differs: Bool {
    if bytesEqual { return false }
    if sizeChanged { return true }
    return changedPixels.map { $0 > 0 } ?? true
  }

  public static func compare(_ a: [UInt8], _ b: [UInt8]) -> ImageComparison {
    let sa = PNGImage.size(a), sb = PNGImage.size(b)
    var out = ImageComparison(
      sizeA: sa, sizeB: sb, bytesEqual: a == b, changedPixels: nil,
      pixels: (sb?.width ?? 0) * (sb?.height ?? 0), region: nil, reason: nil)
    if out.bytesEqual {
      out.changedPixels = 0
      return out
    }
    if out.sizeChanged { return out }
    guard let ia = PNGImage(a), let ib = PNGImage(b) else {
      out.reason = "a PNG could not be decoded (interlaced or damaged): image bytes compared, pixels not"
      return out
    }
    var changed = 0
    var x0 = Int.max, y0 = Int.max, x1 = -1, y1 = -1
    for y in 0..<ia.height {
      for x in 0..<ia.width where ia.pixels[y * ia.width + x] != ib.pixels[y * ia.width + x] {
        changed += 1
        x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
      }
    }
    out.changedPixels = changed
    if changed > 0 { out.region = [x0, y0, x1, y1] }
    return out
  }
}

/// Two tab-separated text tables compared cell by cell.
public struct TableComparison: Equatable, Sendable {
  public var shapeA: [Int]
  public var shapeB: [Int]
  /// Column names (from the header comment line `# a<TAB>b…`, else numbers), of B.
  public var columns: [String]
  /// Numeric cells (text cells that are equal count as equal numbers); nil when shapes differ.
  public var values: ArrayComparison?
  /// Text cells that differ, with (row, column) and both texts (the first few).
  public var textCellsDiffering: Int
  public var textExamples: [TextCell]
  public var commentsDiffer: Bool

  public struct TextCell: Equatable, Sendable {
    public var row: Int
    public var column: Int
    public var a: String
    public var b: String
    public init(row: Int, column: Int, a: String, b: String) {
      self.row = row
      self.column = column
      self.a = a
      self.b = b
    }
  }

  public var shapeChanged: Bool { shapeA != shapeB }
  public var differs: Bool { shapeChanged || (values?.differs ?? false) || textCellsDiffering > 0 }

  public static func compare(
    _ a: TextTable, _ b: TextTable, tolerance: DiffOptions.Tolerance, nanDiffers: Bool,
    examples: Int
  ) -> TableComparison {
    var out = TableComparison(
      shapeA: a.shape, shapeB: b.shape, columns: b.columns, values: nil, textCellsDiffering: 0,
      textExamples: [], commentsDiffer: a.comments != b.comments)
    guard a.shape == b.shape else { return out }
    var x: [Double] = [], y: [Double] = []
    x.reserveCapacity(a.rows.count * a.shape[1])
    y.reserveCapacity(x.capacity)
    for (r, (ra, rb)) in zip(a.rows, b.rows).enumerated() {
      for (c, (ca, cb)) in zip(ra, rb).enumerated() {
        if let va = Double(ca), let vb = Double(cb) {
          x.append(va); y.append(vb)
          continue
        }
        x.append(0); y.append(0)
        if ca != cb {
          out.textCellsDiffering += 1
          if out.textExamples.count < examples { out.textExamples.append(TextCell(row: r, column: c, a: ca, b: cb)) }
        }
      }
    }
    out.values = ArrayComparison.compare(
      NDArray(x, shape: a.shape), NDArray(y, shape: b.shape), tolerance: tolerance,
      nanDiffers: nanDiffers, examples: examples)
    return out
  }
}

/// A tab-separated text table: `#` comment lines, a header line, then rows of fields.
public struct TextTable: Equatable, Sendable {
  public var comments: [String]
  public var columns: [String]
  public var rows: [[String]]
  /// [rows, columns]
  public var shape: [Int] { [rows.count, rows.first?.count ?? columns.count] }

  /// Parses `bytes` as a table: valid UTF-8 without NUL bytes, and every non-empty,
  /// non-comment line with the same number (≥ 2) of tab-separated fields. Nil otherwise.
  public static func parse(_ bytes: [UInt8]) -> TextTable? {
    guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else { return nil }
    var comments: [String] = [], rows: [[String]] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let l = line.hasSuffix("\r") ? line.dropLast() : line[...]
      if l.hasPrefix("#") {
        comments.append(String(l))
      } else if !l.trimmingCharacters(in: .whitespaces).isEmpty {
        rows.append(
          l.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) })
      }
    }
    guard let width = rows.first?.count, width >= 2, rows.allSatisfy({ $0.count == width }) else { return nil }
    // The header: the last comment line with as many tab-separated names as there are columns
    // (tables written before the header became a plain line), else a first row holding no number.
    let commented = comments.last { $0.split(separator: "\t", omittingEmptySubsequences: false).count == width }
    if let h = commented {
      let columns = h.dropFirst().split(separator: "\t", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      return TextTable(comments: comments, columns: columns, rows: rows)
    }
    if rows.count >= 1, rows[0].allSatisfy({ Double($0) == nil }) {
      return TextTable(comments: comments, columns: rows[0], rows: Array(rows.dropFirst()))
    }
    return TextTable(comments: comments, columns: (1...width).map { "column \($0)" }, rows: rows)
  }
}
