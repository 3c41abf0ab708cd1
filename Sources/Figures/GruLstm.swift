import Foundation
import Layouts

/// `gru-lstm` (SPEC §1.2, §7): the largest N reached against the epoch for GRU and LSTM networks,
/// single- vs multi-head, one line per network (the paper: the multi-head curriculum lets both reach
/// far larger N). Curves as in `training-speed` (`TrainingSpeed.reachedCurve`); leaky networks and
/// other curricula among the inputs are left out.
///
/// Tables: `<cell>-<curriculum>` (epoch, reached N, seed; a blank line between networks), cell gru or lstm.
/// Variables: `has_<cell>`, `nmax_<cell>` (largest N reached or trained, ≥ 2), `ceiling_<cell>` (the highest level trained), `label_<cell>` ("largest N reached: single-head 4, multi-head 4").
public enum GruLstm {
  public static let builder = FigureBuilder(
    name: "gru-lstm", summary: "GRU and LSTM: N_max reached vs epoch, single vs multi-head", version: 2, build: build)

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    let all = try TrainedNetworks.read(inputs, figure: "gru-lstm")
    let gated = all.filter { $0.config.cell != nil && $0.curriculumGroup != nil }
    var data = FigureData()
    for net in gated { data.scale.add(net) }
    if gated.count < all.count {
      data.notes.append("left out \(all.count - gated.count) leaky or non-curriculum network(s)")
    }
    for cell in GatedCell.allCases {
      let ofCell = gated.filter { $0.config.cell == cell }
      data.set("has_\(cell.rawValue)", !ofCell.isEmpty)
      // The highest level trained: a network there passed every level it was given (a ceiling of the profile).
      let ceiling = ofCell.flatMap { $0.checkpoints.keys }.max() ?? 2
      data.set("nmax_\(cell.rawValue)", Double(max(ofCell.map(\.largestReached).max() ?? 0, ceiling, 2)))
      data.set("ceiling_\(cell.rawValue)", Double(ceiling))
      var label: [String] = []
      for group in CurriculumGroup.allCases {
        var t = Table(
          name: "\(cell.rawValue)-\(group.rawValue)",
          title:
            "largest N reached by the end of each epoch, \(group.rawValue)-head \(cell.rawValue.uppercased()) networks (blank line between networks)",
          columns: [
            .init("epoch", "epochs trained (0: before training)"),
            .init("n_reached", "largest level passed so far (first level − 1 before any)"),
            .init("seed", "network seed"),
          ])
        let nets = ofCell.filter { $0.curriculumGroup == group }
        t.sources = nets.flatMap(\.sources)
        for net in nets {
          if !t.rows.isEmpty { t.appendBreak() }
          for p in TrainingSpeed.reachedCurve(net) {
            t.append([.number(Double(p.epoch)), .number(Double(p.reached)), .number(Double(net.config.seed))])
          }
        }
        if !nets.isEmpty { label.append("\(group.rawValue)-head \(nets.map(\.largestReached).max()!)") }
        data.tables.append(t)
      }
      data.set("label_\(cell.rawValue)", label.isEmpty ? "" : "largest N reached: " + label.joined(separator: ", "))
    }
    return data
  }
}
