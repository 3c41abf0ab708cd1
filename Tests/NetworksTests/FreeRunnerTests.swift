import Layouts
import Networks
import Numerics
import Testing

/// `FreeRunner` (the τ_net simulation's step) computes the same recurrence as `LeakyRNN.forward`.
@Suite struct FreeRunnerTests {
  @Test(arguments: [(RNNForm.default, Nonlinearity.leakyReLU), (.mod, .tanh), (.default, .sigmoid), (.mod, .relu)])
  func matchesForward(form: RNNForm, phi: Nonlinearity) {
    let H = 7, B = 3, T = 9
    var rng = RandomStream(seed: 21)
    let net = LeakyRNN(config: LeakyRNNConfig(hidden: H, form: form, nonlinearity: phi), heads: 1, rng: &rng)
    let inputs = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.4) ? 1 : 0) }  // T×B
    let h0 = rng.uniformArray(B * H, 0, 0.1)
    let ws = Workspace(batch: B, maxTime: T, hidden: H)
    inputs.withUnsafeBufferPointer { x in
      h0.withUnsafeBufferPointer { net.forward(inputs: x, time: T, initialState: $0, workspace: ws) }
    }
    let runner = FreeRunner(network: net, batch: B + 1)  // a larger batch, stepped with count B
    var h = h0
    var worst: Float = 0
    for t in 0..<T {
      let s = Array(inputs[(t * B)..<((t + 1) * B)])
      h.withUnsafeMutableBufferPointer { hp in
        s.withUnsafeBufferPointer { runner.step(hp.baseAddress!, inputs: $0.baseAddress!, count: B) }
      }
      for b in 0..<B {
        let expected = ws.state(time: t + 1, batchIndex: b)
        for i in 0..<H { worst = max(worst, abs(h[b * H + i] - expected[i])) }
      }
    }
    #expect(worst < 1e-5, "\(form) \(phi): FreeRunner differs from forward by \(worst)")
  }
}
