import CFFTW
import Foundation

// Real-to-complex FFT plans (FFTW, single precision) for zero-padded correlation.
//
// FFTW's planner keeps global state and is not thread-safe: every plan is created
// and destroyed under `fftwPlannerLock`. Executing different plans on different
// threads at the same time is safe (fftwf_execute is re-entrant for distinct plans).

/// Serialises FFTW plan creation and destruction (FFTW's planner is not thread-safe).
let fftwPlannerLock = NSLock()

/// `FFTW_ESTIMATE` (`1U << 6` in fftw3.h). Estimate mode picks the algorithm from the
/// length alone, without timing trial runs, so a given length always gets the same
/// plan on a given CPU and the results are reproducible run to run.
let fftwEstimate: UInt32 = 1 << 6

/// The smallest integer m ≥ `n` of the form 2^a·3^b·5^c·7^d (a "fast" FFTW length).
///
/// - Formula: m = min { 2^a 3^b 5^c 7^d : 2^a 3^b 5^c 7^d ≥ n }.
/// - Precondition: n ≥ 1.
/// - Allocates: no.
/// - Reference: the role of `scipy.fft.next_fast_len` (which also allows 11); a linear
///   correlation of length-n series needs m ≥ 2n − 1, and any such m gives the same
///   result as padding to 2n (docs/method.md §6).
public func fastFFTLength(atLeast n: Int) -> Int {
  precondition(n >= 1, "fastFFTLength: n must be ≥ 1, got \(n)")
  var best = Int.max
  var p7 = 1
  while p7 < best {
    var p5 = p7
    while p5 < best {
      var p3 = p5
      while p3 < best {
        var p2 = p3
        while p2 < n { p2 *= 2 }
        if p2 < best { best = p2 }
        if p3 >= n { break }
        p3 *= 3
      }
      if p5 >= n { break }
      p5 *= 5
    }
    if p7 >= n { break }
    p7 *= 7
  }
  return best
}

/// A pair of FFTW single-precision plans (real-to-complex forward, complex-to-real
/// backward) of one length, with their own aligned buffers, computing the linear
/// autocovariance of a zero-padded series.
///
/// Create one plan per worker thread and reuse it for many series: creation takes the
/// global planner lock, execution does not. One instance must not be used by two
/// threads at once (its buffers are shared between calls).
///
/// - Reference: `numpy.fft.rfft` / `irfft` of the zero-padded series (docs/method.md §6).
public final class RealFFTPlan {
  /// The transform length m (number of real samples, padding included).
  public let length: Int
  /// m real samples: the caller writes a series into the first n of them.
  public let input: UnsafeMutableBufferPointer<Float>
  private let spectrum: UnsafeMutablePointer<fftwf_complex>
  private let output: UnsafeMutablePointer<Float>
  private let forward: OpaquePointer
  private let backward: OpaquePointer

  /// Plans transforms of length `length` (use `fastFFTLength(atLeast: 2n − 1)`).
  ///
  /// - Precondition: length ≥ 2.
  /// - Allocates: 2 real buffers of m floats and one complex buffer of m/2 + 1 values.
  public init(length: Int) {
    precondition(length >= 2, "RealFFTPlan: length must be ≥ 2, got \(length)")
    self.length = length
    let bins = length / 2 + 1
    fftwPlannerLock.lock()
    defer { fftwPlannerLock.unlock() }
    let inputPointer = fftwf_alloc_real(length)!
    input = UnsafeMutableBufferPointer(start: inputPointer, count: length)
    spectrum = fftwf_alloc_complex(bins)!
    output = fftwf_alloc_real(length)!
    forward = fftwf_plan_dft_r2c_1d(Int32(length), inputPointer, spectrum, fftwEstimate)!
    backward = fftwf_plan_dft_c2r_1d(Int32(length), spectrum, output, fftwEstimate)!
  }

  deinit {
    fftwPlannerLock.lock()
    defer { fftwPlannerLock.unlock() }
    fftwf_destroy_plan(forward)
    fftwf_destroy_plan(backward)
    fftwf_free(input.baseAddress)
    fftwf_free(spectrum)
    fftwf_free(output)
  }

  /// Unbiased autocovariance of the series the caller wrote into `input[0..<n]`, with its
  /// own mean removed, at lags 0…L−1.
  ///
  /// - Formula: x̃_t = x_t − x̄ (x̄ in Double); r_k = Σ_{t=0}^{n−1−k} x̃_t x̃_{t+k} computed as
  ///   irfft(|rfft(x̃ padded to m)|²)_k, then `out[k·stride] += scale · r_k / d_k` with
  ///   d_k = n − k (`.unbiased`) or n − 1 − k (`.authorsCode`).
  ///   Zero padding to m ≥ 2n − 1 makes the circular correlation equal the linear one.
  /// - Shapes: `input` n (time) then zero padding to m; `out` L (lags), strided.
  /// - Preconditions: 2n − 1 ≤ m, 1 ≤ L ≤ n (≤ n − 1 for `.authorsCode`).
  /// - Allocates: no. Overwrites `input` (mean removed, padding zeroed).
  /// - Reference: numpy `ac` in `numerics.h5:/timescales/*` (mean over trials of
  ///   irfft(|rfft(x − mean, 2n)|²)[:L] / (n − k)).
  public func accumulateAutocovariance(
    count n: Int, lags: Int, normalization: AutocovarianceNormalization = .unbiased,
    scale: Double, into out: UnsafeMutablePointer<Double>, stride: Int
  ) {
    precondition(2 * n - 1 <= length, "RealFFTPlan: series of \(n) needs length ≥ \(2 * n - 1), plan has \(length)")
    precondition(
      lags >= 1 && lags <= normalization.maximumLags(n),
      "RealFFTPlan: lags \(lags) must be in 1…\(normalization.maximumLags(n))")
    let x = input.baseAddress!
    // Mean in Double (two partial sums keep the dependency chain short).
    var s0 = 0.0, s1 = 0.0
    var t = 0
    while t + 1 < n { s0 += Double(x[t]); s1 += Double(x[t + 1]); t += 2 }
    if t < n { s0 += Double(x[t]) }
    let mean = (s0 + s1) / Double(n)
    for t in 0..<n { x[t] = Float(Double(x[t]) - mean) }
    for t in n..<length { x[t] = 0 }
    fftwf_execute(forward)
    // Power spectrum |X_j|², squared in Double and rounded once.
    let bins = length / 2 + 1
    let raw = UnsafeMutableRawPointer(spectrum).assumingMemoryBound(to: Float.self)
    for j in 0..<bins {
      let re = Double(raw[2 * j]), im = Double(raw[2 * j + 1])
      raw[2 * j] = Float(re * re + im * im)
      raw[2 * j + 1] = 0
    }
    fftwf_execute(backward)  // unnormalised: output_k = m · r_k
    let factor = scale / Double(length)
    let offset = normalization.denominatorOffset
    for k in 0..<lags {
      out[k * stride] += factor * Double(output[k]) / Double(n - k - offset)
    }
  }
}

/// The divisor of lag k in an autocovariance of n samples.
public enum AutocovarianceNormalization: Sendable, Equatable {
  /// d_k = n − k: the number of products summed, the unbiased estimator (docs/method.md §6).
  case unbiased
  /// d_k = n − 1 − k: what the authors' `comp_ac_fft` does (`np.arange(1, n)[::-1]`) and what
  /// `numerics.h5:/timescales/*/ac` stores. Differs from `.unbiased` by a factor 1 + 1/(n − 1 − k)
  /// (5e-5 at n = 20,000; 1e-5 at n = 100,000); AC/AC[0] and hence τ_net barely change.
  case authorsCode

  var denominatorOffset: Int { self == .unbiased ? 0 : 1 }
  /// The most lags a series of n samples allows.
  public func maximumLags(_ n: Int) -> Int { n - denominatorOffset }
}
