import Artifacts
import Diff
import Foundation
import Pipeline
import TestSupport
import Testing

/// A minimal PNG writer for the tests: any colour type and bit depth, row filter `filter(y)`.
enum TestPNG {
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes {
      c ^= UInt32(b)
      for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }
    return ~c
  }

  static func be32(_ v: Int) -> [UInt8] {
    [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
  }

  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let body = Array(type.utf8) + data
    return be32(data.count) + body + be32(Int(crc32(body)))
  }

  /// `rows`: the raw (unfiltered) bytes of each row.
  static func encode(
    width: Int, height: Int, depth: Int, colour: Int, rows: [[UInt8]], palette: [UInt8] = [],
    transparency: [UInt8] = [], filter: (Int) -> UInt8 = { UInt8($0 % 5) }
  ) -> [UInt8] {
    let bpp = max(1, depth * [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colour]! / 8)
    var raw: [UInt8] = []
    for (y, row) in rows.enumerated() {
      let f = filter(y)
      raw.append(f)
      for i in row.indices {
        let a = i >= bpp ? Int(row[i - bpp]) : 0
        let b = y > 0 ? Int(rows[y - 1][i]) : 0
        let c = y > 0 && i >= bpp ? Int(rows[y - 1][i - bpp]) : 0
        let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        let predicted = [0, a, b, (a + b) / 2, pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)][Int(f)]
        raw.append(UInt8(truncatingIfNeeded: Int(row[i]) - predicted))
      }
    }
    var out = PNGImage.signature
    out += chunk("IHDR", be32(width) + be32(height) + [UInt8(depth), UInt8(colour), 0, 0, 0])
    if !palette.isEmpty { out += chunk("PLTE", palette) }
    if !transparency.isEmpty { out += chunk("tRNS", transparency) }
    out += chunk("tEXt", Array("Software\0test".utf8))
    out += chunk("IDAT", Zlib.compress(raw)!)
    out += chunk("IEND", [])
    return out
  }

  static func rgb8(width: Int, height: Int, _ pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> [UInt8] {
    let rows = (0..<height).map { y in
      (0..<width).flatMap { x in
        let p = pixel(x, y); return [p.0, p.1, p.2]
      }
    }
    return encode(width: width, height: height, depth: 8, colour: 2, rows: rows)
  }
}

func rgba(_ r: UInt64, _ g: UInt64, _ b: UInt64, _ a: UInt64 = 0xFFFF) -> UInt64 { r << 48 | g << 32 | b << 16 | a }

@Suite struct PNGTests {
  @Test func zlibRoundTrips() {
    let data = Array("timescales timescales timescales".utf8)
    #expect(Zlib.uncompress(Zlib.compress(data)!, size: data.count) == data)
    #expect(Zlib.uncompress(Zlib.compress(data)!, size: data.count - 1) == nil)
    #expect(Zlib.uncompress([1, 2, 3], size: 3) == nil)
  }

  /// Every filter type, on RGB rows that exercise wrap-around.
  @Test func decodesRGBWithEveryRowFilter() throws {
    let png = TestPNG.rgb8(width: 7, height: 10) { x, y in
      (UInt8(x * 37 % 256), UInt8(y * 91 % 256), UInt8((x * y * 13 + 200) % 256))
    }
    let image = try #require(PNGImage(png))
    #expect(image.width == 7 && image.height == 10)
    for y in 0..<10 {
      for x in 0..<7 {
        let expected = rgba(
          UInt64(x * 37 % 256) * 257, UInt64(y * 91 % 256) * 257, UInt64((x * y * 13 + 200) % 256) * 257)
        #expect(image.pixels[y * 7 + x] == expected, "pixel \(x), \(y)")
      }
    }
  }

  @Test func decodesPaletteGreyAlphaAndSixteenBitImages() throws {
    // Palette, 2 bits per pixel, with transparency for entry 1.
    let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]
    let indices = [[0, 1, 2, 3, 0], [3, 3, 1, 0, 2]]
    let packed = indices.map { row -> [UInt8] in
      var bytes = [UInt8](repeating: 0, count: 2)
      for (x, v) in row.enumerated() { bytes[x / 4] |= UInt8(v) << (6 - 2 * (x % 4)) }
      return bytes
    }
    let p = try #require(
      PNGImage(
        TestPNG.encode(
          width: 5, height: 2, depth: 2, colour: 3, rows: packed, palette: palette, transparency: [255, 128])))
    #expect(p.pixels[1] == rgba(0, 0xFFFF, 0, 128 * 257))
    #expect(p.pixels[5 + 4] == rgba(0, 0, 0xFFFF))
    #expect(p.pixels[3] == rgba(9 * 257, 9 * 257, 9 * 257))
    // Grey, 1 bit.
    let g = try #require(PNGImage(TestPNG.encode(width: 3, height: 1, depth: 1, colour: 0, rows: [[0b1010_0000]])))
    #expect(g.pixels == [rgba(0xFFFF, 0xFFFF, 0xFFFF), rgba(0, 0, 0), rgba(0xFFFF, 0xFFFF, 0xFFFF)])
    // RGBA, 16 bits.
    let w = try #require(
      PNGImage(
        TestPNG.encode(
          width: 1, height: 2, depth: 16, colour: 6, rows: [[1, 2, 3, 4, 5, 6, 7, 8], [0, 0, 0, 0, 0, 0, 255, 255]])))
    #expect(w.pixels == [rgba(0x0102, 0x0304, 0x0506, 0x0708), rgba(0, 0, 0, 0xFFFF)])
    // Grey + alpha, 8 bits.
    let ga = try #require(PNGImage(TestPNG.encode(width: 2, height: 1, depth: 8, colour: 4, rows: [[10, 20, 30, 40]])))
    #expect(ga.pixels == [rgba(2570, 2570, 2570, 5140), rgba(7710, 7710, 7710, 10280)])
  }

  @Test func refusesDamagedAndInterlacedFiles() {
    var png = TestPNG.rgb8(width: 4, height: 4) { _, _ in (1, 2, 3) }
    #expect(PNGImage(png) != nil)
    png[28] = 1  // IHDR interlace method: Adam7
    #expect(PNGImage(png) == nil)
    #expect(PNGImage(Array(TestPNG.rgb8(width: 4, height: 4) { _, _ in (1, 2, 3) }.prefix(60))) == nil)
    #expect(PNGImage([1, 2, 3]) == nil)
  }

  @Test func imagesCompareByPixelsWithTheChangedFractionAndRegion() throws {
    let base = TestPNG.rgb8(width: 20, height: 10) { x, y in (UInt8(x), UInt8(y), 0) }
    let changed = TestPNG.rgb8(width: 20, height: 10) { x, y in
      x >= 3 && x <= 6 && y >= 2 && y <= 3 ? (255, 255, 255) : (UInt8(x), UInt8(y), 0)
    }
    let c = ImageComparison.compare(base, changed)
    #expect(c.differs && c.changedPixels == 8 && c.pixels == 200)
    #expect(c.fractionChanged == 0.04)
    #expect(c.region == [3, 2, 6, 3])
    #expect(!ImageComparison.compare(base, base).differs)
    // Same pixels, different bytes (other filters, other metadata): not a difference.
    let refiltered = TestPNG.encode(
      width: 20, height: 10, depth: 8, colour: 2,
      rows: (0..<10).map { y in (0..<20).flatMap { x in [UInt8(x), UInt8(y), 0] } }, filter: { _ in 0 })
    let same = ImageComparison.compare(base, refiltered)
    #expect(!same.bytesEqual && same.changedPixels == 0 && !same.differs)
    let resized = ImageComparison.compare(base, TestPNG.rgb8(width: 21, height: 10) { _, _ in (0, 0, 0) })
    #expect(resized.differs && resized.sizeChanged && resized.changedPixels == nil)
  }

  /// The real thing: gnuplot's `pngcairo` (RGB) and `png` (palette) terminals.
  @Test(arguments: ["pngcairo", "png"])
  func gnuplotDrawingsCompare(terminal: String) throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") else { return }
    let dir = try Fixtures.temporaryDirectory("png")
    defer { try? FileManager.default.removeItem(at: dir) }
    func draw(_ name: String, _ plot: String) throws -> [UInt8] {
      let out = dir.appendingPathComponent(name).path
      _ = try runProcess(
        "/usr/bin/gnuplot",
        ["-e", "set terminal \(terminal) size 200,150; set output '\(out)'; unset key; plot \(plot)"])
      return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
    }
    let sin1 = try draw("a.png", "sin(x)"), sin2 = try draw("b.png", "sin(x)"),
      shifted = try draw("c.png", "sin(x) + 0.2")
    let image = try #require(PNGImage(sin1))
    #expect(image.width == 200 && image.height == 150)
    #expect(!ImageComparison.compare(sin1, sin2).differs)
    let c = ImageComparison.compare(sin1, shifted)
    #expect(c.differs)
    let fraction = try #require(c.fractionChanged)
    #expect(fraction > 0.001 && fraction < 0.2, "\(fraction)")
  }
}

@Suite struct TableComparisonTests {
  static let header =
    "# tau-vs-n / parity: trained τ per level\n# source: train/rnn/parity/single/seed1/N2  key 3fa2\nn\ttau_mean\tcurriculum\n"
  /// Figure tables written before the header line became a plain line.
  static let commentedHeader = "# tau-vs-n / parity: trained τ per level\n# n\ttau_mean\tcurriculum\n"

  func table(_ text: String) throws -> TextTable { try #require(TextTable.parse(Array(text.utf8))) }

  @Test func parsesFiguresTablesWithColumnNames() throws {
    let t = try table(Self.header + "2\t1.4931\tsingle\n3\tNaN\tsingle\n")
    #expect(t.columns == ["n", "tau_mean", "curriculum"])
    #expect(t.shape == [2, 3])
    let old = try table(Self.commentedHeader + "2\t1.4931\tsingle\n3\tNaN\tsingle\n")
    #expect(old.columns == t.columns && old.rows == t.rows)
    #expect(try table("1\t2\n3\t4\n").columns == ["column 1", "column 2"], "no header: the columns are numbered")
    #expect(TextTable.parse(Array("<svg>\n\t<g/>\n</svg>\n".utf8)) == nil)
    #expect(TextTable.parse(Array("just text\n".utf8)) == nil)
    #expect(TextTable.parse([0x89, 0x50, 0x4E, 0x47, 0, 1]) == nil)
  }

  @Test func cellsCompareWithTheToleranceAndCommentsDoNot() throws {
    let a = try table(Self.header + "2\t1.5\tsingle\n3\t2.25\tsingle\n4\tNaN\tsingle\n")
    let b = try table(
      Self.header.replacingOccurrences(of: "3fa2", with: "77c1") + "2\t1.5\tsingle\n3\t2.5\tmulti\n4\tNaN\tsingle\n")
    let c = TableComparison.compare(a, b, tolerance: .exact, nanDiffers: false, examples: 5)
    #expect(c.differs && c.commentsDiffer)
    #expect(c.values?.differing == 1 && c.textCellsDiffering == 1)
    #expect(c.values?.maxAbsAt?.index == 4)  // row 2 (from 1), column tau_mean
    #expect(c.textExamples.first == .init(row: 1, column: 2, a: "single", b: "multi"))
    let loose = TableComparison.compare(a, a, tolerance: .exact, nanDiffers: false, examples: 5)
    #expect(!loose.differs)
    let onlyComments = TableComparison.compare(
      a, try table(Self.header + "# extra note\n2\t1.5\tsingle\n3\t2.25\tsingle\n4\tNaN\tsingle\n"),
      tolerance: .exact, nanDiffers: false, examples: 5)
    #expect(!onlyComments.differs && onlyComments.commentsDiffer)
    let grown = TableComparison.compare(
      a, try table(Self.header + "2\t1.5\tsingle\n"), tolerance: .exact, nanDiffers: false, examples: 5)
    #expect(grown.differs && grown.shapeChanged && grown.values == nil)
  }
}

/// Byte datasets as the figure stage writes them (`/files/*.png`, `/tables/*.tsv`), through real files.
@Suite struct FigureArtifactDiffTests {
  static let png = TestPNG.rgb8(width: 20, height: 10) { x, y in (UInt8(x), UInt8(y), 0) }
  static let table = TableComparisonTests.header + "2\t1.5\tsingle\n3\t2.25\tsingle\n4\tNaN\tsingle\n"

  func figure(png: [UInt8], table: String, svg: String) -> Artifact {
    var a = Artifact()
    a["/files/tau.png"] = NDArray(bytes: png)
    a["/tables/tau.parity.tsv"] = NDArray(bytes: Array(table.utf8))
    a["/files/tau.svg"] = NDArray(bytes: Array(svg.utf8))
    return a
  }

  @Test func imagesByPixelsTablesByCellsOtherFilesByBytes() throws {
    let changedPNG = TestPNG.rgb8(width: 20, height: 10) { x, y in
      x >= 3 && x <= 6 && y >= 2 && y <= 3 ? (255, 255, 255) : (UInt8(x), UInt8(y), 0)
    }
    let a = figure(png: Self.png, table: Self.table, svg: "<svg>a</svg>")
    let b = figure(
      png: changedPNG, table: Self.table.replacingOccurrences(of: "2.25", with: "2.5"), svg: "<svg>b</svg>")
    let d = try diffFiles(a, b)
    #expect(d.hasDifferences)
    let kinds = Dictionary(
      uniqueKeysWithValues: d.datasets.map { ds -> (String, String) in
        switch ds.values {
        case .image: (ds.path, "image")
        case .table: (ds.path, "table")
        case .bytes: (ds.path, "bytes")
        case .numbers: (ds.path, "numbers")
        case .notCompared: (ds.path, "not compared")
        }
      })
    #expect(kinds == ["/files/tau.png": "image", "/tables/tau.parity.tsv": "table", "/files/tau.svg": "bytes"])
    let lines = d.lines()
    #expect(
      lines.contains(
        "differs          /files/tau.png  PNG image 20×10: 4 % of pixels changed (8 of 200), within x 3–6, y 2–3"),
      "\(lines)")
    #expect(lines.contains("differs          /tables/tau.parity.tsv  table [3×3]: 1 of 9 cells differs"), "\(lines)")
    #expect(lines.contains { $0.contains("max abs diff 0.25 at row 2, tau_mean (2.25 → 2.5)") }, "\(lines)")
    #expect(
      lines.contains("differs          /files/tau.svg  file 12 bytes: 1 byte differs, the first at byte 5"), "\(lines)")
    let json = try JSONParser.parse(d.json.canonical)
    let image = try #require(json["datasets"]?.arrayValue?.first { $0["path"] == .string("/files/tau.png") }?["image"])
    #expect(image["fractionChanged"] == .double(0.04) && image["changedPixels"] == .int(8))
  }

  /// Re-encoded drawings with the same pixels, tables whose comments name other input keys:
  /// the figure did not change.
  @Test func sameDrawingAndNumbersInOtherBytesAreNoDifference() throws {
    let reencoded = TestPNG.encode(
      width: 20, height: 10, depth: 8, colour: 2,
      rows: (0..<10).map { y in (0..<20).flatMap { x in [UInt8(x), UInt8(y), 0] } }, filter: { _ in 1 })
    #expect(reencoded != Self.png && reencoded.count != Self.png.count)
    let d = try diffFiles(
      figure(png: Self.png, table: Self.table, svg: "<svg/>"),
      figure(png: reencoded, table: Self.table.replacingOccurrences(of: "3fa2", with: "9d0e"), svg: "<svg/>"))
    #expect(!d.hasDifferences, "\(d.lines())")
    #expect(d.lines().last == "identical: 3 datasets", "\(d.lines())")
  }
}
