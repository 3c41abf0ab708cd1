import Foundation

// Trial-averaged autocovariance of many neurons, one trial at a time (docs/method.md §6, τ_net).
//
// Dimensions: R trials, T time steps, H neurons, L lags.
// A trial is a row-major T × H block of Float (neuron index fastest), as the
// simulation writes it. The accumulator keeps only L × H Doubles and, per worker,
// one blocked-FFT plan that reads 32-neuron panels in place, so a paper-scale run (R = 10,
// T = 100,500, H = 500: 2 GB of states) can be fed one 200 MB trial at a time.

/// Accumulates the unbiased autocovariance of every neuron, and of the summed population
/// activity, over trials fed one at a time; the result is the mean over trials.
///
/// - Formula: for trial r and neuron i, x̃_t = x_{r,t,i} − mean_t(x_{r,·,i});
///   C_i(k) = (1/R) Σ_r (1/d_k) Σ_{t=0}^{T−1−k} x̃_t x̃_{t+k}, k = 0…L−1, d_k = T − k
///   (`.unbiased`, docs/method.md §6) or T − 1 − k (`.authorsCode`, as the authors' code and numerics.h5),
///   computed by short FFTs over blocks of the series (`BlockedAutocovariancePlan`: exact, the same
///   linear correlation as one zero-padded transform of length ≥ 2T − 1).
///   The population series is P_{r,t} = Σ_i x_{r,t,i} (summed in Double), treated the same way.
/// - Shapes: each trial T × H (time × neurons, row-major); `meanAutocovariance` L × H
///   (lags × neurons, row-major); `meanPopulationAutocovariance` L.
/// - Allocates: at `init` only: per worker one blocked-FFT plan for panels of 32 neurons
///   (≈ 350 KB), a T-float population buffer, H means, and the L × H and L sums. `add` allocates
///   nothing. Peak memory beyond the caller's trial at paper scale (T = 100,500, H = 500, L = 200):
///   about 2 MB per worker.
/// - Reference: docs/method.md §6; numpy `ac` in `numerics.h5:/timescales/*` (relative error ~1e-6
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
  /// The length of the block transforms (2S, S ≥ L; see `BlockedAutocovariancePlan`).
  public let transformLength: Int
  /// R: trials added so far.
  public private(set) var trials = 0

  private var sums: [Double]  // L × H
  private var populationSums: [Double]  // L
  private let plans: [BlockedAutocovariancePlan]  // per worker, panels of 32 neurons
  private let population: UnsafeMutablePointer<Float>  // T: the summed activity of one trial
  private let columnMeans: UnsafeMutablePointer<Double>  // H: each neuron's mean over one trial
  /// Neurons per panel: 32 floats = two cache lines of each row, the pair the adjacent-line prefetcher
  /// fetches together (16 left the second line to be fetched again a panel later; measured about 15 %
  /// faster at the paper's scale).
  private static let block = 32

  /// - Preconditions: T ≥ 2, H ≥ 1, 1 ≤ L ≤ T, workers ≥ 1.
  /// - Parameter workers: FFT plans run concurrently (1 = the calling thread only).
  public init(
    timeSteps: Int, neurons: Int, lags: Int,
    normalization: AutocovarianceNormalization = .unbiased, workers: Int = 1
  ) {
    precondition(
      timeSteps >= 2 && neurons >= 1 && lags >= 1 && lags <= normalization.maximumLags(timeSteps) && workers >= 1,
      "AutocovarianceAccumulator: need T ≥ 2, H ≥ 1, 1 ≤ L ≤ T, workers ≥ 1 (T \(timeSteps), H \(neurons), L \(lags), workers \(workers))"
    )
    self.timeSteps = timeSteps
    self.neurons = neurons
    self.lags = lags
    self.normalization = normalization
    let w = min(workers, (neurons + Self.block - 1) / Self.block)
    plans = (0..<max(w, 1)).map { _ in BlockedAutocovariancePlan(count: timeSteps, lags: lags, width: Self.block) }
    self.transformLength = plans[0].transformLength
    population = .allocate(capacity: timeSteps)
    population.initialize(repeating: 0, count: timeSteps)
    columnMeans = .allocate(capacity: neurons)
    columnMeans.initialize(repeating: 0, count: neurons)
    sums = [Double](repeating: 0, count: lags * neurons)
    populationSums = [Double](repeating: 0, count: lags)
  }

  deinit {
    population.deallocate()
    columnMeans.deallocate()
  }

  /// Adds one trial's autocovariances (every neuron and the population sum) to the sums.
  ///
  /// - Shapes: `trial` T × H (time × neurons, row-major).
  /// - Precondition: `trial.count == T·H`.
  /// - Allocates: no.
  public func add(trial: UnsafeBufferPointer<Float>) {
    let T = timeSteps, H = neurons, B = Self.block
    precondition(
      trial.count == T * H, "AutocovarianceAccumulator.add: trial has \(trial.count) values, expected T·H = \(T)·\(H)")
    let x = trial.baseAddress!
    let blocks = (H + B - 1) / B
    let workers = plans.count
    // One sequential pass: the summed population activity and every neuron's mean, in Double.
    let means = columnMeans
    means.update(repeating: 0, count: H)
    for t in 0..<T {
      let row = x + t * H
      var s = 0.0
      for i in 0..<H {
        let v = Double(row[i])
        s += v
        means[i] += v
      }
      population[t] = Float(s)
    }
    for i in 0..<H { means[i] /= Double(T) }
    sums.withUnsafeMutableBufferPointer { sumsBuffer in
      let out = sumsBuffer.baseAddress!
      let work = { (worker: Int) in
        let plan = self.plans[worker]
        var blockIndex = worker
        while blockIndex < blocks {
          // Neurons i0 ..< i0 + width: a T × width panel of the trial, read in place.
          let i0 = blockIndex * B
          plan.accumulate(
            panel: x + i0, rowStride: H, columns: min(B, H - i0), normalization: self.normalization,
            scale: 1, into: out + i0, outStride: H, columnMeans: means + i0)
          blockIndex += workers
        }
      }
      if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
    }
    // The population series, through the same blocked transform.
    populationSums.withUnsafeMutableBufferPointer { ps in
      plans[0].accumulate(
        series: population, normalization: normalization, scale: 1, into: ps.baseAddress!, outStride: 1)
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
/// - Allocates: one blocked-FFT plan and the result.
/// - Reference: numpy `ac` in `numerics.h5:/timescales/*` (docs/method.md §6).
public func trialAveragedAutocovariance(
  series: [Float], trials R: Int, timeSteps T: Int, lags L: Int,
  normalization: AutocovarianceNormalization = .unbiased
) -> [Double] {
  precondition(
    series.count == R * T && R >= 1, "trialAveragedAutocovariance: \(series.count) values is not R·T = \(R)·\(T)")
  precondition(
    L >= 1 && L <= normalization.maximumLags(T),
    "trialAveragedAutocovariance: lags \(L) must be in 1…\(normalization.maximumLags(T))")
  let plan = BlockedAutocovariancePlan(count: T, lags: L)
  var out = [Double](repeating: 0, count: L)
  series.withUnsafeBufferPointer { s in
    out.withUnsafeMutableBufferPointer { o in
      for r in 0..<R {
        plan.accumulate(
          series: s.baseAddress! + r * T, normalization: normalization, scale: 1 / Double(R),
          into: o.baseAddress!, outStride: 1)
      }
    }
  }
  return out
}
