import Artifacts
import Foundation
import TestSupport
import Testing

@Suite struct ArtifactRoundTripTests {
  func sample() -> Artifact {
    var a = Artifact()
    a["/weights/w_rec"] = NDArray((0..<12).map { Float($0) * 0.5 - 1 }, shape: [3, 4])
    a["/weights/tau"] = NDArray([1.5, 2.25, Double.nan], shape: [3])
    a["/history/epoch"] = NDArray([Int32(1), 2, 3])
    a["/history/big"] = NDArray((0..<70_000).map { Int64($0 * 3) }, shape: [7, 100, 100])
    a["/scalar"] = NDArray([Float(42)], shape: [])
    a["/empty"] = NDArray([Double](), shape: [0, 3])
    a.makeGroup("/nothing/here")
    a.setAttribute("title", .string("τ vs N — ünïcode"))
    a.setAttribute("count", .int(-7), at: "/weights")
    a.setAttribute("ratio", .double(0.125), at: "/weights")
    a.setAttribute("levels", .ints([2, 3, 5]), at: "/history")
    a.setAttribute("eps", .doubles([0.01, 0.1]), at: "/history")
    return a
  }

  @Test func everyDtypeAndAttributeRoundTrips() throws {
    let dir = try Fixtures.temporaryDirectory("rt")
    let path = dir.appendingPathComponent("a.h5").path
    let a = sample()
    try ArtifactWriter.write(a, to: path)
    let b = try ArtifactReader.read(path)
    #expect(b["/weights/w_rec"] == a["/weights/w_rec"])
    #expect(b["/history/epoch"] == a["/history/epoch"])
    #expect(b["/history/big"] == a["/history/big"])
    #expect(b["/scalar"] == a["/scalar"])
    #expect(b["/empty"]?.shape == [0, 3])
    #expect(b["/weights/tau"]?.doubles[2].isNaN == true)
    #expect(b["/weights/tau"]?.dtype == .float64)
    #expect(b.group("/nothing/here") != nil)
    #expect(b.attribute("title") == .string("τ vs N — ünïcode"))
    #expect(b.attribute("count", at: "/weights") == .int(-7))
    #expect(b.attribute("ratio", at: "/weights") == .double(0.125))
    #expect(b.attribute("levels", at: "/history") == .ints([2, 3, 5]))
    #expect(b.attribute("eps", at: "/history") == .doubles([0.01, 0.1]))
    #expect(ContentHash.of(a) == ContentHash.of(b))
  }

  @Test func twoWritesGiveTheSameHashAndBytes() throws {
    let dir = try Fixtures.temporaryDirectory("det")
    let p1 = dir.appendingPathComponent("1.h5").path, p2 = dir.appendingPathComponent("2.h5").path
    try ArtifactWriter.write(sample(), to: p1)
    Thread.sleep(forTimeInterval: 1.1)  // object times, if tracked, would now differ
    try ArtifactWriter.write(sample(), to: p2)
    #expect(ContentHash.of(try ArtifactReader.read(p1)) == ContentHash.of(try ArtifactReader.read(p2)))
    #expect(FileManager.default.contents(atPath: p1) == FileManager.default.contents(atPath: p2))
  }

  @Test func contentHashSeesDataAndIgnoresProvenance() throws {
    var a = sample()
    let h = ContentHash.of(a)
    a.setAttribute("provenance.started", .string("2026-01-01"))
    #expect(ContentHash.of(a) == h)
    a["/weights/tau"] = NDArray([1.5, 2.25, 3.0])
    #expect(ContentHash.of(a) != h)
    var b = sample()
    b["/history/epoch"] = NDArray([Int64(1), 2, 3])  // same values, other dtype
    #expect(ContentHash.of(b) != h)
  }

  @Test func filesAreReadableByOtherTools() throws {
    let dir = try Fixtures.temporaryDirectory("h5py")
    let path = dir.appendingPathComponent("a.h5").path
    try ArtifactWriter.write(sample(), to: path)
    let dump = try runProcess("/usr/bin/h5dump", ["-A", path])
    #expect(dump.status == 0)
    #expect(dump.output.contains("vs N"))
    let script = """
      import h5py, sys
      f = h5py.File(sys.argv[1], 'r')
      assert f['weights/w_rec'].shape == (3, 4) and f['weights/w_rec'][1, 2] == 2.0
      assert f['history/big'][6, 99, 99] == 69999 * 3
      assert f.attrs['title'] == 'τ vs N — ünïcode' and list(f['history'].attrs['levels']) == [2, 3, 5]
      print('ok')
      """
    guard let py = try runPython(script, [path], needs: ["h5py"]) else { return }
    #expect(py.output.contains("ok"), "h5py: \(py.output)")
  }

  @Test func fileBytesRoundTripAsUInt8() throws {
    let dir = try Fixtures.temporaryDirectory("u8")
    let path = dir.appendingPathComponent("a.h5").path
    var a = Artifact()
    let small: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0, 255, 10, 13]
    let large = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) }  // chunked + compressed
    a["/files/small.png"] = NDArray(bytes: small)
    a["/files/large.pdf"] = NDArray(bytes: large)
    a["/files/empty.tsv"] = NDArray(bytes: [UInt8]())
    try ArtifactWriter.write(a, to: path)
    let b = try ArtifactReader.read(path)
    #expect(b["/files/small.png"]?.dtype == .uint8)
    #expect(b["/files/small.png"]?.bytes == small)
    #expect(b["/files/large.pdf"]?.bytes == large)
    #expect(b["/files/empty.tsv"]?.bytes == [])
    #expect(ContentHash.of(a) == ContentHash.of(b))
    var c = a
    c["/files/small.png"] = NDArray(small.map(Int32.init))  // same values, other dtype
    #expect(ContentHash.of(c) != ContentHash.of(a))
    let dump = try runProcess("/usr/bin/h5dump", ["-H", "-d", "/files/small.png", path])
    #expect(dump.output.contains("H5T_STD_U8LE"), "h5dump: \(dump.output)")
  }

  @Test func readingAMissingOrBrokenFileNamesIt() throws {
    #expect(throws: ArtifactsError.self) { try ArtifactReader.read("/nonexistent/x.h5") }
    let dir = try Fixtures.temporaryDirectory("bad")
    let path = dir.appendingPathComponent("bad.h5").path
    FileManager.default.createFile(atPath: path, contents: Data("not hdf5".utf8))
    do {
      _ = try ArtifactReader.read(path)
      Issue.record("expected an error")
    } catch let e as ArtifactsError {
      #expect(e.description.contains(path) && e.description.contains("not an HDF5 file"))
    }
  }

  @Test func readsTheSharedReferenceVectors() throws {
    let ref = try Fixtures.numerics()
    #expect(ref["/leaky_rnn/H8_B5_T6_K1/w_hh"]?.shape == [8, 8])
    #expect(ref.attribute("description", at: "/leaky_rnn/H8_B5_T6_K1")?.stringValue?.contains("Leaky RNN") == true)
  }
}
