import Foundation
import Numerics
import Testing

/// `VectorMath` against Double references over the whole Float range: every 4099th bit pattern (both signs,
/// denormals to the largest finite Float) plus a dense grid on [−20, 20], where the gated cells'
/// pre-activations live.
@Suite struct VectorMathTests {
  typealias V = VectorMath

  static let inputs: [Float] = {
    var xs: [Float] = []
    var bits: UInt32 = 0
    while bits < 0x7F80_0000 {
      let x = Float(bitPattern: bits)
      xs.append(x); xs.append(-x)
      bits += 4099
    }
    for i in -20_000...20_000 { xs.append(Float(i) * 1e-3) }
    xs += [
      0, -0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
      0.625, -0.625, 0.624_999_94, 88, -88, 87.3, -87.3,
    ]
    return xs
  }()

  /// `f` on every element, eight at a time through `load`/`store` (the last group partial).
  static func apply(_ f: (V.Lanes) -> V.Lanes, _ xs: [Float]) -> [Float] {
    var out = [Float](repeating: 0, count: xs.count)
    xs.withUnsafeBufferPointer { x in
      out.withUnsafeMutableBufferPointer { y in
        for i in stride(from: 0, to: x.count, by: V.width) {
          let w = min(V.width, x.count - i)
          V.store(f(V.load(x.baseAddress! + i, w)), y.baseAddress! + i, w)
        }
      }
    }
    return out
  }

  /// Largest error in ulps of the correctly rounded result where |reference| ≥ `floor`, and the largest
  /// absolute error below it.
  static func maxError(_ f: (V.Lanes) -> V.Lanes, _ ref: (Double) -> Double, on xs: [Float], floor: Double)
    -> (ulps: Double, worst: Float, absBelowFloor: Double)
  {
    var worstUlps = 0.0, worstX: Float = 0, absBelow = 0.0
    for (x, y) in zip(xs, apply(f, xs)) {
      let want = ref(Double(x)), got = Double(y)
      if abs(want) < floor {
        absBelow = max(absBelow, abs(got - want))
        continue
      }
      let ulps = abs(got - want) / Double(Float(want).ulp)
      if ulps > worstUlps { worstUlps = ulps; worstX = x }
    }
    return (worstUlps, worstX, absBelow)
  }

  @Test func expWithinTwoUlps() {
    let xs = Self.inputs.filter { $0 >= -87 && $0 <= 88 }
    let e = Self.maxError(V.exp, Foundation.exp, on: xs, floor: Double(Float.leastNormalMagnitude))
    #expect(e.ulps <= 2, "exp: \(e.ulps) ulp at x = \(e.worst)")
  }

  @Test func sigmoidWithinThreeUlps() {
    let e = Self.maxError(V.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }, on: Self.inputs, floor: 1e-37)
    #expect(e.ulps <= 3, "sigmoid: \(e.ulps) ulp at x = \(e.worst)")
    #expect(e.absBelowFloor < 1e-37, "sigmoid: absolute error \(e.absBelowFloor) where σ < 1e-37")
  }

  @Test func tanhWithinTwoUlps() {
    let e = Self.maxError(V.tanh, Foundation.tanh, on: Self.inputs, floor: Double(Float.leastNormalMagnitude))
    #expect(e.ulps <= 2, "tanh: \(e.ulps) ulp at x = \(e.worst)")
    #expect(e.absBelowFloor == 0, "tanh: absolute error \(e.absBelowFloor) on denormals")
  }

  @Test func saturationInfinityAndNaN() {
    let xs: [Float] = [.infinity, -.infinity, 100, -100, 30, -30, .nan, -.nan, -0.0]
    let s = Self.apply(V.sigmoid, xs), t = Self.apply(V.tanh, xs), e = Self.apply(V.exp, xs)
    #expect(s[0] == 1 && s[1] >= 0 && s[1] < 1e-38)
    #expect(s[2] == 1 && s[3] < 1e-38)
    #expect(t[0] == 1 && t[1] == -1 && t[4] == 1 && t[5] == -1)
    #expect(e[0] > 1e38 && e[1] == 0)
    #expect(t[8] == 0)
    for f in [s, t, e] { #expect(f[6].isNaN && f[7].isNaN) }
  }

  /// A partial group gives the same values as a full one.
  @Test func partialGroupsMatchFullGroups() {
    let xs: [Float] = [-3, -0.5, 0.1, 0.7, 2, 9, 20, -20]
    let full = Self.apply(V.tanh, xs)
    for n in 1..<V.width { #expect(Self.apply(V.tanh, Array(xs.prefix(n))) == Array(full.prefix(n))) }
  }
}
