import Layouts
import Numerics

/// Where each tensor of a `GatedRNN` lives in its flat `[Float]` (PyTorch `state_dict` names and shapes,
/// gate blocks stacked along the first axis in PyTorch order), in this order:
///
/// | name           | shape   |
/// |----------------|---------|
/// | `weight_ih_l0` | G·H × 1 |
/// | `weight_hh_l0` | G·H × H |
/// | `bias_ih_l0`   | G·H     |
/// | `bias_hh_l0`   | G·H     |
/// | `heads_w`      | K×2×H   |
/// | `heads_b`      | K×2     |
public struct GatedLayout: Hashable, Sendable, Codable, ReadoutHeadsLayout {
  public let cell: GatedCell
  public let hidden: Int
  public let heads: Int

  public init(cell: GatedCell, hidden: Int, heads: Int) {
    precondition(hidden > 0 && heads >= 0, "GatedLayout: hidden \(hidden), heads \(heads)")
    self.cell = cell; self.hidden = hidden; self.heads = heads
  }

  /// G·H, the width of one row of gate pre-activations.
  public var gateWidth: Int { cell.gates * hidden }
  public var wIh: Range<Int> { 0..<gateWidth }
  public var wHh: Range<Int> { gateWidth..<(gateWidth + gateWidth * hidden) }
  public var bIh: Range<Int> { wHh.upperBound..<(wHh.upperBound + gateWidth) }
  public var bHh: Range<Int> { bIh.upperBound..<(bIh.upperBound + gateWidth) }
  public var headsW: Range<Int> { bHh.upperBound..<(bHh.upperBound + heads * 2 * hidden) }
  public var headsB: Range<Int> { headsW.upperBound..<(headsW.upperBound + heads * 2) }
  /// G·H·(H + 3) + K(2H + 2).
  public var count: Int { headsB.upperBound }

  /// The named ranges in storage order (PyTorch names).
  public var named: [(name: String, range: Range<Int>)] {
    [
      ("weight_ih_l0", wIh), ("weight_hh_l0", wHh), ("bias_ih_l0", bIh), ("bias_hh_l0", bHh),
      ("heads_w", headsW), ("heads_b", headsB),
    ]
  }

  public func withHeads(_ heads: Int) -> GatedLayout { GatedLayout(cell: cell, hidden: hidden, heads: heads) }
}

/// A single-layer GRU or LSTM with one input, zero initial state and K two-class readout heads on
/// the last output (docs/method.md §1.2): `y_k = W^O_k h_T + b^O_k`, loss = Σ_{active k} mean_b CE(y_k, label_k).
public struct GatedRNN: Equatable, Sendable {
  public let cell: GatedCell
  public private(set) var layout: GatedLayout
  /// Every parameter, laid out as `layout`.
  public var parameters: [Float]

  public var hidden: Int { layout.hidden }
  public var heads: Int { layout.heads }

  /// PyTorch's default initialisation: every recurrent tensor U(−1/√H, 1/√H), drawn from `rng` in
  /// `state_dict` order (weight_ih, weight_hh (row-major), bias_ih, bias_hh), then per head W (2×H) and b (2)
  /// ~ U(−1/√H, 1/√H) (`nn.Linear(H, 2)`).
  public init(cell: GatedCell, hidden: Int, heads: Int, rng: inout RandomStream) {
    self.cell = cell
    layout = GatedLayout(cell: cell, hidden: hidden, heads: 0)
    parameters = [Float](repeating: 0, count: layout.count)
    let bound = 1 / Float(hidden).squareRoot()
    for i in 0..<layout.bHh.upperBound { parameters[i] = rng.uniform(-bound, bound) }
    appendHeads(heads, rng: &rng)
  }

  /// A network with the given parameters (laid out as `GatedLayout(cell:hidden:heads:)`).
  public init(cell: GatedCell, hidden: Int, heads: Int, parameters: [Float]) {
    self.cell = cell
    layout = GatedLayout(cell: cell, hidden: hidden, heads: heads)
    precondition(
      parameters.count == layout.count,
      "GatedRNN: \(parameters.count) parameters for \(cell) H=\(hidden), K=\(heads) (need \(layout.count))")
    self.parameters = parameters
  }

  /// Appends `count` heads, each W ~ U(−1/√H, 1/√H) (2×H, row-major) then b (2), from `rng`.
  public mutating func appendHeads(_ count: Int, rng: inout RandomStream) {
    guard count > 0 else { return }
    (layout, parameters) = layout.appendingHeads(count, to: parameters, rng: &rng)
  }

  /// Keeps only heads `0..<count`.
  public mutating func truncateHeads(to count: Int) {
    precondition(count >= 0 && count <= heads, "GatedRNN.truncateHeads: \(count) of \(heads)")
    let new = layout.withHeads(count)
    parameters = GatedLayout.remap(parameters, from: layout, to: new, fill: 0)
    layout = new
  }

  /// One range per tensor: the four recurrent tensors, then each active head's W and b. Separate
  /// ranges give each tensor its own Adam step count, as PyTorch (a head added later starts at t = 1);
  /// inactive heads are skipped, as PyTorch skips parameters without a gradient.
  public func trainableRanges(activeHeads: Range<Int>) -> [Range<Int>] {
    precondition(
      activeHeads.lowerBound >= 0 && activeHeads.upperBound <= heads,
      "GatedRNN: active heads \(activeHeads) of \(heads)")
    var r: [Range<Int>] = [layout.wIh, layout.wHh, layout.bIh, layout.bHh]
    for k in activeHeads { r.append(layout.headW(k)); r.append(layout.headB(k)) }
    return r
  }

  /// A copy of one named tensor.
  public func tensor(_ range: Range<Int>) -> [Float] { Array(parameters[range]) }
}
