import Artifacts
import Diff
import Foundation
import Pipeline
import TestSupport
import Testing

/// Writes both artifacts to real HDF5 files with the project's writer, reads them back and
/// compares them (so dtypes and attributes are what the files hold, not what memory held).
func diffFiles(_ a: Artifact, _ b: Artifact, _ options: DiffOptions = DiffOptions()) throws -> ArtifactDiff {
  let dir = try Fixtures.temporaryDirectory("diff")
  defer { try? FileManager.default.removeItem(at: dir) }
  let pa = dir.appendingPathComponent("a.h5").path, pb = dir.appendingPathComponent("b.h5").path
  try ArtifactWriter.write(a, to: pa)
  try ArtifactWriter.write(b, to: pb)
  return ArtifactDiff.compare(try ArtifactReader.read(pa), try ArtifactReader.read(pb), options: options)
}

func artifact(_ datasets: [String: NDArray], attributes: [String: AttributeValue] = [:]) -> Artifact {
  var a = Artifact()
  for (p, v) in datasets { a[p] = v }
  for (k, v) in attributes { a.setAttribute(k, v) }
  return a
}

func numbers(_ d: ArtifactDiff, _ path: String) -> ArrayComparison? {
  guard let ds = d.datasets.first(where: { $0.path == path }), case .numbers(let c) = ds.values else { return nil }
  return c
}

func tol(_ atol: Double, _ rtol: Double) -> DiffOptions { DiffOptions(tolerance: .init(atol: atol, rtol: rtol)) }

@Suite struct ArtifactDiffTests {
  @Test func identicalFilesHaveNoDifferences() throws {
    let a = artifact(
      ["/x": NDArray([Float(1), 2, 3]), "/g/y": NDArray([Int64(4)])], attributes: ["units": .string("s")])
    let d = try diffFiles(a, a)
    #expect(!d.hasDifferences)
    #expect(d.datasets.allSatisfy { $0.identical })
    #expect(d.lines().last == "identical: 2 datasets")
  }

  /// h5diff prints nothing by default for an object present in one file only.
  @Test func objectsOnOneSideAreAlwaysListed() throws {
    let a = artifact(
      ["/common": NDArray([1.0]), "/only_a": NDArray([Float(1)], shape: [1]), "/ga/x": NDArray([1.0])],
      attributes: ["left": .int(1)])
    let b = artifact(
      [
        "/common": NDArray([1.0]), "/only_b": NDArray([Int32(1), 2], shape: [1, 2]), "/gb/x": NDArray([1.0]),
        "/gb/sub/y": NDArray([2.0]),
      ],
      attributes: ["right": .double(2.5)])
    let d = try diffFiles(a, b)
    #expect(d.hasDifferences)
    #expect(d.onlyInA.map(\.path) == ["/@left", "/only_a", "/ga"])
    #expect(d.onlyInB.map(\.path) == ["/@right", "/only_b", "/gb"])
    #expect(d.onlyInB.first { $0.path == "/gb" }?.detail == "2 datasets, 1 group")
    let lines = d.lines()
    #expect(lines.contains("only in A        dataset /only_a  float32 [1]"), "\(lines)")
    #expect(lines.contains("only in B        dataset /only_b  int32 [1×2]"), "\(lines)")
    #expect(lines.contains("only in B        attribute /@right  2.5"), "\(lines)")
    #expect(lines.contains("only in A        group /ga  1 dataset"), "\(lines)")
  }

  @Test func datasetAttributesOnOneSideAreListed() throws {
    var a = artifact(["/x": NDArray([1.0])])
    a.setAttribute("unit", .string("ms"), at: "/g")
    var b = a
    b.root.datasets["x"]!.attributes["unit"] = .string("s")
    let d = try diffFiles(a, b)
    #expect(d.onlyInB.map(\.path) == ["/x/@unit"])
  }

  /// h5diff calls float32 and float64 with equal values identical.
  @Test func float32AgainstFloat64WithEqualValuesIsADtypeDifference() throws {
    let d = try diffFiles(artifact(["/x": NDArray([Float(0.5), 1.5, -2])]), artifact(["/x": NDArray([0.5, 1.5, -2])]))
    #expect(d.hasDifferences)
    let x = try #require(d.datasets.first)
    #expect(x.dtypeChanged && !x.shapeChanged && !x.valuesDiffer)
    #expect(numbers(d, "/x")?.unequal == 0)
    #expect(d.lines().first == "differs          /x  dtype float32 → float64 [3]: values equal", "\(d.lines())")
    // 0.1 as float32 is not 0.1 as float64: the values differ too, by float32 rounding.
    let e = try diffFiles(artifact(["/x": NDArray([Float(0.1)])]), artifact(["/x": NDArray([0.1])]))
    let c = try #require(numbers(e, "/x"))
    #expect(c.differing == 1 && c.maxRel > 1e-9 && c.maxRel < 1e-7)
    #expect(
      try !diffFiles(artifact(["/x": NDArray([Float(0.1)])]), artifact(["/x": NDArray([0.1])]), tol(0, 1e-7)).datasets[
        0
      ].valuesDiffer)
  }

  @Test func aShapeChangeIsADifferenceAndValuesAreNotCompared() throws {
    let d = try diffFiles(
      artifact(["/x": NDArray([1.0, 2, 3, 4], shape: [2, 2])]), artifact(["/x": NDArray([1.0, 2, 3, 4], shape: [4])]))
    #expect(d.hasDifferences)
    #expect(d.lines().first == "differs          /x  float64 shape [2×2] → [4]: values not compared")
  }

  /// h5diff's relative mode misses differences at tiny magnitudes. Here b (from B) is the
  /// reference: 2e-20 against 1e-20 is a 100 % difference, 1e-20 against 2e-20 a 50 % one.
  @Test func relativeDifferencesAtTinyMagnitudesAreFound() throws {
    let small = artifact(["/x": NDArray([1e-20])]), large = artifact(["/x": NDArray([2e-20])])
    let caught = try diffFiles(large, small, tol(0, 0.5))
    #expect(caught.hasDifferences)
    #expect(numbers(caught, "/x")?.maxRel == 1.0)
    #expect(caught.lines().contains { $0.contains("max rel diff 1 at [0] (2e-20 → 1e-20)") }, "\(caught.lines())")
    let other = try diffFiles(small, large, tol(0, 0.4))
    #expect(other.hasDifferences)
    #expect(numbers(other, "/x")?.maxRel == 0.5)
    #expect(try !diffFiles(small, large, tol(0, 0.5)).hasDifferences)  // on the boundary: |a − b| = rtol·|b|
    // The same in float32 (1e-20 is a normal float).
    let f = try diffFiles(
      artifact(["/x": NDArray([Float(2e-20)])]), artifact(["/x": NDArray([Float(1e-20)])]), tol(1e-30, 0.5))
    #expect(f.hasDifferences)
    #expect(abs((numbers(f, "/x")?.maxRel ?? 0) - 1) < 1e-6)
  }

  /// |a − b| > atol + rtol·|b| with both at once (h5diff takes one or the other). All values
  /// here are exact binary fractions, so the boundary is exact.
  @Test(arguments: [
    (0.25, 0.125, true),  // 0.25 + 0.1875 = 0.4375 < 0.5
    (0.3125, 0.125, false),  // 0.3125 + 0.1875 = 0.5: on the boundary, equal
    (0.3125, 0.0, true),  // atol alone is not enough
    (0.0, 0.125, true),  // rtol alone is not enough
    (0.0, 0.375, false),  // 0.375 · 1.5 = 0.5625
    (0.5, 0.0, false),
  ])
  func bothTolerancesApplyAtOnce(atol: Double, rtol: Double, differs: Bool) throws {
    let d = try diffFiles(
      artifact(["/x": NDArray([1.0, 7.0])]), artifact(["/x": NDArray([1.5, 7.0])]), tol(atol, rtol))
    #expect(d.hasDifferences == differs)
    let c = try #require(numbers(d, "/x"))
    #expect(c.maxAbs == 0.5 && c.maxRel == 0.5 / 1.5 && c.unequal == 1)
    #expect(d.datasets[0].identical == false)
  }

  @Test func nanEqualsNaNUnlessAskedOtherwise() throws {
    let a = artifact(["/x": NDArray([Double.nan, 1, .nan, 3])]), b = artifact(["/x": NDArray([Double.nan, 1, 2, 3])])
    let d = try diffFiles(a, b)
    let c = try #require(numbers(d, "/x"))
    #expect(c.differing == 1 && c.nanMismatches == 1)
    #expect(c.maxAbsAt == nil)  // a NaN pair enters no maximum
    #expect(c.examples.map(\.index) == [2])
    #expect(try !diffFiles(a, a).hasDifferences)
    let strict = try diffFiles(a, a, DiffOptions(nanDiffers: true))
    #expect(numbers(strict, "/x")?.differing == 2)
    // Infinities: equal ones are equal; no tolerance makes a finite value equal to one.
    let inf = try diffFiles(
      artifact(["/x": NDArray([Double.infinity, .infinity, 1])]),
      artifact(["/x": NDArray([Double.infinity, -.infinity, .infinity])]), tol(1, 1))
    #expect(numbers(inf, "/x")?.differing == 2)
  }

  @Test func maximaAndExamplesCarryTheMultiDimensionalIndex() throws {
    let a = NDArray([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
    let b = NDArray([1.0, 2.1, 3, 4, 5, 9], shape: [2, 3])  // rel: 0.1/2.1 at [0,1]; abs 3 at [1,2]
    let d = try diffFiles(artifact(["/m": a]), artifact(["/m": b]))
    let c = try #require(numbers(d, "/m"))
    #expect(c.differing == 2 && c.count == 6)
    #expect(c.maxAbsAt?.index == 5 && c.maxAbs == 3)
    #expect(c.maxRelAt?.index == 5)  // 3/9 > 0.1/2.1
    #expect(unravel(5, shape: [2, 3]) == [1, 2])
    let lines = d.lines()
    #expect(lines.contains { $0.contains("/m  float64 [2×3]: 2 of 6 elements differ") }, "\(lines)")
    #expect(lines.contains { $0.contains("max abs diff 3 at [1, 2] (6 → 9)") }, "\(lines)")
    #expect(lines.contains { $0.hasSuffix("[0, 1]  2 → 2.1") }, "\(lines)")
  }

  @Test func scalarsHaveNoIndex() throws {
    let d = try diffFiles(
      artifact(["/loss": NDArray([0.5], shape: [])]), artifact(["/loss": NDArray([0.75], shape: [])]))
    #expect(
      d.lines().prefix(2) == [
        "differs          /loss  float64 []: 1 of 1 element differs",
        "                   max abs diff 0.25 (0.5 → 0.75); max rel diff 0.333 (0.5 → 0.75)",
      ], "\(d.lines())")
  }

  @Test func integersCompareExactlyBeyondDoublePrecision() throws {
    let big = Int64(1) << 53
    let d = try diffFiles(artifact(["/k": NDArray([big, 5])]), artifact(["/k": NDArray([big + 1, 5])]))
    #expect(numbers(d, "/k")?.differing == 1)
    #expect(numbers(d, "/k")?.maxAbs == 1)
  }

  @Test func attributesAreComparedByValueAndShowOldAndNew() throws {
    var a = artifact(
      ["/x": NDArray([1.0])], attributes: ["neurons": .int(128), "scale": .double(1.0), "task": .string("parity")])
    var b = artifact(
      ["/x": NDArray([1.0])],
      attributes: ["neurons": .int(256), "scale": .double(1.0 + 1e-12), "task": .string("parity")])
    a.root.datasets["x"]!.attributes["unit"] = .string("ms")
    b.root.datasets["x"]!.attributes["unit"] = .string("s")
    let d = try diffFiles(a, b, tol(1e-9, 0))
    #expect(d.hasDifferences)
    let lines = d.lines()
    #expect(lines.contains("differs          /@neurons  128 → 256"), "\(lines)")
    #expect(lines.contains("differs          /x/@unit  \"ms\" → \"s\""), "\(lines)")
    #expect(lines.contains { $0.hasPrefix("within tolerance /@scale") }, "\(lines)")
    #expect(d.attributes.count == 3 && d.attributes.filter(\.differs).count == 2)
    // A type change (int 3 vs double 3) is a difference.
    #expect(
      try diffFiles(artifact([:], attributes: ["n": .int(3)]), artifact([:], attributes: ["n": .double(3)]))
        .hasDifferences)
  }

  /// Provenance says why (parameters key by key, inputs, code version), but is not content.
  @Test func provenanceShowsParameterChangesWithoutMakingContentDiffer() throws {
    func stamped(_ params: String, code: Int, input: String, started: Date) -> Artifact {
      var a = artifact(["/x": NDArray([1.0])])
      Provenance(
        stage: "train/x", kind: "train", codeVersion: code, parameters: params, inputs: ["parent=\(input)"],
        cacheKey: String(repeating: "\(code)", count: 64), seed: 1, toolVersion: "0.1.0", started: started,
        finished: started.addingTimeInterval(2), host: "h"
      ).stamp(&a)
      return a
    }
    let a = stamped(
      #"{"lr":0.1,"neurons":128,"opt":{"name":"adam"}}"#, code: 3, input: "aaaa",
      started: Date(timeIntervalSince1970: 0))
    let b = stamped(
      #"{"lr":0.1,"neurons":256,"opt":{"name":"sgd"},"seed":2}"#, code: 4, input: "bbbb",
      started: Date(timeIntervalSince1970: 60))
    let d = try diffFiles(a, b)
    #expect(!d.hasDifferences)
    let names = d.provenance.map(\.description)
    #expect(names.contains("params.neurons 128 → 256"), "\(names)")
    #expect(names.contains("params.opt.name \"adam\" → \"sgd\""), "\(names)")
    #expect(names.contains("params.seed added: 2"), "\(names)")
    #expect(names.contains("code version 3 → 4"), "\(names)")
    #expect(names.contains("input parent aaaa → bbbb"), "\(names)")
    #expect(!names.contains { $0.hasPrefix("params.lr") })
    #expect(d.provenance.first { $0.name == "started" }?.volatile == true)
    let lines = d.lines()
    #expect(lines.contains("provenance       params.neurons 128 → 256"), "\(lines)")
    #expect(!lines.contains { $0.contains("started") })
    #expect(d.lines(verbose: true).contains { $0.contains("started") })
  }

  @Test func perPathTolerancesTakeGlobsAndTheLastMatchWins() throws {
    let a = artifact([
      "/weights/W_rec": NDArray([1.0]), "/weights/b": NDArray([1.0]), "/loss": NDArray([1.0]),
      "/deep/a/b/c": NDArray([1.0]),
    ])
    let b = artifact([
      "/weights/W_rec": NDArray([1.01]), "/weights/b": NDArray([1.01]), "/loss": NDArray([1.01]),
      "/deep/a/b/c": NDArray([1.01]),
    ])
    let options = DiffOptions(rules: [
      try .parse("/weights/*=0.1,0"), try .parse("weights/b=0,0"), try .parse("/deep/**=0,0.1"),
    ])
    #expect(options.tolerance(for: "/weights/W_rec") == .init(atol: 0.1, rtol: 0))
    #expect(options.tolerance(for: "/weights/b") == .exact)
    #expect(options.tolerance(for: "/deep/a/b/c").rtol == 0.1)
    let d = try diffFiles(a, b, options)
    #expect(d.datasets.filter(\.differs).map(\.path) == ["/loss", "/weights/b"])
    // A group path covers everything below it.
    #expect(DiffOptions(rules: [try .parse("/weights=1,0")]).tolerance(for: "/weights/W_rec").atol == 1)
  }

  @Test(arguments: ["x", "=1,2", "/a=1", "/a=1,2,3", "/a=-1,0", "/a=nan,0", "/a=1,inf", "/a=one,0"])
  func malformedTolerancesAreUsageErrors(_ text: String) {
    #expect(throws: UsageError.self) { try DiffOptions.PathRule.parse(text) }
  }

  @Test func jsonHoldsTheFullStructure() throws {
    let d = try diffFiles(
      artifact(["/x": NDArray([1.0, 2]), "/a": NDArray([1.0])]),
      artifact(["/x": NDArray([1.0, 0]), "/b": NDArray([1.0])]))
    let j = try JSONParser.parse(d.json.canonical)
    #expect(j["differences"] == .bool(true))
    #expect(j["onlyInA"]?.arrayValue?.first?["path"] == .string("/a"))
    let x = try #require(j["datasets"]?.arrayValue?.first)
    #expect(x["values"]?["differing"] == .int(1))
    #expect(x["values"]?["maxRel"] == .string("inf"))  // relative to b = 0
    #expect(x["values"]?["maxAbsAt"]?["index"] == .array([.int(1)]))
  }

  /// The chunked float kernels (skip equal chunks, branch-free pass for dense differences,
  /// element scan otherwise) against a plain loop over the documented rule, on arrays that mix
  /// equal stretches, sparse and dense differences, NaN, infinities and zeros.
  @Test(arguments: [false, true])
  func chunkedKernelsAgreeWithAPlainLoop(nanDiffers: Bool) {
    var state: UInt64 = 12345
    func next() -> Double {  // a fixed sequence (xorshift), so the test is the same every time
      state ^= state << 13; state ^= state >> 7; state ^= state << 17
      return Double(state % 1_000_000) / 1_000_000
    }
    let n = 5 * 4096 + 123
    var a = [Double](repeating: 0, count: n), b = a
    for i in 0..<n {
      a[i] = next() * 10 - 5
      switch i {
      case 0..<4096: b[i] = a[i]  // equal chunk
      case 4096..<8192: b[i] = i % 50 == 0 ? a[i] * 1.001 : a[i]  // sparse
      case 8192..<16384: b[i] = a[i] + (next() - 0.5) * 1e-3  // dense
      default: b[i] = next() < 0.7 ? a[i] * (1 + (next() - 0.5) * 1e-2) : a[i]
      }
    }
    for i in [9000, 9001, 17000, 20000] { a[i] = .nan }
    b[9001] = .nan; b[20000] = .nan
    a[10000] = .infinity; b[10000] = .infinity
    a[10001] = 1; b[10001] = .infinity
    b[12000] = 0; a[12000] = 1e-3
    a[12001] = -0.0; b[12001] = 0
    let tolerance = DiffOptions.Tolerance(atol: 1e-5, rtol: 1e-4)

    var expected = ArrayComparison()
    expected.count = n
    for i in 0..<n {
      let x = a[i], y = b[i]
      if x == y { continue }
      if x.isNaN || y.isNaN {
        if x.isNaN && y.isNaN && !nanDiffers { continue }
        expected.unequal += 1; expected.nanMismatches += 1; expected.differing += 1
        if expected.examples.count < 5 { expected.examples.append(.init(index: i, a: x, b: y)) }
        continue
      }
      expected.unequal += 1
      let d = abs(x - y), m = abs(y)
      if d > expected.maxAbs || expected.maxAbsAt == nil {
        expected.maxAbs = d; expected.maxAbsAt = .init(index: i, a: x, b: y)
      }
      let rel = m == 0 || m.isInfinite ? Double.infinity : d / m
      if rel > expected.maxRel || expected.maxRelAt == nil {
        expected.maxRel = rel; expected.maxRelAt = .init(index: i, a: x, b: y)
      }
      if d > tolerance.atol + tolerance.rtol * m || x.isInfinite || y.isInfinite {
        expected.differing += 1
        if expected.examples.count < 5 { expected.examples.append(.init(index: i, a: x, b: y)) }
      }
    }
    let double = ArrayComparison.compare(
      NDArray(a), NDArray(b), tolerance: tolerance, nanDiffers: nanDiffers, examples: 5)
    #expect(double == expected)
    #expect(double.maxRel == .infinity && double.differing > 1000)
    // Float32: the same rule on the float values.
    let fa = a.map(Float.init), fb = b.map(Float.init)
    let float = ArrayComparison.compare(
      NDArray(fa), NDArray(fb), tolerance: tolerance, nanDiffers: nanDiffers, examples: 5)
    let reference = ArrayComparison.compare(
      NDArray(fa.map(Double.init)), NDArray(fb.map(Double.init)), tolerance: tolerance,
      nanDiffers: nanDiffers, examples: 5)
    #expect(float == reference)
  }
}
