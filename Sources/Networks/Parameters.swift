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
    [("tau", tau), ("w_in", wIn), ("b_in", bIn), ("w_rec", wRec), ("b_rec", bRec),
     ("heads_w", headsW), ("heads_b", headsB)]
  }

  /// Copies `values` laid out as `old` into a buffer laid out as `new` (same H), keeping every
  /// tensor and the heads both layouts share; entries only in `new` get `fill`. Allocates the result.
  ///
  /// Used when heads are added (network parameters, optimiser buffers) or removed.
  public static func remap(_ values: [Float], from old: ParameterLayout, to new: ParameterLayout, fill: Float = 0) -> [Float] {
    precondition(old.hidden == new.hidden && values.count == old.count, "ParameterLayout.remap: layout mismatch")
    var out = [Float](repeating: fill, count: new.count)
    let shared = min(old.heads, new.heads)
    out.replaceSubrange(0..<old.bRec.upperBound, with: values[0..<old.bRec.upperBound])
    let nw = shared * 2 * old.hidden
    out.replaceSubrange(new.headsW.lowerBound..<(new.headsW.lowerBound + nw),
                        with: values[old.headsW.lowerBound..<(old.headsW.lowerBound + nw)])
    out.replaceSubrange(new.headsB.lowerBound..<(new.headsB.lowerBound + 2 * shared),
                        with: values[old.headsB.lowerBound..<(old.headsB.lowerBound + 2 * shared)])
    return out
  }
}

/// A parameter layout ending in K readout heads: `heads_w` (K×2×H) then `heads_b` (K×2).
public protocol ReadoutHeadsLayout {
  var hidden: Int { get }
  var heads: Int { get }
  var headsW: Range<Int> { get }
  var headsB: Range<Int> { get }
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
}
