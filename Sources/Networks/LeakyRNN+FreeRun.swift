import Layouts
import Numerics

// Free-running recurrence for analyses (no readout, no stored history): one step at a time over a
// batch, with W^R kept transposed so the step's product is a plain (B×H)·(H×H) GEMM.
// Shapes: h B×H (batch-major), inputs B, W^Rᵀ H×H.

/// The recurrence of a `LeakyRNN` (docs/method.md §1.1) stepped one time step at a time, for long free-running
/// simulations (τ_net, dimensionality) whose states are consumed as they are produced.
///
/// Same update as `LeakyRNN.forward` (default or mod form, any φ), but W^R is copied once,
/// transposed, so each step is one non-transposed GEMM: Debian's OpenBLAS packs a transposed
/// 500×500 operand on every call, which at B = 10 made the product about 1.5× slower
/// (34 vs 51 GFLOP/s measured with SkylakeX kernels). Results agree with `forward` to rounding (the
/// two GEMM variants may sum in different orders).
public final class FreeRunner {
  public let batch: Int
  public let hidden: Int
  private let form: RNNForm
  private let nonlinearity: Nonlinearity
  private let wRecT: UnsafeMutablePointer<Float>  // H×H, wRecT[j·H + i] = W^R[i][j]
  private let wIn: UnsafeMutablePointer<Float>  // H
  private let bias: UnsafeMutablePointer<Float>  // H: b^I + b^R
  private let alpha: UnsafeMutablePointer<Float>  // H: 1/τ̃
  private let decay: UnsafeMutablePointer<Float>  // H: 1 − 1/τ̃
  private let drive: UnsafeMutablePointer<Float>  // B×H
  /// When true, `step` adds the wall time of its GEMM to `gemmSeconds` (two clock reads per step).
  public var timesGEMM = false
  /// Wall seconds spent in the GEMM of `step` while `timesGEMM` was set (timing only).
  public private(set) var gemmSeconds = 0.0

  /// Copies what the recurrence needs from `network` (W^R transposed) for batches of `batch`.
  /// - Allocates: H² + 4H + B·H floats, once.
  public init(network: LeakyRNN, batch: Int) {
    precondition(batch >= 1, "FreeRunner: batch \(batch)")
    let H = network.hidden
    self.batch = batch
    hidden = H
    form = network.config.form
    nonlinearity = network.config.nonlinearity
    wRecT = .allocate(capacity: H * H)
    wIn = .allocate(capacity: H); bias = .allocate(capacity: H)
    alpha = .allocate(capacity: H); decay = .allocate(capacity: H)
    drive = .allocate(capacity: batch * H)
    drive.initialize(repeating: 0, count: batch * H)
    let P = network.parameters, L = network.layout
    for i in 0..<H {
      for j in 0..<H { (wRecT + j * H + i).initialize(to: P[L.wRec.lowerBound + i * H + j]) }
      let tc = max(P[L.tau.lowerBound + i], 1)
      (alpha + i).initialize(to: 1 / tc)
      (decay + i).initialize(to: 1 - 1 / tc)
      (wIn + i).initialize(to: P[L.wIn.lowerBound + i])
      (bias + i).initialize(to: P[L.bIn.lowerBound + i] + P[L.bRec.lowerBound + i])
    }
  }

  deinit {
    for p in [wRecT, wIn, bias, alpha, decay, drive] { p.deallocate() }
  }

  /// One step for the first `b` sequences of the batch: h ← update(h, s).
  ///
  /// drive = W^I s + b^I + b^R, then `drive += h·W^Rᵀ` ((b×H)·(H×H) GEMM on the stored transpose),
  /// then h = φ(decay⊙h + alpha⊙drive) (default form) or decay⊙h + alpha⊙φ(drive) (mod form).
  /// - Shapes: `h` b×H (updated in place), `inputs` b.
  /// - Allocates: nothing.
  public func step(_ h: UnsafeMutablePointer<Float>, inputs: UnsafePointer<Float>, count b: Int) {
    precondition(b >= 1 && b <= batch, "FreeRunner.step: \(b) sequences, batch \(batch)")
    let H = hidden
    for r in 0..<b {
      let s = inputs[r], row = drive + r * H
      for i in 0..<H { row[i] = wIn[i] * s + bias[i] }
    }
    // drive += h·W^Rᵀ : (b×H)·(H×H) → b×H
    if timesGEMM {
      let t0 = Clock.now()
      BLAS.sgemm(m: b, n: H, k: H, a: h, lda: H, b: wRecT, ldb: H, beta: 1, c: drive, ldc: H)
      gemmSeconds += Clock.now() - t0
    } else {
      BLAS.sgemm(m: b, n: H, k: H, a: h, lda: H, b: wRecT, ldb: H, beta: 1, c: drive, ldc: H)
    }
    switch nonlinearity {
    case .leakyReLU: update(LeakyReLUActivation.self, h, b)
    case .relu: update(ReLUActivation.self, h, b)
    case .tanh: update(TanhActivation.self, h, b)
    case .sigmoid: update(SigmoidActivation.self, h, b)
    }
  }

  private func update<A: Activation>(_: A.Type, _ h: UnsafeMutablePointer<Float>, _ b: Int) {
    let H = hidden
    if form == .mod {
      for r in 0..<b {
        let o = r * H
        for i in 0..<H { h[o + i] = decay[i] * h[o + i] + alpha[i] * A.f(drive[o + i]) }
      }
    } else {
      for r in 0..<b {
        let o = r * H
        for i in 0..<H { h[o + i] = A.f(decay[i] * h[o + i] + alpha[i] * drive[o + i]) }
      }
    }
  }
}
