import Foundation
import Layouts
import Networks
import Numerics
import Tasks

/// Per-trial streaming accuracies (SPEC §5).
public struct StreamingResult: Equatable, Sendable {
  /// Fraction correct over the scored steps, one per trial.
  public var trialAccuracies: [Double]
  /// Mean over trials.
  public var mean: Double { trialAccuracies.reduce(0, +) / Double(max(1, trialAccuracies.count)) }
}

/// Evaluation protocols: the streaming protocol of SPEC §5 and the training-protocol test accuracy.
public enum Evaluation {
  /// The streaming protocol (SPEC §5): per trial, one input stream of `warmup + steps` digits
  /// ~ Bernoulli(0.5), batch 1, h_0 = 0.1·U(0,1) per neuron; the network runs over the stream and
  /// `head` is read at every step; from step `warmup` on, its argmax is compared with the task label
  /// of the last N digits (parity of s_{t−N+1…t}; DMS: s_t = s_{t−N+1}).
  ///
  /// Trial r (counted from `firstTrial`) draws from `RandomStream(seed).derive("streaming").split(r)`:
  /// first h_0 (H values), then the digits in time order.
  /// - Shapes: per step one GEMV (H×H)·H → H, two dot products for the head.
  /// - Precondition: N ≥ 2, `warmup + 1 ≥ N`, 0 ≤ head < K.
  public static func streaming(
    network: LeakyRNN, task: TaskKind, n: Int, head: Int, trials: Int = 10,
    warmup: Int = 100, steps: Int = 1000, seed: UInt64 = 0,
    firstTrial: Int = 0
  ) throws -> StreamingResult {
    guard n >= 2 else { throw ExperimentsError.invalidArgument("N must be ≥ 2, got \(n)") }
    guard head >= 0 && head < network.heads else {
      throw ExperimentsError.invalidArgument(
        "head \(head) does not exist: the network has \(network.heads) heads (0…\(network.heads - 1))")
    }
    guard warmup + 1 >= n, trials >= 1, steps >= 1 else {
      throw ExperimentsError.invalidArgument("streaming needs warmup + 1 ≥ N (\(warmup), \(n)), trials ≥ 1, steps ≥ 1")
    }
    let H = network.hidden, L = network.layout, total = warmup + steps
    var accuracies: [Double] = []
    var h = [Float](repeating: 0, count: H), pre = [Float](repeating: 0, count: H)
    var alpha = [Float](repeating: 0, count: H), decay = [Float](repeating: 0, count: H),
      bias = [Float](repeating: 0, count: H)
    var digits = [Float](repeating: 0, count: total)
    let p = network.parameters
    for i in 0..<H {
      let tc = max(p[L.tau.lowerBound + i], 1)
      alpha[i] = 1 / tc; decay[i] = 1 - 1 / tc
      bias[i] = p[L.bIn.lowerBound + i] + p[L.bRec.lowerBound + i]
    }
    let phi = network.config.nonlinearity, mod = network.config.form == .mod
    let root = RandomStream(seed: seed).derive("streaming")
    for r in firstTrial..<(firstTrial + trials) {
      var rng = root.split(r)
      for i in 0..<H { h[i] = rng.uniform(0, 0.1) }
      for t in 0..<total { digits[t] = rng.bernoulli(0.5) ? 1 : 0 }
      var correct = 0
      p.withUnsafeBufferPointer { P in
        let wRec = P.baseAddress! + L.wRec.lowerBound, wIn = P.baseAddress! + L.wIn.lowerBound
        let hw = P.baseAddress! + L.headW(head).lowerBound, hb = P.baseAddress! + L.headB(head).lowerBound
        h.withUnsafeMutableBufferPointer { hp in
          pre.withUnsafeMutableBufferPointer { pp in
            for t in 0..<total {
              let s = digits[t]
              for i in 0..<H { pp[i] = wIn[i] * s + bias[i] }
              // pre += W^R·h : (H×H)·H → H
              BLAS.sgemv(m: H, n: H, a: wRec, lda: H, x: hp.baseAddress!, beta: 1, y: pp.baseAddress!)
              for i in 0..<H {
                if mod {
                  hp[i] = decay[i] * hp[i] + alpha[i] * apply(phi, pp[i])
                } else {
                  hp[i] = apply(phi, decay[i] * hp[i] + alpha[i] * pp[i])
                }
              }
              guard t >= warmup else { continue }
              var y0 = hb[0], y1 = hb[1]
              for i in 0..<H { y0 += hw[i] * hp[i]; y1 += hw[H + i] * hp[i] }
              let predicted: Int32 = y1 > y0 ? 1 : 0
              if predicted == streamLabel(task, digits, t, n) { correct += 1 }
            }
          }
        }
      }
      accuracies.append(Double(correct) / Double(steps))
    }
    return StreamingResult(trialAccuracies: accuracies)
  }

  @inline(__always) static func streamLabel(_ task: TaskKind, _ d: [Float], _ t: Int, _ n: Int) -> Int32 {
    switch task {
    case .parity:
      var s: Float = 0
      for j in (t - n + 1)...t { s += d[j] }
      return Int32(s) % 2
    case .dms: return d[t] == d[t - n + 1] ? 1 : 0
    }
  }

  @inline(__always) static func apply(_ phi: Nonlinearity, _ x: Float) -> Float {
    switch phi {
    case .leakyReLU: x > 0 ? x : 0.01 * x
    case .relu: x > 0 ? x : 0
    case .tanh: Foundation.tanh(x)
    case .sigmoid: 1 / (1 + Foundation.exp(-x))
    }
  }

  /// Training-protocol test accuracy (SPEC §4) of each (head, N) pair: `testBatches` batches of
  /// `batchSize` from the task generator with the N list of `pairs` (so the sequence length follows
  /// the largest N), h_0 = 0.1·U(0,1), head `pairs[j].head` scored against N = `pairs[j].n`.
  /// Used for per-head accuracy and catastrophic-forgetting analyses (a single-head network tested on
  /// N′ < N_max with its one head: pairs [(0, N′)]).
  ///
  /// Batch i draws from `RandomStream(seed).derive("protocol").split(i)`: the batch, then h_0.
  public static func protocolAccuracy(
    network: LeakyRNN, task: TaskKind, pairs: [(head: Int, n: Int)], testBatches: Int = 50,
    batchSize: Int = 256, seed: UInt64 = 0
  ) throws -> [Double] {
    guard !pairs.isEmpty else { return [] }
    for (head, n) in pairs {
      guard n >= 2 else { throw ExperimentsError.invalidArgument("N must be ≥ 2, got \(n)") }
      guard head >= 0 && head < network.heads else {
        throw ExperimentsError.invalidArgument("head \(head) does not exist: the network has \(network.heads) heads")
      }
    }
    let ns = pairs.map { $0.n }, heads = pairs.map { $0.head }
    let ws = Workspace(
      batch: batchSize, maxTime: TaskGenerator.lengthRange(nMax: ns.max()!).upperBound,
      hidden: network.hidden, maxHeads: 1)
    var correct = [Int](repeating: 0, count: pairs.count)
    let root = RandomStream(seed: seed).derive("protocol")
    for i in 0..<testBatches {
      var rng = root.split(i)
      let batch = TaskGenerator.makeBatch(task: task, ns: ns, batchSize: batchSize, rng: &rng)
      let h0 = rng.uniformArray(batchSize * network.hidden, 0, 0.1)
      let c = network.correctCounts(
        inputs: batch.inputs, time: batch.time, initialState: h0, labels: batch.labels,
        heads: heads, workspace: ws)
      for j in c.indices { correct[j] += c[j] }
    }
    return correct.map { Double($0) / Double(max(1, testBatches * batchSize)) }
  }
}
