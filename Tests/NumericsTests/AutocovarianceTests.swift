import Artifacts
import Numerics
import TestSupport
import Testing

/// Direct O(n·L) autocovariance in Double: the definition the FFT must reproduce.
private func directAutocovariance(_ x: [Double], lags: Int, offset: Int) -> [Double] {
  let n = x.count
  let mean = x.reduce(0, +) / Double(n)
  let c = x.map { $0 - mean }
  return (0..<lags).map { k in
    var s = 0.0
    for t in 0..<(n - k) { s += c[t] * c[t + k] }
    return s / Double(n - k - offset)
  }
}

/// A deterministic pseudo-random sequence in [0, 1) (SplitMix64), for test inputs only.
struct TestRandom {
  var state: UInt64
  mutating func next() -> Double {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) / Double(1 << 53)
  }
}

@Suite struct AutocovarianceTests {
  @Test func fastLengthsAreSmooth() {
    #expect(fastFFTLength(atLeast: 1) == 1)
    #expect(fastFFTLength(atLeast: 11) == 12)
    #expect(fastFFTLength(atLeast: 13) == 14)
    #expect(fastFFTLength(atLeast: 39_999) == 40_000)
    // Paper scale: 2·100,500 − 1 = 200,999 → 201,600 = 2^6·3^2·5^2·7^2... check the value is smooth and ≥ n.
    let m = fastFFTLength(atLeast: 200_999)
    var r = m
    for p in [2, 3, 5, 7] { while r % p == 0 { r /= p } }
    #expect(m >= 200_999 && r == 1 && m < 205_000, "fast length \(m)")
  }

  @Test(arguments: ["ar1_tau4.5", "two_timescales"])
  func matchesNumpyReference(group: String) throws {
    let artifact = try Fixtures.numerics()
    let series = try #require(artifact["/timescales/\(group)/series"])
    let expected = try #require(artifact["/timescales/\(group)/ac"]).doubles
    let (R, T) = (series.shape[0], series.shape[1])
    let ac = trialAveragedAutocovariance(
      series: series.floats, trials: R, timeSteps: T,
      lags: expected.count, normalization: .authorsCode)
    // Relative to AC[0] over all 200 lags (large lags are noise near zero, where a per-element
    // relative error measures only Float rounding of a value ~1e-5·AC[0]).
    let scaled = maxAbsoluteError(ac, expected)
    let scaledError = scaled.error / expected[0]
    #expect(scaledError < 1e-6, "\(group): max |Δ|/AC[0] = \(scaledError) at lag \(scaled.index)")
    // Element-wise relative on the fit lags 0…30.
    let fit = maxRelativeError(Array(ac[0...30]), Array(expected[0...30]))
    #expect(fit.error < 1e-5, "\(group): max relative error on lags 0…30 = \(fit.error) at lag \(fit.index)")
    let all = maxRelativeError(ac, expected)
    print(
      "\(group): max |Δ|/AC[0] \(scaledError) (lag \(scaled.index)); lags 0…30 rel \(fit.error) (lag \(fit.index)); all lags rel \(all.error) (lag \(all.index))"
    )
  }

  @Test func unbiasedNormalisationMatchesDirectSum() {
    var rng = TestRandom(state: 7)
    let (R, T, L) = (3, 257, 40)
    var series = [Float]()
    for _ in 0..<R {
      var v = 0.0
      for _ in 0..<T { v = 0.8 * v + rng.next(); series.append(Float(v)) }
    }
    for (normalization, offset) in [(AutocovarianceNormalization.unbiased, 0), (.authorsCode, 1)] {
      var expected = [Double](repeating: 0, count: L)
      for r in 0..<R {
        let d = directAutocovariance(series[(r * T)..<((r + 1) * T)].map(Double.init), lags: L, offset: offset)
        for k in 0..<L { expected[k] += d[k] / Double(R) }
      }
      let ac = trialAveragedAutocovariance(
        series: series, trials: R, timeSteps: T, lags: L, normalization: normalization)
      let e = maxAbsoluteError(ac, expected)
      #expect(
        e.error / expected[0] < 1e-6, "\(normalization): max |Δ|/AC[0] = \(e.error / expected[0]) at lag \(e.index)")
    }
  }

  /// The blocked transform over many chunks of blocks (n = 20,011: 79 blocks of 256, a partial last
  /// block and a partial last chunk) and with L > 256 (blocks of 512), strided input, against the
  /// direct Double sum.
  @Test(arguments: [(20_011, 200), (3_000, 300), (40, 7)])
  func blockedPlanMatchesDirectSum(n: Int, lags L: Int) {
    var rng = TestRandom(state: 5)
    var v = 0.0
    var series = [Float]()
    for _ in 0..<n { v = 0.95 * v + rng.next() - 0.5; series.append(Float(v)); series.append(-1) }  // stride 2
    let plan = BlockedAutocovariancePlan(count: n, lags: L)
    #expect(plan.blockLength >= L && plan.blocks == (n + plan.blockLength - 1) / plan.blockLength)
    var out = [Double](repeating: 0, count: L)
    series.withUnsafeBufferPointer { s in
      out.withUnsafeMutableBufferPointer { o in
        plan.accumulate(series: s.baseAddress!, seriesStride: 2, scale: 1, into: o.baseAddress!, outStride: 1)
        // The plan is reusable.
        plan.accumulate(series: s.baseAddress!, seriesStride: 2, scale: 2, into: o.baseAddress!, outStride: 1)
      }
    }
    let expected = directAutocovariance(
      stride(from: 0, to: 2 * n, by: 2).map { Double(series[$0]) }, lags: L, offset: 0
    ).map { 3 * $0 }
    let e = maxAbsoluteError(out, expected)
    #expect(e.error / expected[0] < 1e-6, "n \(n), L \(L): max |Δ|/AC[0] = \(e.error / expected[0]) at lag \(e.index)")
  }

  @Test func accumulatorMatchesPerNeuronAndPopulation() {
    var rng = TestRandom(state: 11)
    let (R, T, H, L) = (2, 300, 37, 25)  // 37 neurons: a full panel of 32 and a partial one
    var trials = [[Float]]()
    for _ in 0..<R {
      var trial = [Float](repeating: 0, count: T * H)
      var h = [Double](repeating: 0, count: H)
      for t in 0..<T {
        for i in 0..<H {
          h[i] = (0.5 + 0.4 * Double(i) / Double(H)) * h[i] + rng.next()
          trial[t * H + i] = Float(h[i])
        }
      }
      trials.append(trial)
    }
    let one = AutocovarianceAccumulator(timeSteps: T, neurons: H, lags: L)
    let two = AutocovarianceAccumulator(timeSteps: T, neurons: H, lags: L, workers: 2)
    for trial in trials { one.add(trial: trial); two.add(trial: trial) }
    #expect(one.trials == R)
    #expect(one.meanAutocovariance == two.meanAutocovariance, "results must not depend on the worker count")
    #expect(one.meanPopulationAutocovariance == two.meanPopulationAutocovariance)

    let mean = one.meanAutocovariance
    for i in [0, 15, 31, 32, 36] {
      var expected = [Double](repeating: 0, count: L)
      for trial in trials {
        let d = directAutocovariance((0..<T).map { Double(trial[$0 * H + i]) }, lags: L, offset: 0)
        for k in 0..<L { expected[k] += d[k] / Double(R) }
      }
      let column = (0..<L).map { mean[$0 * H + i] }
      #expect(column == one.meanAutocovariance(neuron: i))
      let e = maxAbsoluteError(column, expected)
      #expect(e.error / expected[0] < 1e-6, "neuron \(i): max |Δ|/AC[0] = \(e.error / expected[0]) at lag \(e.index)")
    }
    var expectedPopulation = [Double](repeating: 0, count: L)
    for trial in trials {
      let p = (0..<T).map { t in (0..<H).reduce(0.0) { $0 + Double(trial[t * H + $1]) } }
      let d = directAutocovariance(p, lags: L, offset: 0)
      for k in 0..<L { expectedPopulation[k] += d[k] / Double(R) }
    }
    let e = maxAbsoluteError(one.meanPopulationAutocovariance, expectedPopulation)
    #expect(
      e.error / expectedPopulation[0] < 1e-6,
      "population: max |Δ|/AC[0] = \(e.error / expectedPopulation[0]) at lag \(e.index)")
  }
}
