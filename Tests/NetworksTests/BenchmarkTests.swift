import Benchmarks
import Experiments
import Foundation
import Numerics
import Testing

/// Times one training step (forward, BPTT, clip, SGD) at the paper's shapes and the same-run sgemm
/// rate (`StepBenchmark`, as `timescales-bench engine-step`). Runs only with TIMESCALES_BENCH=1, in a
/// release build: `OPENBLAS_CORETYPE=SkylakeX TIMESCALES_BENCH=1 swift test -c release --filter BenchmarkTests`.
/// The comparison with PyTorch is `make benchmark-engine`.
@Suite(.serialized) struct BenchmarkTests {
  @Test(
    .enabled(if: ProcessInfo.processInfo.environment["TIMESCALES_BENCH"] == "1"),
    arguments: [(500, 256, 77, 30), (500, 256, 27, 1), (128, 128, 27, 9), (64, 64, 20, 1)])
  func trainingStep(shape: (Int, Int, Int, Int)) {
    let (H, B, T, K) = shape
    BLAS.threadCount = 1
    let r = StepBenchmark.run(hidden: H, batch: B, time: T, heads: K, steps: H >= 500 ? 5 : 20)
    print(
      String(
        format:
          "BENCH H=%d B=%d T=%d K=%d: %.2f ms/step (min %.2f), %.1f GFLOP/s = %.0f%% of the step's sgemm rate %.1f GFLOP/s",
        H, B, T, K, r.medianSeconds * 1e3, r.minSeconds * 1e3, r.gflops, 100 * r.sgemmFraction, r.sgemmGflops))
  }
}
