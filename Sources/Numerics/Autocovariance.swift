import Foundation

// Trial-averaged autocovariance of many neurons, one trial at a time (SPEC §6, τ_net).
//
// Dimensions: R trials, T time steps, H neurons, L lags.
// A trial is a row-major T × H block of Float (neuron index fastest), as the
// simulation writes it. The accumulator keeps only L × H Doubles and, per worker,
// one FFT plan plus a T × 16 staging block, so a paper-scale run (R = 10,
// T = 100,500, H = 500: 2 GB of states) can be fed one 200 MB trial at a time.

/// Accumulates the unbiased autocovariance of every neuron, and of the summed population
/// activity, over trials fed one at a time; the result is the mean over trials.
///
/// - Formula: for trial r and neuron i, x̃_t = x_{r,t,i} − mean_t(x_{r,·,i});
///   C_i(k) = (1/R) Σ_r (1/d_k) Σ_{t=0}^{T−1−k} x̃_t x̃_{t+k}, k = 0…L−1, d_k = T − k
///   (`.unbiased`, SPEC §6) or T − 1 − k (`.authorsCode`, as the authors' code and numerics.h5),
///   computed by FFT (`RealFFTPlan`) with zero padding to m = `fastFFTLength(atLeast: 2T − 1)`.
///   The population series is P_{r,t} = Σ_i x_{r,t,i} (summed in Double), treated the same way.
/// - Shapes: each trial T × H (time × neurons, row-major); `meanAutocovariance` L × H
///   (lags × neurons, row-major); `meanPopulationAutocovariance` L.
/// - Allocates: at `init` only: per worker one FFT plan (3 buffers of ≈ m floats) and a 16 × T
///   staging block, plus the L × H and L sums. `add` allocates nothing. Peak memory beyond the
///   caller's trial at paper scale (T = 100,500, H = 500, L = 200): about 10 MB per worker.
/// - Reference: SPEC §6; numpy `ac` in `numerics.h5:/timescales/*` (relative error ~1e-6
///   in Float, see NumericsTests).
/// - Threads: `workers` plans run blocks of neurons concurrently; results do not depend
///   on `workers` (each neuron's sum is computed by one worker, trials in order).
public final class AutocovarianceAccumulator {
  /// T: time steps per trial.
  public let timeSteps: Int
  /// H: neurons (columns of a trial).
  public let neurons: Int
  /// L: lags kept, 0…L−1.
  public let lags: Int
  /// The divisor of lag k (n − k by default).
  public let normalization: AutocovarianceNormalization
  /// m: the FFT length used (≥ 2T − 1).
  public let transformLength: Int
  /// R: trials added so far.
  public private(set) var trials = 0

  private var sums: [Double]  // L × H
  private var populationSums: [Double]  // L
  private let plans: [RealFFTPlan]
  private let staging: [UnsafeMutableBufferPointer<Float>]  // per worker, block × T
  private static let block = 16

  /// - Preconditions: T ≥ 2, H ≥ 1, 1 ≤ L ≤ T, workers ≥ 1.
  /// - Parameter workers: FFT plans run concurrently (1 = the calling thread only).
  public init(timeSteps: Int, neurons: Int, lags: Int,
              normalization: AutocovarianceNormalization = .unbiased, workers: Int = 1) {
    precondition(timeSteps >= 2 && neurons >= 1 && lags >= 1 && lags <= normalization.maximumLags(timeSteps) && workers >= 1,
                 "AutocovarianceAccumulator: need T ≥ 2, H ≥ 1, 1 ≤ L ≤ T, workers ≥ 1 (T \(timeSteps), H \(neurons), L \(lags), workers \(workers))")
    self.timeSteps = timeSteps
    self.neurons = neurons
    self.lags = lags
    self.normalization = normalization
    self.transformLength = fastFFTLength(atLeast: 2 * timeSteps - 1)
    let w = min(workers, (neurons + Self.block - 1) / Self.block)
    plans = (0..<max(w, 1)).map { _ in RealFFTPlan(length: fastFFTLength(atLeast: 2 * timeSteps - 1)) }
    staging = (0..<max(w, 1)).map { _ in
      let b = UnsafeMutableBufferPointer<Float>.allocate(capacity: Self.block * timeSteps)
      b.initialize(repeating: 0)
      return b
    }
    sums = [Double](repeating: 0, count: lags * neurons)
    populationSums = [Double](repeating: 0, count: lags)
  }

  deinit { for s in staging { s.deallocate() } }

  /// Adds one trial's autocovariances (every neuron and the population sum) to the sums.
  ///
  /// - Shapes: `trial` T × H (time × neurons, row-major).
  /// - Precondition: `trial.count == T·H`.
  /// - Allocates: no (the population series is summed straight into the first plan's buffer).
  public func add(trial: UnsafeBufferPointer<Float>) {
    let T = timeSteps, H = neurons, L = lags, B = Self.block
    precondition(trial.count == T * H, "AutocovarianceAccumulator.add: trial has \(trial.count) values, expected T·H = \(T)·\(H)")
    let x = trial.baseAddress!
    let blocks = (H + B - 1) / B
    let workers = plans.count
    sums.withUnsafeMutableBufferPointer { sumsBuffer in
      let out = sumsBuffer.baseAddress!
      let work = { (worker: Int) in
        let plan = self.plans[worker]
        let stage = self.staging[worker].baseAddress!
        var blockIndex = worker
        while blockIndex < blocks {
          let i0 = blockIndex * B
          let width = min(B, H - i0)
          // Transpose a T × width column block into width rows of T (row reads are contiguous).
          for t in 0..<T {
            let row = x + t * H + i0
            for j in 0..<width { stage[j * T + t] = row[j] }
          }
          for j in 0..<width {
            plan.input.baseAddress!.update(from: stage + j * T, count: T)
            plan.accumulateAutocovariance(count: T, lags: L, normalization: self.normalization, scale: 1,
                                          into: out + (i0 + j), stride: H)
          }
          blockIndex += workers
        }
      }
      if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
    }
    // Summed population activity, in Double, then one FFT.
    let plan = plans[0]
    let p = plan.input.baseAddress!
    for t in 0..<T {
      let row = x + t * H
      var s = 0.0
      for i in 0..<H { s += Double(row[i]) }
      p[t] = Float(s)
    }
    populationSums.withUnsafeMutableBufferPointer { ps in
      plan.accumulateAutocovariance(count: T, lags: lags, normalization: normalization, scale: 1,
                                    into: ps.baseAddress!, stride: 1)
    }
    trials += 1
  }

  /// Adds one trial given as a flat array (see `add(trial:)` for the layout).
  public func add(trial: [Float]) {
    trial.withUnsafeBufferPointer { add(trial: $0) }
  }

  /// Trial-averaged autocovariance, L × H (lags × neurons, row-major); NaN before any trial.
  public var meanAutocovariance: [Double] {
    let r = Double(trials)
    return sums.map { trials == 0 ? .nan : $0 / r }
  }

  /// Trial-averaged autocovariance of the summed population activity, L values.
  public var meanPopulationAutocovariance: [Double] {
    let r = Double(trials)
    return populationSums.map { trials == 0 ? .nan : $0 / r }
  }

  /// The trial-averaged autocovariance of neuron `i` at lags 0…L−1 (a column of
  /// `meanAutocovariance`).
  public func meanAutocovariance(neuron i: Int) -> [Double] {
    precondition(i >= 0 && i < neurons, "AutocovarianceAccumulator: neuron \(i) out of 0..<\(neurons)")
    let r = Double(trials)
    return (0..<lags).map { sums[$0 * neurons + i] / r }
  }
}

/// Trial-averaged unbiased autocovariance of R series of length T (one neuron), lags 0…L−1.
///
/// - Formula: C(k) = (1/R) Σ_r (1/d_k) Σ_t x̃_{r,t} x̃_{r,t+k}, x̃ = x − its trial mean, d_k = T − k
///   (`.unbiased`) or T − 1 − k (`.authorsCode`, as numerics.h5).
/// - Shapes: `series` R × T (trials × time, row-major); result L.
/// - Preconditions: series.count == R·T, 1 ≤ L ≤ T.
/// - Allocates: one FFT plan and the result.
/// - Reference: numpy `ac` in `numerics.h5:/timescales/*` (SPEC §6).
public func trialAveragedAutocovariance(
  series: [Float], trials R: Int, timeSteps T: Int, lags L: Int,
  normalization: AutocovarianceNormalization = .unbiased
) -> [Double] {
  precondition(series.count == R * T && R >= 1, "trialAveragedAutocovariance: \(series.count) values is not R·T = \(R)·\(T)")
  precondition(L >= 1 && L <= normalization.maximumLags(T), "trialAveragedAutocovariance: lags \(L) must be in 1…\(normalization.maximumLags(T))")
  let plan = RealFFTPlan(length: fastFFTLength(atLeast: 2 * T - 1))
  var out = [Double](repeating: 0, count: L)
  series.withUnsafeBufferPointer { s in
    out.withUnsafeMutableBufferPointer { o in
      for r in 0..<R {
        plan.input.baseAddress!.update(from: s.baseAddress! + r * T, count: T)
        plan.accumulateAutocovariance(count: T, lags: L, normalization: normalization, scale: 1 / Double(R),
                                      into: o.baseAddress!, stride: 1)
      }
    }
  }
  return out
}
