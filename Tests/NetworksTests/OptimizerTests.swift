import Networks
import Testing

@Suite struct OptimizerTests {
  /// Two SGD-Nesterov steps vs the PyTorch formulas computed by hand
  /// (step 1: buf = g; step 2: buf = m·buf + g; p −= lr·(g + m·buf)).
  @Test func sgdNesterovMatchesHandComputation() {
    var opt = SGDNesterov(learningRate: 0.05, momentum: 0.1, parameterCount: 3)
    var p: [Float] = [1, -2, 0.5]
    let g1: [Float] = [0.2, -0.4, 1.0], g2: [Float] = [-0.1, 0.3, 0.0]
    opt.step(parameters: &p, gradients: g1, ranges: [0..<3])
    // buf = g1; p = p0 − 0.05·(g1 + 0.1·g1)
    let p1: [Float] = [1 - 0.05 * 0.22, -2 + 0.05 * 0.44, 0.5 - 0.05 * 1.1]
    for i in 0..<3 { #expect(abs(p[i] - p1[i]) < 1e-6, "step 1, p[\(i)] \(p[i]) vs \(p1[i])") }
    opt.step(parameters: &p, gradients: g2, ranges: [0..<3])
    for i in 0..<3 {
      let buf = 0.1 * g1[i] + g2[i]
      let expected = p1[i] - 0.05 * (g2[i] + 0.1 * buf)
      #expect(abs(p[i] - expected) < 1e-6, "step 2, p[\(i)] \(p[i]) vs \(expected)")
      #expect(abs(opt.buffer[i] - buf) < 1e-7)
    }
  }

  /// Ranges not passed to `step` are untouched, even with a nonzero momentum buffer.
  @Test func skippedRangesDoNotMove() {
    var opt = SGDNesterov(parameterCount: 4)
    var p: [Float] = [1, 1, 1, 1]
    opt.step(parameters: &p, gradients: [1, 1, 1, 1], ranges: [0..<4])
    let before = p
    opt.step(parameters: &p, gradients: [0, 0, 0, 0], ranges: [0..<2])
    #expect(p[2] == before[2] && p[3] == before[3])
    #expect(p[0] != before[0])
  }

  /// clip_grad_norm_: total L2 norm, scale by max/(norm + 1e-6) when above max, else unchanged.
  @Test func clipGradNorm() {
    var g: [Float] = [3, 4, 0, 12]  // norm over ranges [0..<2] and [3..<4] = 13
    let norm = GradientClipping.clipGradNorm(&g, ranges: [0..<2, 3..<4], maxNorm: 2)
    #expect(abs(norm - 13) < 1e-5)
    let c: Float = 2 / (13 + 1e-6)
    #expect(abs(g[0] - 3 * c) < 1e-6 && abs(g[1] - 4 * c) < 1e-6 && abs(g[3] - 12 * c) < 1e-6 && g[2] == 0)
    var small: [Float] = [0.3, 0.4]
    GradientClipping.clipGradNorm(&small, ranges: [0..<2], maxNorm: 2)
    #expect(small == [0.3, 0.4])
  }

  /// Adam vs the PyTorch formulas by hand (two steps), and per-range step counts.
  @Test func adamMatchesHandComputation() {
    var opt = Adam(parameterCount: 2)
    var p: [Float] = [1, 1]
    opt.step(parameters: &p, gradients: [0.5, 0], ranges: [0..<1])
    // t = 1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25 → p = 1 − 1e-3·0.5/(0.5 + 1e-8)
    #expect(abs(p[0] - (1 - 1e-3 * 0.5 / (0.5 + 1e-8))) < 1e-7)
    #expect(p[1] == 1 && opt.steps == [1, 0])
    opt.step(parameters: &p, gradients: [-0.2, 0.3], ranges: [0..<1, 1..<2])
    let m = 0.9 * 0.05 + 0.1 * -0.2, v = 0.999 * 0.00025 + 0.001 * 0.04
    let expected0 =
      Double(1 - 1e-3 * 0.5 / (0.5 + 1e-8)) - 1e-3 / (1 - 0.81) * m / ((v / (1 - 0.999 * 0.999)).squareRoot() + 1e-8)
    #expect(abs(Double(p[0]) - expected0) < 1e-6)
    // Parameter 1 is at its first step: update = lr·sign(g).
    #expect(abs(p[1] - (1 - 1e-3)) < 1e-6 && opt.steps == [2, 1])
  }

  /// Adding heads keeps the existing momentum and starts the new head at zero.
  @Test func remapKeepsBuffers() {
    let old = ParameterLayout(hidden: 2, heads: 1), new = ParameterLayout(hidden: 2, heads: 2)
    var opt = SGDNesterov(parameterCount: old.count)
    for i in 0..<old.count { opt.buffer[i] = Float(i + 1) }
    opt.remap(from: old, to: new)
    #expect(opt.buffer.count == new.count)
    let keptW: [Float] = old.headsW.map { Float($0 + 1) }
    #expect(Array(opt.buffer[new.headW(0)]) == keptW)
    #expect(opt.buffer[new.headW(1)].allSatisfy { $0 == 0 } && opt.buffer[new.headB(1)].allSatisfy { $0 == 0 })
    let keptB: [Float] = old.headsB.map { Float($0 + 1) }
    #expect(Array(opt.buffer[new.headB(0)]) == keptB)
  }
}
