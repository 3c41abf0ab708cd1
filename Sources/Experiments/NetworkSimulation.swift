import Networks
import Numerics

// Free-running simulation of a leaky RNN for the τ_net and dimensionality analyses (SPEC §6).
//
// Dimensions: R trials, G trials simulated together (a "group", the GEMM batch), T recorded steps,
// W burn-in steps, H neurons.

/// The input protocol of the τ_net simulation (SPEC §6): per trial one stream of binary digits
/// ~ Bernoulli(p) with p ~ U(0,1) drawn per trial, initial state h_0 = 0.1·U(0,1) per neuron
/// (SPEC §1.1), no readout.
public struct SimulationProtocol: Hashable, Sendable, Codable {
  /// T: recorded steps per trial (paper: 100,500).
  public var steps: Int
  /// W: steps run before recording starts (paper: 500).
  public var burnIn: Int
  /// R: trials (paper: 10).
  public var trials: Int
  /// G: trials simulated together as one batch (one (G×H)·(H×H)ᵀ GEMM per step); memory holds
  /// G·T·H floats of recorded states. Results depend on G only through the rounding of the GEMM.
  public var trialBatch: Int
  /// Root seed of the inputs and initial states.
  public var seed: UInt64

  public init(steps: Int = 100_500, burnIn: Int = 500, trials: Int = 10, trialBatch: Int = 10, seed: UInt64 = 0) {
    self.steps = steps; self.burnIn = burnIn; self.trials = trials; self.trialBatch = trialBatch; self.seed = seed
  }

  /// Bytes of recorded states held at once: G·T·H floats.
  public func recordedBytes(hidden H: Int) -> Int { min(trialBatch, trials) * steps * H * MemoryLayout<Float>.size }
}

/// Time spent simulating one group of trials (timing only; never feeds results).
public struct SimulationTiming: Sendable {
  /// Wall and process CPU seconds of the whole group (inputs, steps, copies of the states).
  public var seconds: Double
  public var cpuSeconds: Double
  /// Wall seconds inside the per-step GEMMs.
  public var gemmSeconds: Double
  /// GEMM calls and their shape (G×H)·(H×H).
  public var steps: Int
  public var batch: Int
}

/// What a trial's recorded activity is: the recurrent state h_t for t = W+1 … W+T, i.e. the state
/// after each of the T steps that follow the burn-in (h_0 and the burn-in states are not kept).
/// In the default form h_t = φ(…) is the output of the nonlinearity, as the authors record it; in
/// the "mod" form h_t = (1 − 1/τ̃)⊙h_{t−1} + φ(…)/τ̃ is the state the network carries (which is also
/// what the authors' modified model returns). Either way it is what `LeakyRNN.forward` writes as h_t
/// (`FreeRunner` computes the same update, to rounding).
public enum NetworkSimulation {
  /// The random stream of trial r: `RandomStream(seed).derive("tau-net-simulation").split(r)`,
  /// drawn in this order: p = uniform() (Float), h_0 (H values of 0.1·uniform()), then the digits
  /// s_1 … s_{W+T} (`bernoulli(p)`), in time order.
  public static func trialStream(seed: UInt64, trial r: Int) -> RandomStream {
    RandomStream(seed: seed).derive("tau-net-simulation").split(r)
  }

  /// Simulates `proto.trials` trials of `network` (no readout) and hands each trial's recorded
  /// activity to `body` in trial order, G trials at a time.
  ///
  /// - Per group and step: G input digits, one `FreeRunner.step` (input drive, one GEMM
  ///   (G×H)·(H×H), the fused update), and past the burn-in a copy of the G new states into G
  ///   per-trial T × H buffers; then `body(r, p_r, trial)` for each trial of the group (`trial` is
  ///   valid only during the call).
  /// - Shapes: each `trial` T × H (time × neurons, row-major).
  /// - Allocates: G·T·H floats of recorded states (the peak: 2.0 GB at T = 100,500, H = 500, G = 10)
  ///   and the runner's H² + O(G·H) floats; nothing per step.
  /// - Parameter simulated: called with the time each group's simulation took, GEMMs apart.
  public static func simulate(
    network: LeakyRNN, protocol proto: SimulationProtocol,
    simulated: (SimulationTiming) -> Void = { _ in },
    body: (_ trial: Int, _ inputProbability: Float, _ activity: UnsafeBufferPointer<Float>) throws -> Void
  ) rethrows {
    let H = network.hidden, T = proto.steps, W = proto.burnIn, R = proto.trials
    precondition(
      T >= 2 && W >= 0 && R >= 1 && proto.trialBatch >= 1,
      "NetworkSimulation: need steps ≥ 2, burnIn ≥ 0, trials ≥ 1, trialBatch ≥ 1 (got \(T), \(W), \(R), \(proto.trialBatch))"
    )
    let G = min(proto.trialBatch, R)
    let runner = FreeRunner(network: network, batch: G)
    runner.timesGEMM = true
    let recorded = UnsafeMutableBufferPointer<Float>.allocate(capacity: G * T * H)
    defer { recorded.deallocate() }
    let h = UnsafeMutablePointer<Float>.allocate(capacity: G * H)
    defer { h.deallocate() }
    let inputs = UnsafeMutablePointer<Float>.allocate(capacity: G)
    defer { inputs.deallocate() }

    var first = 0
    while first < R {
      let g = min(G, R - first)
      let t0 = Clock.now(), c0 = Clock.processCPU(), gemm0 = runner.gemmSeconds
      var streams = (0..<g).map { trialStream(seed: proto.seed, trial: first + $0) }
      var probabilities = [Float](repeating: 0, count: g)
      for b in 0..<g {
        probabilities[b] = streams[b].uniform()
        for i in 0..<H { h[b * H + i] = 0.1 * streams[b].uniform() }
      }
      let out = recorded.baseAddress!
      for step in 1...(W + T) {  // computes h_step
        for b in 0..<g { inputs[b] = streams[b].bernoulli(probabilities[b]) ? 1 : 0 }
        runner.step(h, inputs: inputs, count: g)
        guard step > W else { continue }
        let row = step - W - 1
        for b in 0..<g { (out + (b * T + row) * H).update(from: h + b * H, count: H) }
      }
      simulated(
        SimulationTiming(
          seconds: Clock.now() - t0, cpuSeconds: Clock.processCPU() - c0,
          gemmSeconds: runner.gemmSeconds - gemm0, steps: W + T, batch: g))
      for b in 0..<g {
        try body(first + b, probabilities[b], UnsafeBufferPointer(rebasing: recorded[(b * T * H)..<((b + 1) * T * H)]))
      }
      first += g
    }
  }
}
