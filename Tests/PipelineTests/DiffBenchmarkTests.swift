import Artifacts
import Diff
import Foundation
import Pipeline
import TestSupport
import Testing

/// Throughput of `diff` on float32 data (target: ≥ 1 GB/s). Runs only with TIMESCALES_BENCH=1,
/// in a release build:
/// `TIMESCALES_BENCH=1 swift test -c release --filter DiffBenchmarkTests`
/// GB/s counts the bytes of one side (n · 4): comparing two 1 GB arrays in one second is 1 GB/s.
@Suite(.serialized) struct DiffBenchmarkTests {
  static let enabled = ProcessInfo.processInfo.environment["TIMESCALES_BENCH"] == "1"

  func best(_ repeats: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
      let t0 = Date()
      body()
      best = min(best, Date().timeIntervalSince(t0))
    }
    return best
  }

  @Test(.enabled(if: enabled), arguments: ["identical", "1 % differ", "all differ"])
  func float32Kernel(_ case: String) {
    let n = 1 << 26  // 256 MB per side
    let a = (0..<n).map { Float($0 % 1000) * 0.001 }
    let b: [Float] =
      switch `case` {
      case "identical": a
      case "1 % differ": a.enumerated().map { $0.offset % 100 == 0 ? $0.element + 1 : $0.element }
      default: a.map { $0 * 1.000001 + 1e-7 }
      }
    let x = NDArray(a), y = NDArray(b)
    var result = ArrayComparison()
    let seconds = best(3) {
      result = ArrayComparison.compare(x, y, tolerance: .init(atol: 1e-9, rtol: 1e-6), nanDiffers: false, examples: 5)
    }
    let gbps = Double(n * 4) / seconds / 1e9
    print(
      String(
        format: "diff kernel, float32, %@: %.2f GB/s (%.0f ms for 2 × 256 MB; %d differing)", `case`, gbps,
        seconds * 1e3, result.differing))
    #expect(gbps >= 1, "below the 1 GB/s target")
  }

  /// Whole artifacts: read both files (chunked, deflate-compressed datasets) and compare.
  @Test(.enabled(if: enabled))
  func float32Files() throws {
    let dir = try Fixtures.temporaryDirectory("diffbench")
    defer { try? FileManager.default.removeItem(at: dir) }
    let n = 1 << 25  // 128 MB per side
    var a = Artifact(), b = Artifact()
    let values: [Float] = (0..<n).map { i in Float(i % 1000) * 0.001 }
    a["/x"] = NDArray(values)
    b["/x"] = NDArray(values.enumerated().map { i, v -> Float in i % 7 == 0 ? v + 0.001 : v })
    let pa = dir.appendingPathComponent("a.h5").path, pb = dir.appendingPathComponent("b.h5").path
    try ArtifactWriter.write(a, to: pa)
    try ArtifactWriter.write(b, to: pb)
    var readSeconds = 0.0
    let seconds = best(3) {
      let t0 = Date()
      let x = try! ArtifactReader.read(pa), y = try! ArtifactReader.read(pb)
      readSeconds = Date().timeIntervalSince(t0)
      _ = ArtifactDiff.compare(x, y)
    }
    print(
      String(
        format: "diff of two files, float32, 128 MB each: %.2f GB/s end to end (%.0f ms, of which reading %.0f ms)",
        Double(n * 4) / seconds / 1e9, seconds * 1e3, readSeconds * 1e3))
  }
}
