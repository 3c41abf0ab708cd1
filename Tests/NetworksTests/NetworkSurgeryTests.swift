import Experiments
import Networks
import Numerics
import Testing

@Suite struct NetworkSurgeryTests {
  static func network(hidden: Int = 7, heads: Int = 3) -> LeakyRNN {
    var rng = RandomStream(seed: 5)
    var net = LeakyRNN(config: LeakyRNNConfig(hidden: hidden), heads: heads, rng: &rng)
    for i in 0..<hidden { net.parameters[net.layout.tau.lowerBound + i] = Float(1 + (i * 3) % hidden) + 0.5 }
    return net
  }

  static func norm(_ x: ArraySlice<Float>) -> Double { x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }

  @Test func neuronsAreRankedByTauFastestFirst() {
    let net = Self.network()
    let order = NetworkSurgery.neuronsByTau(net)
    let tau = Array(net.parameters[net.layout.tau])
    #expect(Set(order) == Set(0..<7))
    #expect(zip(order, order.dropFirst()).allSatisfy { tau[$0.0] <= tau[$0.1] })
  }

  @Test func ablationRemovesExactlyTheNeuronsConnections() {
    let net = Self.network(), H = 7, L = net.layout, i = 3
    let cut = NetworkSurgery.ablating(net, neuron: i)
    var changed: [Int] = []
    for e in 0..<L.count where cut.parameters[e] != net.parameters[e] { changed.append(e) }
    for j in 0..<H {
      #expect(cut.parameters[L.wRec.lowerBound + i * H + j] == 0)
      #expect(cut.parameters[L.wRec.lowerBound + j * H + i] == 0)
    }
    #expect(cut.parameters[L.wIn.lowerBound + i] == 0)
    for k in 0..<3 {
      #expect(cut.parameters[L.headW(k).lowerBound + i] == 0 && cut.parameters[L.headW(k).lowerBound + H + i] == 0)
    }
    // Nothing else: row + column (diagonal already 0) + input + 2 per head.
    #expect(changed.count <= (2 * H - 2) + 1 + 6)
    #expect(cut.parameters[L.tau] == net.parameters[L.tau] && cut.parameters[L.bRec] == net.parameters[L.bRec])
  }

  @Test func perturbationsHaveTheRequestedRelativeSize() {
    let net = Self.network(), L = net.layout, H = 7
    for epsilon in [0.0, 0.01, 0.5, 3.0] {
      var rng = RandomStream(seed: 9)
      let w = NetworkSurgery.perturbingRecurrent(net, epsilon: epsilon, rng: &rng)
      let dW = zip(w.parameters[L.wRec], net.parameters[L.wRec]).map { $0 - $1 }
      #expect(abs(Self.norm(dW[...]) - epsilon * Self.norm(net.parameters[L.wRec])) <= 1e-4 * max(1, epsilon))
      #expect((0..<H).allSatisfy { w.parameters[L.wRec.lowerBound + $0 * H + $0] == 0 }, "diagonal must stay 0")
      #expect(w.parameters[L.tau] == net.parameters[L.tau])

      var rng2 = RandomStream(seed: 9)
      let t = NetworkSurgery.perturbingTau(net, epsilon: epsilon, rng: &rng2)
      let dTau = zip(t.parameters[L.tau], net.parameters[L.tau]).map { $0 - $1 }
      #expect(dTau.allSatisfy { $0 >= 0 }, "τ only grows: |D|")
      #expect(abs(Self.norm(dTau[...]) - epsilon * Self.norm(net.parameters[L.tau])) <= 1e-4 * max(1, epsilon))
      #expect(t.parameters[L.wRec] == net.parameters[L.wRec])
    }
  }
}
