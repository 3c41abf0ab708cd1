import Networks
import Numerics

/// The timing of one training step of this engine at one shape, next to the same-run sgemm rate.
public struct StepBenchmarkResult: Sendable {
  public var hidden: Int, batch: Int, time: Int, heads: Int
  /// Timed steps (after the warm-up step).
  public var steps: Int
  /// Median and fastest wall time of one step, in seconds.
  public var medianSeconds: Double, minSeconds: Double
  /// Median CPU time of the thread per step, in seconds (close to `medianSeconds` on an idle machine).
  public var medianCPUSeconds: Double
  /// FLOPs of one step as counted by `StepBenchmark.flops` (GEMMs only).
  public var flopsPerStep: Double
  /// The step's GEMM-equivalent rate at the median time.
  public var gflops: Double { flopsPerStep / medianSeconds / 1e9 }
  /// Same-run single-call sgemm rates of the step's three GEMM shapes (GFLOP/s): forward
  /// (B×H)·(H×H)ᵀ, backward (B×H)·(H×H), and dW^R (T·B×H)ᵀ·(T·B×H).
  public var sgemmForward: Double, sgemmBackward: Double, sgemmWeight: Double
  /// The rate of a step made of those GEMMs alone, each at its measured rate (FLOP-weighted
  /// harmonic mean): the machine's limit for this step.
  public var sgemmGflops: Double { 3 / (1 / sgemmForward + 1 / sgemmBackward + 1 / sgemmWeight) }
  /// `gflops / sgemmGflops`.
  public var sgemmFraction: Double { gflops / sgemmGflops }
}

/// Times one training step (`Trainer.step`: forward, BPTT, mask diag(W^R)'s gradient, clip the
/// global norm at 2, SGD-Nesterov, zero diag(W^R)) on random inputs, with the caller's BLAS thread
/// count. Used by `timescales bench engine-step` and the release-only `BenchmarkTests`.
public enum StepBenchmark {
  /// FLOPs of one step, counting the GEMMs only (element-wise work, the input projection and the
  /// GEMVs are left out): three families of 2·B·H² per time step — the forward recurrence, the
  /// backward recurrence (T−1 calls, counted as T) and dW^R (one T·B-deep GEMM) — plus the
  /// readout's forward, dW and dh (2·B·H·2K each).
  public static func flops(hidden H: Int, batch B: Int, time T: Int, heads K: Int) -> Double {
    let h = Double(H), b = Double(B)
    return 3 * 2 * Double(T) * b * h * h + 3 * 2 * b * h * Double(2 * K)
  }

  /// One warm-up step, then `steps` timed steps (nil: as many as fit in about `budget` seconds,
  /// between 5 and 100), then the sgemm rates of the step's shapes.
  public static func run(hidden H: Int, batch B: Int, time T: Int, heads K: Int, steps: Int? = nil,
                         budget: Double = 3) -> StepBenchmarkResult {
    precondition(H >= 1 && B >= 1 && T >= 1 && K >= 1, "StepBenchmark: H \(H), B \(B), T \(T), K \(K)")
    var rng = RandomStream(seed: 1)
    var net = LeakyRNN(config: LeakyRNNConfig(hidden: H), heads: K, rng: &rng)
    var opt = SGDNesterov(parameterCount: net.layout.count)
    let ws = Workspace(batch: B, maxTime: T, hidden: H, maxHeads: K)
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : 0) }
    let h0 = rng.uniformArray(B * H, 0, 0.1)
    let labels: [Int32] = (0..<(K * B)).map { _ in rng.bernoulli(0.5) ? 1 : 0 }
    var g = [Float](repeating: 0, count: net.layout.count)
    let ranges = net.trainableRanges(activeHeads: 0..<K)
    func step() -> (wall: Double, cpu: Double) {
      let t0 = Clock.now(), c0 = Clock.threadCPU()
      Trainer.step(network: &net, optimizer: &opt, inputs: inputs, time: T, initialState: h0, labels: labels,
                   activeHeads: 0..<K, ranges: ranges, clipNorm: 2, workspace: ws, gradients: &g)
      return (Clock.now() - t0, Clock.threadCPU() - c0)
    }
    let warm = step().wall
    let n = steps ?? min(100, max(5, Int(budget / max(warm, 1e-6))))
    let measured = (0..<n).map { _ in step() }
    let times = measured.map(\.wall).sorted(), cpu = measured.map(\.cpu).sorted()
    // Same-run sgemm rates of the three GEMM shapes of the step (best of several calls each).
    func rate(m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false) -> Double {
      let seconds = 2 * Double(m) * Double(n) * Double(k) / 50e9  // a guess at one call's time
      let repeats = min(50, max(5, Int(0.3 / max(seconds, 1e-7))))
      return BLAS.measureSgemmGFLOPS(m: m, n: n, k: k, transA: transA, transB: transB, repeats: repeats)
    }
    return StepBenchmarkResult(
      hidden: H, batch: B, time: T, heads: K, steps: n, medianSeconds: times[n / 2], minSeconds: times[0],
      medianCPUSeconds: cpu[n / 2],
      flopsPerStep: flops(hidden: H, batch: B, time: T, heads: K),
      sgemmForward: rate(m: B, n: H, k: H, transB: true), sgemmBackward: rate(m: B, n: H, k: H),
      sgemmWeight: rate(m: H, n: H, k: T * B, transA: true))
  }
}
