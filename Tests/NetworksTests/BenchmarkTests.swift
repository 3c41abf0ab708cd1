import Experiments
import Foundation
import Networks
import Numerics
import Tasks
import Testing

/// Times one training step (forward, BPTT, clip, SGD) at the paper's shapes and the same-run sgemm
/// rate. Runs only with TIMESCALES_BENCH=1, in a release build:
/// `OPENBLAS_CORETYPE=SkylakeX TIMESCALES_BENCH=1 swift test -c release --filter BenchmarkTests`
@Suite(.serialized) struct BenchmarkTests {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["TIMESCALES_BENCH"] == "1"),
        arguments: [(500, 256, 77, 30), (500, 256, 27, 1), (128, 128, 27, 9), (64, 64, 20, 1)])
  func trainingStep(shape: (Int, Int, Int, Int)) {
    let (H, B, T, K) = shape
    BLAS.threadCount = 1
    var rng = RandomStream(seed: 1)
    var net = LeakyRNN(config: LeakyRNNConfig(hidden: H), heads: K, rng: &rng)
    var opt = SGDNesterov(parameterCount: net.layout.count)
    let ws = Workspace(batch: B, maxTime: T, hidden: H, maxHeads: K)
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : 0) }
    let h0 = rng.uniformArray(B * H, 0, 0.1)
    let labels: [Int32] = (0..<(K * B)).map { _ in rng.bernoulli(0.5) ? 1 : 0 }
    var g = [Float](repeating: 0, count: net.layout.count)
    let ranges = net.trainableRanges(activeHeads: 0..<K)
    func step() {
      _ = net.lossAndGradients(inputs: inputs, time: T, initialState: h0, labels: labels, activeHeads: 0..<K, workspace: ws, gradients: &g)
      GradientClipping.clipGradNorm(&g, ranges: ranges, maxNorm: 2)
      opt.step(parameters: &net.parameters, gradients: g, ranges: ranges)
      net.zeroRecurrentDiagonal()
    }
    step()
    var times: [Double] = []
    for _ in 0..<(H >= 500 ? 5 : 20) {
      let t0 = Clock.now(); step(); times.append(Clock.now() - t0)
    }
    times.sort()
    let median = times[times.count / 2]
    // FLOPs of the three GEMM families: forward recurrence, backward recurrence, dW^R (2·B·H² each per step).
    let flops = 3 * 2 * Double(T) * Double(B) * Double(H) * Double(H) + 3 * 2 * Double(B) * Double(H) * Double(2 * K)
    let engine = flops / median / 1e9
    let sgemm = BLAS.measureSgemmGFLOPS(m: B, n: H, k: H, repeats: 10)
    print(String(format: "BENCH H=%d B=%d T=%d K=%d: %.2f ms/step (min %.2f), %.1f GFLOP/s = %.0f%% of sgemm (%d×%d)·(%d×%d) %.1f GFLOP/s",
                 H, B, T, K, median * 1e3, times[0] * 1e3, engine, 100 * engine / sgemm, B, H, H, H, sgemm))
  }
}
