import Diff
import Figures
import Foundation
import Pipeline
import TestSupport
import Testing

/// Provenance written into real gnuplot drawings and read back, by this project and by other tools.
@Suite struct FigureProvenanceTests {
  static let provenance = FigureProvenance(
    stage: "fig/tau-vs-n", cacheKey: String(repeating: "ab", count: 32),
    inputs: [
      .init(stage: "train/parity/single/seed1/N2", contentHash: String(repeating: "01", count: 32)),
      .init(stage: "train/parity/multi/seed1/N2", contentHash: String(repeating: "02", count: 32)),
    ],
    profile: "smoke (τ)", projectCommit: "cacd2c4a13b081a47d4c1d71788f5090cc417784-dirty", tool: "timescales 0.1.0")

  /// A small drawing in `format`, made by gnuplot with the project's style.
  static func drawing(_ format: FigureProvenance.Format) throws -> [UInt8] {
    let dir = try Fixtures.temporaryDirectory("drawing")
    let gnuplot = try #require(Gnuplot.shared.executable, "gnuplot is needed: make test installs it")
    let out = dir.appendingPathComponent("x").path
    let r = try runProcess(
      gnuplot,
      [
        "-e", "figw=3; figh=2; fmt='\(format.rawValue)'; outbase='\(out)'; tableprefix='\(out)'",
        "-e", "load '\(Fixtures.packageRoot.path)/figures/style.gp'; plot sin(x) title 'sin'",
      ])
    #expect(r.status == 0, "\(r.output)")
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: out + "." + format.rawValue)))
    return format == .pdf ? FigureRenderer.fixedCreationDate(bytes) : bytes
  }

  @Test(arguments: FigureProvenance.Format.allCases)
  func readsBackWhatItWroteAndStaysReproducible(_ format: FigureProvenance.Format) throws {
    let plain = try Self.drawing(format)
    #expect(FigureProvenance.read(from: plain, format: format) == nil)
    let stamped = try Self.provenance.embed(in: plain, format: format)
    #expect(FigureProvenance.read(from: stamped, format: format) == Self.provenance)
    #expect(try Self.provenance.embed(in: plain, format: format) == stamped, "the same provenance gives the same bytes")
    var other = Self.provenance
    other.profile = "default"
    let restamped = try other.embed(in: stamped, format: format)
    #expect(FigureProvenance.read(from: restamped, format: format) == other, "a second stamp replaces the first")
    if format != .pdf { #expect(try other.embed(in: plain, format: format) == restamped) }
  }

  @Test func thePNGStillDecodesToTheSamePixels() throws {
    let plain = try Self.drawing(.png)
    let stamped = try Self.provenance.embed(in: plain, format: .png)
    let a = try #require(PNGImage(plain)), b = try #require(PNGImage(stamped))
    #expect(a == b)
  }

  @Test func pythonReadsTheSVGMetadata() throws {
    let dir = try Fixtures.temporaryDirectory("svg")
    let path = dir.appendingPathComponent("x.svg").path
    try Data(try Self.provenance.embed(in: try Self.drawing(.svg), format: .svg)).write(to: URL(fileURLWithPath: path))
    let script = """
      import sys, xml.etree.ElementTree as ET
      ns = "{urn:timescales:figure-provenance}"
      root = ET.parse(sys.argv[1]).getroot()
      print(root.find(".//" + ns + "cache_key").text, root.find(".//" + ns + "profile").text)
      """
    let r = try runProcess("/usr/bin/env", ["python3", "-c", script, path])
    #expect(
      r.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.provenance.cacheKey) smoke (τ)", "\(r.output)"
    )
  }

  @Test func pdfinfoReadsTheDocumentInfo() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo") else {
      print("skipped the pdfinfo check: no /usr/bin/pdfinfo (make test installs poppler-utils)")
      return
    }
    let dir = try Fixtures.temporaryDirectory("pdf")
    let path = dir.appendingPathComponent("x.pdf").path
    try Data(try Self.provenance.embed(in: try Self.drawing(.pdf), format: .pdf)).write(to: URL(fileURLWithPath: path))
    let r = try runProcess("/usr/bin/pdfinfo", ["-custom", path])
    #expect(r.status == 0, "\(r.output)")
    #expect(!r.output.lowercased().contains("error"), "pdfinfo read the update without complaint: \(r.output)")
    #expect(r.output.contains("TimescalesCacheKey:") && r.output.contains(Self.provenance.cacheKey), "\(r.output)")
    #expect(r.output.contains("Producer:") && r.output.contains("cairo"), "the old entries stay: \(r.output)")
    let plain = try runProcess("/usr/bin/pdfinfo", [path])
    #expect(
      plain.status == 0 && plain.output.contains("Pages:") && !plain.output.lowercased().contains("error"),
      "\(plain.output)")
  }

  @Test func aFileOfAnotherKindIsRefusedByName() {
    #expect(throws: FigureError.self) { try Self.provenance.embed(in: Array("hello".utf8), format: .png) }
    #expect(throws: FigureError.self) { try Self.provenance.embed(in: Array("hello".utf8), format: .pdf) }
  }
}
