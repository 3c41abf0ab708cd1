import Experiments
import Layouts
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
  /// Median CPU time of the thread in the GEMM-only step.
  public var gemmStepCPUSeconds: Double
  /// The same-run sgemm rate of the step's own GEMM shapes: the rate of the GEMM-only step.
  public var sgemmGflops: Double { gemmStepFlops / gemmStepSeconds / 1e9 }
  /// `gflops / sgemmGflops`: the share of the machine's sgemm rate the whole step reaches.
  public var sgemmFraction: Double { gflops / sgemmGflops }
  /// The same share in thread CPU time (GEMM-only step's CPU time ÷ the step's, scaled by their FLOPs):
  /// steadier than the wall-time share when other jobs compete for the cores.
  public var sgemmFractionCPU: Double { flopsPerStep / medianCPUSeconds / (gemmStepFlops / gemmStepCPUSeconds) }
  /// Single-call sgemm rates of the two shapes alone (best of several calls, data in cache), for
  /// reference: the forward recurrence's (B×H)·(H×G·H) and dW's (T·B×G·H)ᵀ·(T·B×H) (G = 1 leaky, 3 GRU, 4 LSTM).
  public var sgemmRecurrent: Double, sgemmWeight: Double
}

/// Times one training step on random inputs, with the caller's BLAS thread count: for the leaky RNN
/// (`cell` nil) `Trainer.step` with forward, BPTT, mask diag(W^R)'s gradient, clip the global norm at
/// 2, SGD-Nesterov, zero diag(W^R); for a GRU/LSTM `Trainer.step` with forward from h_0 = 0, BPTT,
/// clip at 2, Adam (inputs ±1). Used by `timescales-bench engine-step` and the release-only
/// `BenchmarkTests`.
///
/// The sgemm reference is measured in the same run, interleaved with the steps so that both see the
/// same machine load: a GEMM-only step (`GEMMStep`) that makes the step's GEMM calls — same shapes,
/// same order, over buffers of the same sizes — and nothing else.
public enum StepBenchmark {
  /// FLOPs of one step, counting the GEMMs only (element-wise work, the input projection and the
  /// GEMVs are left out): three families of 2·B·H·(G·H) per time step — the forward recurrence, the
  /// backward recurrence (T−1 calls, counted as T) and dW^R / dW_hh (one T·B-deep GEMM) — plus the
  /// readout's forward, dW and dh (2·B·H·2K each). G = 1 for the leaky RNN, 3 (GRU), 4 (LSTM).
  public static func flops(hidden H: Int, batch B: Int, time T: Int, heads K: Int, gates G: Int = 1) -> Double {
    let h = Double(H), b = Double(B)
    return 3 * 2 * Double(T) * b * h * h * Double(G) + 3 * 2 * b * h * Double(2 * K)
  }

  /// One warm-up step, then `steps` timed steps (nil: as many as fit in about `budget` seconds,
  /// between 5 and 100), each followed by a timed GEMM-only step; then the single-call sgemm rates.
  /// `cell` nil: the leaky RNN; otherwise that GRU/LSTM.
  public static func run(
    cell: GatedCell? = nil, hidden H: Int, batch B: Int, time T: Int, heads K: Int,
    steps: Int? = nil, budget: Double = 3
  ) -> StepBenchmarkResult {
    precondition(H >= 1 && B >= 1 && T >= 1 && K >= 1, "StepBenchmark: H \(H), B \(B), T \(T), K \(K)")
    var rng = RandomStream(seed: 1)
    let trainingStep = cell.map { gatedStep($0, H, B, T, K, rng: &rng) } ?? leakyStep(H, B, T, K, rng: &rng)
    let G = cell?.gates ?? 1
    let gemm = GEMMStep(hidden: H, batch: B, time: T, gates: G, rng: &rng)
    func step() -> (wall: Double, cpu: Double) {
      let t0 = Clock.now(), c0 = Clock.threadCPU()
      trainingStep()
      return (Clock.now() - t0, Clock.threadCPU() - c0)
    }
    let warm = step().wall
    gemm.run()
    let n = steps ?? min(100, max(5, Int(budget / max(warm, 1e-6))))
    var times: [Double] = [], cpu: [Double] = [], gemmTimes: [Double] = [], gemmCPU: [Double] = []
    for _ in 0..<n {
      let s = step()
      times.append(s.wall); cpu.append(s.cpu)
      let t0 = Clock.now(), c0 = Clock.threadCPU()
      gemm.run()
      gemmTimes.append(Clock.now() - t0); gemmCPU.append(Clock.threadCPU() - c0)
    }
    times.sort(); cpu.sort(); gemmTimes.sort(); gemmCPU.sort()
    // Single-call rates of the two shapes, for reference (best of several calls each).
    func rate(m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false) -> Double {
      let seconds = 2 * Double(m) * Double(n) * Double(k) / 50e9  // a guess at one call's time
      let repeats = min(50, max(5, Int(0.3 / max(seconds, 1e-7))))
      return BLAS.measureSgemmGFLOPS(m: m, n: n, k: k, transA: transA, transB: transB, repeats: repeats)
    }
    return StepBenchmarkResult(
      hidden: H, batch: B, time: T, heads: K, steps: n, medianSeconds: times[n / 2], minSeconds: times[0],
      medianCPUSeconds: cpu[n / 2], flopsPerStep: flops(hidden: H, batch: B, time: T, heads: K, gates: G),
      gemmStepSeconds: gemmTimes[n / 2], gemmStepFlops: gemm.flops, gemmStepCPUSeconds: gemmCPU[n / 2],
      sgemmRecurrent: rate(m: B, n: G * H, k: H), sgemmWeight: rate(m: G * H, n: H, k: T * B, transA: true))
  }

  /// A leaky RNN's training step on fixed random inputs (binary digits), h_0 and labels.
  private static func leakyStep(_ H: Int, _ B: Int, _ T: Int, _ K: Int, rng: inout RandomStream) -> () -> Void {
    var net = LeakyRNN(config: LeakyRNNConfig(hidden: H), heads: K, rng: &rng)
    var opt = SGDNesterov(parameterCount: net.layout.count)
    let ws = Workspace(batch: B, maxTime: T, hidden: H, maxHeads: K)
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : 0) }
    let h0 = rng.uniformArray(B * H, 0, 0.1)
    let labels: [Int32] = (0..<(K * B)).map { _ in rng.bernoulli(0.5) ? 1 : 0 }
    var g = [Float](repeating: 0, count: net.layout.count)
    let ranges = net.trainableRanges(activeHeads: 0..<K)
    return {
      Trainer.step(
        network: &net, optimizer: &opt, inputs: inputs, time: T, initialState: h0, labels: labels,
        activeHeads: 0..<K, ranges: ranges, clipNorm: 2, workspace: ws, gradients: &g)
    }
  }

  /// A GRU/LSTM's training step (Adam, lr 1e-3) on fixed random ±1 inputs and labels.
  private static func gatedStep(
    _ cell: GatedCell, _ H: Int, _ B: Int, _ T: Int, _ K: Int,
    rng: inout RandomStream
  ) -> () -> Void {
    var net = GatedRNN(cell: cell, hidden: H, heads: K, rng: &rng)
    var opt = Adam(parameterCount: net.layout.count)
    let ws = GatedWorkspace(cell: cell, batch: B, maxTime: T, hidden: H, maxHeads: K)
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : -1) }
    let labels: [Int32] = (0..<(K * B)).map { _ in rng.bernoulli(0.5) ? 1 : 0 }
    var g = [Float](repeating: 0, count: net.layout.count)
    let ranges = net.trainableRanges(activeHeads: 0..<K)
    return {
      Trainer.step(
        network: &net, optimizer: &opt, inputs: inputs, time: T, labels: labels, activeHeads: 0..<K,
        ranges: ranges, clipNorm: 2, workspace: ws, gradients: &g)
    }
  }

  /// The GEMM calls of one training step and nothing else, over buffers shaped like the engine's
  /// workspaces (G = 1 for the leaky RNN's `Workspace`, 3/4 for `GatedWorkspace`):
  /// forward, for t = 1…T, (B×H)·(H×G·H) → B×G·H with the transposed weights stored — the leaky RNN
  /// accumulates into its T·B×H drive buffer (`LeakyRNN.forward`), a gated network writes each step
  /// into one B×G·H buffer (`GatedRNN.forward`);
  /// backward `dh += g_t·W` T times ((B×G·H)·(G·H×H) → B×H), then `dW = Gᵀ·H_prev`
  /// ((T·B×G·H)ᵀ·(T·B×H) → G·H×H).
  final class GEMMStep {
    let H: Int, B: Int, T: Int, G: Int
    var states: [Float], drive: [Float], deltas: [Float], w: [Float], dh: [Float], dw: [Float]
    /// 3·2·T·B·H·G·H, the step's GEMM FLOPs without the readout.
    var flops: Double { 6 * Double(T) * Double(B) * Double(H) * Double(G * H) }

    init(hidden: Int, batch: Int, time: Int, gates: Int = 1, rng: inout RandomStream) {
      H = hidden; B = batch; T = time; G = gates
      states = rng.uniformArray((T + 1) * B * H, 0, 0.1)
      drive = [Float](repeating: 0, count: (G == 1 ? T : 1) * B * G * H)
      deltas = rng.uniformArray(T * B * G * H, -1e-3, 1e-3)
      w = rng.uniformArray(G * H * H, -0.05, 0.05)
      dh = [Float](repeating: 0, count: B * H)
      dw = [Float](repeating: 0, count: G * H * H)
    }

    func run() {
      let H = H, B = B, T = T, BH = B * H, GH = G * H
      // The leaky forward accumulates into drive_t (β = 1); the gated one overwrites one buffer (β = 0).
      let driveStride = G == 1 ? BH : 0, beta: Float = G == 1 ? 1 : 0
      states.withUnsafeBufferPointer { s in
        deltas.withUnsafeBufferPointer { d in
          w.withUnsafeBufferPointer { w in
            drive.withUnsafeMutableBufferPointer { drv in
              dh.withUnsafeMutableBufferPointer { dh in
                dw.withUnsafeMutableBufferPointer { dw in
                  let S = s.baseAddress!, D = d.baseAddress!, W = w.baseAddress!
                  for t in 0..<T {
                    BLAS.sgemm(
                      m: B, n: GH, k: H, a: S + t * BH, lda: H, b: W, ldb: GH, beta: beta,
                      c: drv.baseAddress! + t * driveStride, ldc: GH)
                  }
                  for t in stride(from: T, to: 0, by: -1) {
                    BLAS.sgemm(
                      m: B, n: H, k: GH, a: D + (t - 1) * B * GH, lda: GH, b: W, ldb: H, beta: 1,
                      c: dh.baseAddress!, ldc: H)
                  }
                  BLAS.sgemm(
                    transA: true, m: GH, n: H, k: T * B, a: D, lda: GH, b: S, ldb: H, c: dw.baseAddress!, ldc: H)
                }
              }
            }
          }
        }
      }
      // `drive` and `dh` only accumulate (small values, a few hundred calls at most): no reset,
      // whose memory traffic would count against the reference.
    }
  }
}
