import Foundation

/// A seeded, splittable pseudo-random stream: xoshiro256** seeded through SplitMix64.
///
/// Algorithm
/// - A stream has a 64-bit **key** (its identity) and a 256-bit xoshiro256** **state**.
/// - `RandomStream(seed:)` sets key = seed and fills the state with four successive outputs of
///   SplitMix64 started at the key (Vigna's recommended seeding; never all zero).
/// - `derive(_ label:)` / `split(_ index:)` make a child stream whose key is
///   `mix64(key ⊕ FNV-1a-64(label))`, seeded the same way. A child depends only on the parent's
///   key and the label, never on how many numbers the parent has drawn, so every stage, level,
///   epoch or trial can name its own stream ("train" / level 7 / epoch 12) and results never
///   depend on the order in which work is scheduled or on the thread count.
/// - `next()` is xoshiro256** 1.0 (Blackman & Vigna 2018): `rotl(s1·5, 7)·9`, then the state step.
///
/// Derived values (all from `next()`, fixed formulas, so bit-identical on every machine):
/// - `uniform()`: Float in [0, 1) = (next >> 40) · 2⁻²⁴ (every Float multiple of 2⁻²⁴).
/// - `uniformDouble()`: Double in [0, 1) = (next >> 11) · 2⁻⁵³.
/// - `bernoulli(p)`: `uniform() < p`.
/// - `normal()`: Box–Muller in Double from two `uniformDouble()` draws (one value per call).
/// - `integer(in:)`: unbiased (rejection) integer in a closed range.
///
/// The state is a plain value (`Codable`, `words`), so a stream can be stored in a checkpoint
/// and resumed exactly.
public struct RandomStream: Codable, Hashable, Sendable {
  /// The stream's identity, from which children are derived.
  public private(set) var key: UInt64
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  /// A root stream for `seed`.
  public init(seed: UInt64) {
    key = seed
    var sm = seed
    s0 = Self.splitMix64(&sm); s1 = Self.splitMix64(&sm)
    s2 = Self.splitMix64(&sm); s3 = Self.splitMix64(&sm)
  }

  /// Restores a stream from `words` (key, s0, s1, s2, s3), as returned by `words`.
  public init(words: [UInt64]) {
    precondition(words.count == 5, "RandomStream: expected 5 words (key + 4 state words), got \(words.count)")
    key = words[0]; s0 = words[1]; s1 = words[2]; s2 = words[3]; s3 = words[4]
  }

  /// The complete state: key followed by the four xoshiro256** words.
  public var words: [UInt64] { [key, s0, s1, s2, s3] }

  /// An independent child stream named `label` (see the type's documentation).
  public func derive(_ label: String) -> RandomStream {
    RandomStream(seed: Self.mix64(key ^ Self.fnv1a64(label)))
  }

  /// An independent child stream numbered `index`; `split(i)` equals `derive("#i")`.
  public func split(_ index: Int) -> RandomStream { derive("#\(index)") }

  /// The next 64 random bits (xoshiro256**).
  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// Uniform Float in [0, 1) with 24 random bits.
  @inline(__always)
  public mutating func uniform() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

  /// Uniform Float in [lo, hi): lo + (hi − lo)·u.
  @inline(__always)
  public mutating func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * uniform() }

  /// Uniform Double in [0, 1) with 53 random bits.
  @inline(__always)
  public mutating func uniformDouble() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

  /// True with probability p (`uniform() < p`).
  @inline(__always)
  public mutating func bernoulli(_ p: Float) -> Bool { uniform() < p }

  /// A standard normal Float (Box–Muller in Double: √(−2 ln(1−u₁))·cos(2πu₂)).
  public mutating func normal() -> Float {
    let u1 = uniformDouble(), u2 = uniformDouble()
    return Float((-2.0 * log1mExact(u1)).squareRoot() * cosExact(2.0 * Double.pi * u2))
  }

  /// A uniform integer in `range` (inclusive), unbiased by rejection.
  public mutating func integer(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) &+ 1
    if span == 0 { return Int(bitPattern: UInt(next())) }  // the whole 64-bit range
    let limit = UInt64.max - (UInt64.max % span)  // accept r < limit (limit is a multiple of span)
    var r = next()
    while r >= limit { r = next() }
    return range.lowerBound + Int(r % span)
  }

  /// Fills `buffer` with uniform values in [lo, hi), in index order. Allocates nothing.
  public mutating func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>, _ lo: Float, _ hi: Float) {
    for i in 0..<buffer.count { buffer[i] = uniform(lo, hi) }
  }

  /// `count` uniform values in [lo, hi), in order.
  public mutating func uniformArray(_ count: Int, _ lo: Float = 0, _ hi: Float = 1) -> [Float] {
    var out = [Float](repeating: 0, count: count)
    out.withUnsafeMutableBufferPointer { fillUniform($0, lo, hi) }
    return out
  }

  // MARK: - Building blocks

  @inline(__always) static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// SplitMix64 (Steele, Lea & Flood 2014): advance by the golden gamma, then mix.
  @inline(__always) static func splitMix64(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return mix64(state)
  }

  /// SplitMix64's finaliser (a bijection on 64 bits).
  @inline(__always) static func mix64(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// FNV-1a 64-bit hash of the UTF-8 bytes of `s`.
  static func fnv1a64(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
  }
}

@inline(__always) private func log1mExact(_ u: Double) -> Double { Foundation.log(1.0 - u) }
@inline(__always) private func cosExact(_ x: Double) -> Double { Foundation.cos(x) }
