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
  /// Median wall time of the GEMM-only step (`StepBenchmark.GEMMStep`), timed between the steps.
  public var gemmStepSeconds: Double
  /// FLOPs of the GEMM-only step.
  public var gemmStepFlops: Double
  /// The same-run sgemm rate of the step's own GEMM shapes: the rate of the GEMM-only step.
  public var sgemmGflops: Double { gemmStepFlops / gemmStepSeconds / 1e9 }
  /// `gflops / sgemmGflops`: the share of the machine's sgemm rate the whole step reaches.
  public var sgemmFraction: Double { gflops / sgemmGflops }
  /// Single-call sgemm rates of the two shapes alone (best of several calls, data in cache), for
  /// reference: the recurrence's (B×H)·(H×H) (forward and backward) and dW^R's (T·B×H)ᵀ·(T·B×H).
  public var sgemmRecurrent: Double, sgemmWeight: Double
}

/// Times one training step (`Trainer.step`: forward, BPTT, mask diag(W^R)'s gradient, clip the
/// global norm at 2, SGD-Nesterov, zero diag(W^R)) on random inputs, with the caller's BLAS thread
/// count. Used by `timescales bench engine-step` and the release-only `BenchmarkTests`.
///
/// The sgemm reference is measured in the same run, interleaved with the steps so that both see the
/// same machine load: a GEMM-only step (`GEMMStep`) that makes the step's GEMM calls — same shapes,
/// same order, over buffers of the same sizes — and nothing else.
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
  /// between 5 and 100), each followed by a timed GEMM-only step; then the single-call sgemm rates.
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
    let gemm = GEMMStep(hidden: H, batch: B, time: T, rng: &rng)
    func step() -> (wall: Double, cpu: Double) {
      let t0 = Clock.now(), c0 = Clock.threadCPU()
      Trainer.step(network: &net, optimizer: &opt, inputs: inputs, time: T, initialState: h0, labels: labels,
                   activeHeads: 0..<K, ranges: ranges, clipNorm: 2, workspace: ws, gradients: &g)
      return (Clock.now() - t0, Clock.threadCPU() - c0)
    }
    let warm = step().wall
    gemm.run()
    let n = steps ?? min(100, max(5, Int(budget / max(warm, 1e-6))))
    var times: [Double] = [], cpu: [Double] = [], gemmTimes: [Double] = []
    for _ in 0..<n {
      let s = step()
      times.append(s.wall); cpu.append(s.cpu)
      let t0 = Clock.now()
      gemm.run()
      gemmTimes.append(Clock.now() - t0)
    }
    times.sort(); cpu.sort(); gemmTimes.sort()
    // Single-call rates of the three shapes, for reference (best of several calls each).
    func rate(m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false) -> Double {
      let seconds = 2 * Double(m) * Double(n) * Double(k) / 50e9  // a guess at one call's time
      let repeats = min(50, max(5, Int(0.3 / max(seconds, 1e-7))))
      return BLAS.measureSgemmGFLOPS(m: m, n: n, k: k, transA: transA, transB: transB, repeats: repeats)
    }
    return StepBenchmarkResult(
      hidden: H, batch: B, time: T, heads: K, steps: n, medianSeconds: times[n / 2], minSeconds: times[0],
      medianCPUSeconds: cpu[n / 2], flopsPerStep: flops(hidden: H, batch: B, time: T, heads: K),
      gemmStepSeconds: gemmTimes[n / 2], gemmStepFlops: gemm.flops,
      sgemmRecurrent: rate(m: B, n: H, k: H), sgemmWeight: rate(m: H, n: H, k: T * B, transA: true))
  }

  /// The GEMM calls of one training step and nothing else, over buffers shaped like the engine's
  /// `Workspace` (see `LeakyRNN.forward` and the backward pass):
  /// forward `drive_t += h_{t−1}·(W^R)ᵀ` for t = 1…T ((B×H)·(H×H) → B×H with (W^R)ᵀ stored, into a
  /// T·B×H buffer),
  /// backward `dh += g_t·W` T times ((B×H)·(H×H) → B×H), then `dW = Gᵀ·H_prev` ((T·B×H)ᵀ·(T·B×H) → H×H).
  final class GEMMStep {
    let H: Int, B: Int, T: Int
    var states: [Float], drive: [Float], deltas: [Float], w: [Float], dh: [Float], dw: [Float]
    /// 3·2·T·B·H², the step's GEMM FLOPs without the readout.
    var flops: Double { 6 * Double(T) * Double(B) * Double(H) * Double(H) }

    init(hidden: Int, batch: Int, time: Int, rng: inout RandomStream) {
      H = hidden; B = batch; T = time
      states = rng.uniformArray((T + 1) * B * H, 0, 0.1)
      drive = [Float](repeating: 0, count: T * B * H)
      deltas = rng.uniformArray(T * B * H, -1e-3, 1e-3)
      w = rng.uniformArray(H * H, -0.05, 0.05)
      dh = [Float](repeating: 0, count: B * H)
      dw = [Float](repeating: 0, count: H * H)
    }

    func run() {
      let H = H, B = B, T = T, BH = B * H
      states.withUnsafeBufferPointer { s in deltas.withUnsafeBufferPointer { d in w.withUnsafeBufferPointer { w in
        drive.withUnsafeMutableBufferPointer { drv in dh.withUnsafeMutableBufferPointer { dh in
          dw.withUnsafeMutableBufferPointer { dw in
            let S = s.baseAddress!, D = d.baseAddress!, W = w.baseAddress!
            for t in 0..<T {
              BLAS.sgemm(m: B, n: H, k: H, a: S + t * BH, lda: H, b: W, ldb: H, beta: 1,
                         c: drv.baseAddress! + t * BH, ldc: H)
            }
            for t in stride(from: T, to: 0, by: -1) {
              BLAS.sgemm(m: B, n: H, k: H, a: D + (t - 1) * BH, lda: H, b: W, ldb: H, beta: 1, c: dh.baseAddress!, ldc: H)
            }
            BLAS.sgemm(transA: true, m: H, n: H, k: T * B, a: D, lda: H, b: S, ldb: H, c: dw.baseAddress!, ldc: H)
          }
        } }
      } } }
      // `drive` and `dh` only accumulate (small values, a few hundred calls at most): no reset,
      // whose memory traffic would count against the reference.
    }
  }
}
