import Layouts
import Numerics

extension TaskKind {
  /// The label of the sequence `digits` (oldest first; the last element is s_T) for this N.
  /// Precondition: N ≥ 2 (parity accepts N ≥ 1) and `digits.count ≥ N`.
  public func label(digits: [Float], n: Int) -> Int32 {
    precondition(n >= 1 && digits.count >= n, "TaskKind.label: N \(n) with \(digits.count) digits")
    switch self {
    case .parity:
      var s = 0
      for d in digits[(digits.count - n)...] where d != 0 { s += 1 }
      return Int32(s % 2)
    case .dms:
      return digits[digits.count - 1] == digits[digits.count - n] ? 1 : 0
    }
  }
}

/// One batch of sequences with one label row per requested N.
public struct TaskBatch: Equatable, Sendable {
  /// Sequence length T (one per batch).
  public var time: Int
  /// Number of sequences B.
  public var batch: Int
  /// Digits, T×B: s_t of sequence b at `inputs[t·B + b]`.
  public var inputs: [Float]
  /// Labels, K×B: the label for `ns[k]` of sequence b at `labels[k·B + b]`.
  public var labels: [Int32]
  /// The N of each label row.
  public var ns: [Int]
}

/// How digits are presented to a network.
public enum InputCoding: String, Codable, Hashable, Sendable {
  /// Digits 0/1; parity draws p ~ U(0,1) per sequence (SPEC §2; the leaky RNN).
  case binary
  /// Digits ±1 with p = 0.5 for every task, labels computed on the +1 digits (SPEC §1.2, GRU/LSTM
  /// protocol); no p is drawn.
  case signedHalf
}

/// Batch generators of SPEC §2 (fresh data every call; no fixed data set).
public enum TaskGenerator {
  /// Sequence lengths for a batch whose largest N is `nMax`: uniform integer in [N_max + 2, 4·N_max + 1].
  public static func lengthRange(nMax: Int) -> ClosedRange<Int> { (nMax + 2)...(4 * nMax + 1) }

  /// A batch labelled for every N in `ns` (all on the same sequences), drawing from `rng` in this
  /// order: the length T; then per sequence b: (parity) p ~ U(0,1), then its T digits in time order.
  ///
  /// - Shapes: result `inputs` T×B, `labels` K×B with K = `ns.count`.
  /// - Precondition: `ns` non-empty, every N ≥ 2 (parity: ≥ 1), B ≥ 1.
  /// With `coding` `.signedHalf`: no p is drawn, digits are ±1 with p = 0.5 (labels as for 1/0 digits).
  public static func makeBatch(
    task: TaskKind, ns: [Int], batchSize B: Int, rng: inout RandomStream,
    coding: InputCoding = .binary
  ) -> TaskBatch {
    precondition(!ns.isEmpty && B >= 1, "TaskGenerator: empty N list or batch \(B)")
    precondition(
      ns.allSatisfy { $0 >= (task == .parity ? 1 : 2) }, "TaskGenerator: N must be ≥ 2 for \(task), got \(ns)")
    let T = rng.integer(in: lengthRange(nMax: ns.max()!))
    var inputs = [Float](repeating: 0, count: T * B)
    var labels = [Int32](repeating: 0, count: ns.count * B)
    var seq = [Float](repeating: 0, count: T)
    for b in 0..<B {
      let p: Float = task == .parity && coding == .binary ? rng.uniform() : 0.5
      for t in 0..<T {
        let d: Float = rng.bernoulli(p) ? 1 : 0
        seq[t] = d
        inputs[t * B + b] = coding == .binary ? d : 2 * d - 1
      }
      for (k, n) in ns.enumerated() { labels[k * B + b] = task.label(digits: seq, n: n) }
    }
    return TaskBatch(time: T, batch: B, inputs: inputs, labels: labels, ns: ns)
  }
}
