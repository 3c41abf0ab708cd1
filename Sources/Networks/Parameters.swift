import Numerics

/// Where each named tensor of a `LeakyRNN` lives inside its one flat `[Float]` of parameters.
///
/// Layout (H hidden, K heads), in this order:
///
/// | name      | shape    | meaning                                          |
/// |-----------|----------|--------------------------------------------------|
/// | `tau`     | H        | raw τ per neuron (clamped to ≥ 1 only in forward) |
/// | `w_in`    | H        | input weights W^I (H×1)                           |
/// | `b_in`    | H        | input bias b^I                                    |
/// | `w_rec`   | H×H      | W^R, row = target neuron, diagonal kept at 0      |
/// | `b_rec`   | H        | recurrent bias b^R                                |
/// | `heads_w` | K×2×H    | readout weights; head k is rows 2k, 2k+1          |
/// | `heads_b` | K×2      | readout biases                                    |
///
/// One flat buffer means gradient clipping, the optimisers and checkpoints are one loop each.
public struct ParameterLayout: Hashable, Sendable, Codable, ReadoutHeadsLayout {
  public let hidden: Int
  public let heads: Int

  public init(hidden: Int, heads: Int) {
    precondition(hidden > 0 && heads >= 0, "ParameterLayout: hidden \(hidden), heads \(heads)")
    self.hidden = hidden; self.heads = heads
  }

  public var tau: Range<Int> { 0..<hidden }
  public var wIn: Range<Int> { hidden..<(2 * hidden) }
  public var bIn: Range<Int> { (2 * hidden)..<(3 * hidden) }
  public var wRec: Range<Int> { (3 * hidden)..<(3 * hidden + hidden * hidden) }
  public var bRec: Range<Int> { wRec.upperBound..<(wRec.upperBound + hidden) }
  public var headsW: Range<Int> { bRec.upperBound..<(bRec.upperBound + heads * 2 * hidden) }
  public var headsB: Range<Int> { headsW.upperBound..<(headsW.upperBound + heads * 2) }
  /// The total number of parameters, 4H + H² + K(2H + 2).
  public var count: Int { headsB.upperBound }

  /// The named ranges in storage order (names as in checkpoints).
  public var named: [(name: String, range: Range<Int>)] {
    [
      ("tau", tau), ("w_in", wIn), ("b_in", bIn), ("w_rec", wRec), ("b_rec", bRec),
      ("heads_w", headsW), ("heads_b", headsB),
    ]
  }

  public func withHeads(_ heads: Int) -> ParameterLayout { ParameterLayout(hidden: hidden, heads: heads) }
}

/// A parameter layout ending in K readout heads: `heads_w` (K×2×H) then `heads_b` (K×2).
public protocol ReadoutHeadsLayout {
  var hidden: Int { get }
  var heads: Int { get }
  /// Every head's W (K×2×H), right after the network's own tensors.
  var headsW: Range<Int> { get }
  var headsB: Range<Int> { get }
  /// The total number of parameters.
  var count: Int { get }
  /// The same network with `heads` heads.
  func withHeads(_ heads: Int) -> Self
}

extension ReadoutHeadsLayout {
  /// Rows 2k, 2k+1 of `heads_w` (2×H values).
  public func headW(_ k: Int) -> Range<Int> {
    precondition(k >= 0 && k < heads, "\(Self.self): head \(k) of \(heads)")
    return (headsW.lowerBound + k * 2 * hidden)..<(headsW.lowerBound + (k + 1) * 2 * hidden)
  }
  /// The 2 biases of head k.
  public func headB(_ k: Int) -> Range<Int> {
    precondition(k >= 0 && k < heads, "\(Self.self): head \(k) of \(heads)")
    return (headsB.lowerBound + 2 * k)..<(headsB.lowerBound + 2 * k + 2)
  }

  /// Copies `values` laid out as `old` into a buffer laid out as `new` (the same network with
  /// other heads), keeping every tensor and the heads both layouts share; entries only in `new`
  /// get `fill`. Allocates the result.
  ///
  /// Used when heads are added (network parameters, optimiser buffers) or removed.
  public static func remap<T>(_ values: [T], from old: Self, to new: Self, fill: T) -> [T] {
    precondition(
      old.hidden == new.hidden && old.headsW.lowerBound == new.headsW.lowerBound && values.count == old.count,
      "\(Self.self).remap: layout mismatch")
    var out = [T](repeating: fill, count: new.count)
    let shared = min(old.heads, new.heads)
    out.replaceSubrange(0..<old.headsW.lowerBound, with: values[0..<old.headsW.lowerBound])
    let nw = shared * 2 * old.hidden
    out.replaceSubrange(
      new.headsW.lowerBound..<(new.headsW.lowerBound + nw),
      with: values[old.headsW.lowerBound..<(old.headsW.lowerBound + nw)])
    out.replaceSubrange(
      new.headsB.lowerBound..<(new.headsB.lowerBound + 2 * shared),
      with: values[old.headsB.lowerBound..<(old.headsB.lowerBound + 2 * shared)])
    return out
  }

  /// `parameters` (laid out as this layout) with `count` heads appended, each W ~ U(−1/√H, 1/√H)
  /// (2×H, row-major) then b (2) from `rng`, as `nn.Linear(H, 2)`; and the new layout.
  public func appendingHeads(_ count: Int, to parameters: [Float], rng: inout RandomStream) -> (Self, [Float]) {
    let new = withHeads(heads + count)
    var out = Self.remap(parameters, from: self, to: new, fill: 0)
    let bound = 1 / Float(hidden).squareRoot()
    for k in heads..<new.heads {
      for i in new.headW(k) { out[i] = rng.uniform(-bound, bound) }
      for i in new.headB(k) { out[i] = rng.uniform(-bound, bound) }
    }
    return (new, out)
  }
}
