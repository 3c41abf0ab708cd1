import CFFTW
import Foundation

// Autocovariance of long series at a few lags by short FFTs over blocks (docs/method.md §6, τ_net).
//
// Dimensions: n samples, L lags kept, S block length (≥ L), F = 2S transform length,
// B = ⌈n/S⌉ blocks, processed C at a time; W series (columns of a row-major panel) at once.
//
// Why blocks: τ_net needs lags 0…199 of series of 100,500 samples. One zero-padded transform of
// m ≥ 2n − 1 (201,600) per series costs two FFTs of m and runs out of cache; cutting the series
// into blocks of S = 256 needs B forward FFTs of 512 and one inverse of 512, all in L1/L2, and gives
// the same linear correlation exactly (no windowing, no approximation) as long as L ≤ S.
// Why panels: the simulation writes time × neuron rows; reading W = 32 neighbouring neurons a chunk
// of rows at a time uses every byte of each cache line it loads, without transposing the trial.

/// Computes r_k = Σ_{t=0}^{n−1−k} x̃_t x̃_{t+k} (x̃ = x − mean) for k < L, for up to W series at once,
/// by block spectra.
///
/// - Formula: cut x̃ into blocks x_b = x̃[bS ..< bS+S] (x̃ := 0 past n) and let X_b be the real FFT of
///   x_b zero-padded to F = 2S. The window y_b = x̃[bS ..< bS+2S] has FFT Y_b = X_b + (−1)^f X_{b+1}
///   (shifting by S = F/2 multiplies bin f by (−1)^f), and for k < S,
///   r_k = Σ_b Σ_{t<S} x_b[t] y_b[t+k] = IDFT_F(Σ_b conj(X_b)·Y_b)_k
///       = IDFT_F(P + (−1)^f Q)_k,  P_f = Σ_b |X_b[f]|²,  Q_f = Σ_b conj(X_b[f]) X_{b+1}[f]:
///   B forward transforms of F and one inverse per series, however long the series.
/// - Precision: FFTs in Float; products summed in Float over ≤ C blocks, then in Double; the mean
///   in Double. Agrees with a direct Double sum to ~1e-7 of r_0 (see NumericsTests).
/// - Reference: the role of numpy's irfft(|rfft(x̃, 2n)|²)[:L] in the authors' `comp_ac_fft` (docs/method.md §6).
public final class BlockedAutocovariancePlan {
  /// n: samples per series.
  public let count: Int
  /// L: lags computed, 0…L−1.
  public let lags: Int
  /// W: the most series one call handles.
  public let width: Int
  /// S: block length (a power of two ≥ max(L, 256)).
  public let blockLength: Int
  /// F = 2S: the length of every transform.
  public var transformLength: Int { 2 * blockLength }
  /// Blocks per series, ⌈n/S⌉.
  public let blocks: Int
  /// C: blocks transformed per FFTW call.
  let chunkBlocks: Int
  private let bins: Int  // S + 1
  private let blockInput: UnsafeMutablePointer<Float>  // C × F
  private let spectra: UnsafeMutablePointer<fftwf_complex>  // C × (S + 1)
  private let previous: UnsafeMutablePointer<Float>  // W × 2(S + 1): last spectrum of the previous chunk
  private let power: UnsafeMutablePointer<Float>  // 2(S + 1): Σ X[j]² over a chunk (re² and im² apart)
  private let cross: UnsafeMutablePointer<Float>  // 2(S + 1): Σ A[j]·X[j] (re·re, im·im)
  private let twisted: UnsafeMutablePointer<Float>  // 2(S + 1): Σ X[j]·A[j^1] (re·im, im·re)
  private let sums: UnsafeMutablePointer<Double>  // W × 3(S + 1): P, Re Q, Im Q per series
  private let means: UnsafeMutablePointer<Double>  // W
  private let inverseInput: UnsafeMutablePointer<fftwf_complex>  // S + 1
  private let inverseOutput: UnsafeMutablePointer<Float>  // F
  private let forward: OpaquePointer
  private let backward: OpaquePointer

  /// The block length used for L lags: the smallest power of two ≥ max(L, 256).
  public static func blockLength(lags L: Int) -> Int {
    var s = 256
    while s < L { s *= 2 }
    return s
  }

  /// Plans for series of `n` samples, `L` lags, up to `width` series per call.
  ///
  /// - Preconditions: n ≥ 1, 1 ≤ L ≤ n, width ≥ 1.
  /// - Allocates: about (6C + 10 + 8W)·S floats (C ≤ 16: ≈ 350 KB at S = 256, W = 32) and two FFTW
  ///   plans (created under the global planner lock, `FFTW_ESTIMATE`: the same plan every run).
  public init(count n: Int, lags L: Int, width: Int = 1) {
    precondition(
      n >= 1 && L >= 1 && L <= n && width >= 1,
      "BlockedAutocovariancePlan: need n ≥ 1, 1 ≤ L ≤ n, width ≥ 1 (n \(n), L \(L), width \(width))")
    count = n
    lags = L
    self.width = width
    let S = Self.blockLength(lags: L), F = 2 * S
    blockLength = S
    blocks = (n + S - 1) / S
    chunkBlocks = min(16, blocks)
    bins = S + 1
    let C = chunkBlocks
    fftwPlannerLock.lock()
    defer { fftwPlannerLock.unlock() }
    blockInput = fftwf_alloc_real(C * F)!
    spectra = fftwf_alloc_complex(C * (S + 1))!
    inverseInput = fftwf_alloc_complex(S + 1)!
    inverseOutput = fftwf_alloc_real(F)!
    var length = Int32(F)
    forward = fftwf_plan_many_dft_r2c(
      1, &length, Int32(C), blockInput, nil, 1, Int32(F),
      spectra, nil, 1, Int32(S + 1), fftwEstimate)!
    backward = fftwf_plan_dft_c2r_1d(Int32(F), inverseInput, inverseOutput, fftwEstimate)!
    func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
      let b = UnsafeMutablePointer<Float>.allocate(capacity: count)
      b.initialize(repeating: 0, count: count)
      return b
    }
    previous = floats(width * 2 * (S + 1))
    power = floats(2 * (S + 1)); cross = floats(2 * (S + 1)); twisted = floats(2 * (S + 1))
    sums = .allocate(capacity: width * 3 * (S + 1))
    sums.initialize(repeating: 0, count: width * 3 * (S + 1))
    means = .allocate(capacity: width)
    means.initialize(repeating: 0, count: width)
  }

  deinit {
    fftwPlannerLock.lock()
    defer { fftwPlannerLock.unlock() }
    fftwf_destroy_plan(forward)
    fftwf_destroy_plan(backward)
    fftwf_free(blockInput); fftwf_free(spectra); fftwf_free(inverseInput); fftwf_free(inverseOutput)
    for b in [previous, power, cross, twisted] { b.deallocate() }
    sums.deallocate()
    means.deallocate()
  }

  /// For each column j < w of the panel, adds `scale · r_k / d_k` to `out[j + k·outStride]`
  /// (k = 0…L−1), where r_k is the autocovariance sum of the n samples `x[t·rowStride + j]` with
  /// their own mean removed, and d_k = n − k (`.unbiased`) or n − 1 − k (`.authorsCode`).
  ///
  /// - Shapes: panel n × w (time × series, row stride `rowStride`); `out` L × w (row stride
  ///   `outStride`); `columnMeans` w, when the caller already has the means (Σ_t x in Double, t in
  ///   order, divided by n: the same bits as computed here), which saves a strided pass over the panel.
  /// - Preconditions: 1 ≤ w ≤ W, L ≤ `normalization.maximumLags(n)`.
  /// - Allocates: no. Not thread-safe: one plan per thread.
  public func accumulate(
    panel x: UnsafePointer<Float>, rowStride: Int, columns w: Int,
    normalization: AutocovarianceNormalization = .unbiased, scale: Double,
    into out: UnsafeMutablePointer<Double>, outStride: Int,
    columnMeans: UnsafePointer<Double>? = nil
  ) {
    let n = count, L = lags, S = blockLength, F = 2 * S, C = chunkBlocks, nb = bins
    precondition(w >= 1 && w <= width, "BlockedAutocovariancePlan: \(w) columns, width \(width)")
    precondition(
      L <= normalization.maximumLags(n),
      "BlockedAutocovariancePlan: lags \(L) must be ≤ \(normalization.maximumLags(n))")
    if let columnMeans {
      means.update(from: columnMeans, count: w)
    } else {
      // Means in Double, one pass over the panel's rows.
      means.update(repeating: 0, count: w)
      for t in 0..<n {
        let row = x + t * rowStride
        for j in 0..<w { means[j] += Double(row[j]) }
      }
      for j in 0..<w { means[j] /= Double(n) }
    }
    sums.update(repeating: 0, count: w * 3 * nb)
    previous.update(repeating: 0, count: w * 2 * nb)

    let spectrum = UnsafeMutableRawPointer(spectra).assumingMemoryBound(to: Float.self)
    var first = 0  // global index of the chunk's first block
    while first < blocks {
      for j in 0..<w {
        // Centred blocks of column j, zero-padded to F (blocks past the end are all zero).
        let mean = means[j]
        for c in 0..<C {
          let dst = blockInput + c * F
          let start = (first + c) * S
          let m = max(0, min(S, n - start))
          var src = x + start * rowStride + j
          for t in 0..<m { dst[t] = Float(Double(src.pointee) - mean); src += rowStride }
          for t in m..<F { dst[t] = 0 }
        }
        fftwf_execute(forward)
        // Σ over the chunk, in Float: |X_b|² and conj(X_{b−1})·X_b (the pair whose second block is b).
        power.update(repeating: 0, count: 2 * nb)
        cross.update(repeating: 0, count: 2 * nb)
        twisted.update(repeating: 0, count: 2 * nb)
        let last = previous + j * 2 * nb
        for c in 0..<C {
          let X = spectrum + c * 2 * nb
          let prev = c == 0 ? UnsafePointer(last) : UnsafePointer(spectrum + (c - 1) * 2 * nb)
          Self.accumulateProducts(X, prev, power, cross, twisted, 2 * nb)
        }
        last.update(from: spectrum + (C - 1) * 2 * nb, count: 2 * nb)
        let p = sums + j * 3 * nb, qRe = p + nb, qIm = p + 2 * nb
        for f in 0..<nb {
          p[f] += Double(power[2 * f]) + Double(power[2 * f + 1])
          qRe[f] += Double(cross[2 * f]) + Double(cross[2 * f + 1])
          // conj(A)·X with A = X_{b−1}: Im = a_re·x_im − a_im·x_re = twisted[2f+1] − twisted[2f].
          qIm[f] += Double(twisted[2 * f + 1]) - Double(twisted[2 * f])
        }
      }
      first += C
    }
    // Per column: C_f = P_f + (−1)^f Q_f, then one inverse FFT (unnormalised: output_k = F · r_k).
    let inv = UnsafeMutableRawPointer(inverseInput).assumingMemoryBound(to: Float.self)
    let factor = scale / Double(F)
    let offset = normalization.denominatorOffset
    for j in 0..<w {
      let p = sums + j * 3 * nb, qRe = p + nb, qIm = p + 2 * nb
      for f in 0..<nb {
        let sign: Double = f & 1 == 0 ? 1 : -1
        inv[2 * f] = Float(p[f] + sign * qRe[f])
        inv[2 * f + 1] = Float(sign * qIm[f])
      }
      fftwf_execute(backward)
      for k in 0..<L {
        out[j + k * outStride] += factor * Double(inverseOutput[k]) / Double(n - k - offset)
      }
    }
  }

  /// One series: adds `scale · r_k / d_k` to `out[k·outStride]` for the n samples
  /// `series[t·seriesStride]` (see `accumulate(panel:…)`).
  public func accumulate(
    series x: UnsafePointer<Float>, seriesStride: Int = 1,
    normalization: AutocovarianceNormalization = .unbiased, scale: Double,
    into out: UnsafeMutablePointer<Double>, outStride: Int
  ) {
    accumulate(
      panel: x, rowStride: seriesStride, columns: 1, normalization: normalization, scale: scale,
      into: out, outStride: outStride)
  }

  /// power[j] += X[j]², cross[j] += A[j]·X[j], twisted[j] += X[j]·A[j^1], over `count` floats
  /// (interleaved complex: j even = real part).
  @inline(__always)
  private static func accumulateProducts(
    _ X: UnsafePointer<Float>, _ A: UnsafePointer<Float>,
    _ power: UnsafeMutablePointer<Float>, _ cross: UnsafeMutablePointer<Float>,
    _ twisted: UnsafeMutablePointer<Float>, _ count: Int
  ) {
    var j = 0
    while j < count {
      let xr = X[j], xi = X[j + 1], ar = A[j], ai = A[j + 1]
      power[j] += xr * xr
      power[j + 1] += xi * xi
      cross[j] += ar * xr
      cross[j + 1] += ai * xi
      twisted[j] += xr * ai
      twisted[j + 1] += xi * ar
      j += 2
    }
  }
}
