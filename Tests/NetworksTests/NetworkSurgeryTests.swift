import Artifacts
import Experiments
import Foundation
import Layouts
import Networks
import Numerics
import Tasks
import TestSupport
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

  /// Functionally: after ablating neuron i, no other neuron's trajectory and no head's logits depend on
  /// neuron i's state (two runs whose initial states differ only at i agree everywhere else).
  @Test func anAblatedNeuronInfluencesNothing() {
    let H = 7, B = 2, T = 9, i = 4
    let cut = NetworkSurgery.ablating(Self.network(hidden: H), neuron: i)
    let ws = Workspace(batch: B, maxTime: T, hidden: H, maxHeads: 3)
    var rng = RandomStream(seed: 2)
    let x = (0..<(T * B)).map { _ in Float(rng.bernoulli(0.5) ? 1 : 0) }
    var h0 = rng.uniformArray(B * H, 0, 0.1)
    func run(_ h: [Float]) -> [Float] {
      x.withUnsafeBufferPointer { xp in
        h.withUnsafeBufferPointer { cut.forward(inputs: xp, time: T, initialState: $0, workspace: ws) }
      }
      return (0...T).flatMap { t in (0..<B).flatMap { ws.state(time: t, batchIndex: $0) } }
    }
    let a = run(h0)
    for b in 0..<B { h0[b * H + i] += 5 }
    let b2 = run(h0)
    for e in a.indices where e % H != i { #expect(a[e] == b2[e], "neuron \(e % H) changed at flat index \(e)") }
    let L = cut.layout
    for k in 0..<3 {
      #expect(cut.parameters[L.headW(k).lowerBound + i] == 0 && cut.parameters[L.headW(k).lowerBound + H + i] == 0)
    }
  }

  @Test func perturbationNormMatchesEpsilonToOneInAHundredThousand() {
    let net = Self.network(hidden: 40), L = net.layout
    for epsilon in [0.01, 0.1, 1.0, 10.0] {
      var rng = RandomStream(seed: 3)
      let w = NetworkSurgery.perturbingRecurrent(net, epsilon: epsilon, rng: &rng)
      let dW = zip(w.parameters[L.wRec], net.parameters[L.wRec]).map { Double($0) - Double($1) }
      let relW = abs(dW.reduce(0) { $0 + $1 * $1 }.squareRoot() / (epsilon * Self.norm(net.parameters[L.wRec])) - 1)
      #expect(relW <= 1e-5, "ε = \(epsilon): ‖ΔW‖ off by \(relW)")
      var rng2 = RandomStream(seed: 3)
      let t = NetworkSurgery.perturbingTau(net, epsilon: epsilon, rng: &rng2)
      let dT = zip(t.parameters[L.tau], net.parameters[L.tau]).map { Double($0) - Double($1) }
      let relT = abs(dT.reduce(0) { $0 + $1 * $1 }.squareRoot() / (epsilon * Self.norm(net.parameters[L.tau])) - 1)
      #expect(relT <= 1e-5, "ε = \(epsilon): ‖Δτ‖ off by \(relT)")
    }
  }

  /// Retraining keeps every weight of the checkpoint except the heads (one fresh head).
  @Test func retrainingStartsFromTheCheckpointsWeights() throws {
    let config = TrainingConfig(
      neurons: 7, batchSize: 4, stepsPerEpoch: 2, testBatches: 1, epochBudget: 1, curriculum: .single, seed: 4)
    let net = Self.network()
    let state = TrainingState.retraining(net, level: 6, config: config)
    let L = net.layout, L2 = state.network.layout
    #expect(state.network.heads == 1)
    for (a, b) in [(L.tau, L2.tau), (L.wIn, L2.wIn), (L.bIn, L2.bIn), (L.wRec, L2.wRec), (L.bRec, L2.bRec)] {
      #expect(Array(state.network.parameters[b]) == Array(net.parameters[a]))
    }
    var before = Artifact(), after = Artifact()
    before["/w"] = NDArray(Array(net.parameters[L.wRec]))
    after["/w"] = NDArray(Array(state.network.parameters[L2.wRec]))
    #expect(ContentHash.of(before) == ContentHash.of(after))
  }

  /// ε = 0 leaves the authors' network exactly as it was: the same streaming accuracy, trial by trial.
  @Test func zeroPerturbationOfTheReferenceNetworkIsTheBaseline() throws {
    guard let path = Fixtures.sharedReferenceNetwork else {
      print("skipped: ../shared/reference/reference_multihead_parity_N2_N5.h5 is absent (not ours to ship)")
      return
    }
    let net = try ReferenceImport.importReference(
      stateDict: try ArtifactReader.read(path), curriculum: .multi, level: 5)
    let base = try Evaluation.streaming(network: net, task: .parity, n: 4, head: 2, trials: 2, steps: 200, seed: 1)
    for trial in 0..<2 {
      var rng = RandomStream(seed: 1).derive("perturbation").split(0).split(trial)
      let w = NetworkSurgery.perturbingRecurrent(net, epsilon: 0, rng: &rng)
      var rng2 = RandomStream(seed: 1).derive("perturbation").split(0).split(trial)
      let t = NetworkSurgery.perturbingTau(net, epsilon: 0, rng: &rng2)
      for perturbed in [w, t] {
        #expect(perturbed.parameters == net.parameters)
        let r = try Evaluation.streaming(
          network: perturbed, task: .parity, n: 4, head: 2, trials: 1, steps: 200, seed: 1, firstTrial: trial)
        #expect(r.trialAccuracies[0] == base.trialAccuracies[trial])
      }
    }
  }
}
