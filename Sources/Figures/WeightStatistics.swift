import Artifacts
import Layouts
import Numerics

/// `weight-statistics` (the paper's Fig. 6a: "the strong negative weights in single-head networks are
/// required to create stable dynamics in the presence of long single-neuron timescales"): statistics
/// of the recurrent weights W^R against the curriculum level N, single- vs multi-head, parity and DMS.
///
/// Per network and reached level, over the H(H − 1) entries off the diagonal (which is always 0): mean,
/// std (ddof 0), fraction < 0, mean of the negative entries; and the spectral radius of W^R. Per
/// curriculum and N: mean over networks (line), std across them (band), and a least-squares line over
/// every (network, N) point (the paper's linear fit; slopes in `fits`). Networks with fixed τ, GRU/LSTM
/// and other curricula are left out. W^R is read one checkpoint at a time and only its statistics kept.
///
/// Tables: `networks`, `<task>-<curriculum>` (`LevelCurve` with fits), `fits`. Variables: `has_<task>`,
/// `has_<task>_<curriculum>`, `nmin_<task>`, `nmax_<task>`.
public enum WeightStatistics {
  public static let builder = FigureBuilder(
    name: "weight-statistics",
    summary: "W^R mean, std, fraction and mean of negative weights, spectral radius vs N; single vs multi-head",
    version: 1, build: build)

  static let metrics: [Table.Column] = [
    .init("mean", "mean of W^R off the diagonal"),
    .init("std", "std of W^R off the diagonal (ddof 0)"),
    .init("frac_neg", "fraction of the off-diagonal W^R below 0"),
    .init("mean_neg", "mean of the negative W^R"),
    .init("radius", "spectral radius of W^R, max |eigenvalue| (numpy.linalg.eigvals)"),
  ]

  /// The statistics of `metrics` for one H×H matrix (row-major; the diagonal is left out).
  public static func statistics(of w: [Float], neurons h: Int) -> [Double] {
    var off: [Double] = []
    off.reserveCapacity(h * (h - 1))
    for i in 0..<h { for j in 0..<h where i != j { off.append(Double(w[i * h + j])) } }
    let s = meanAndStd(off)
    let negative = off.filter { $0 < 0 }
    return [
      s.mean, s.std, off.isEmpty ? .nan : Double(negative.count) / Double(off.count),
      negative.isEmpty ? .nan : negative.reduce(0, +) / Double(negative.count), spectralRadius(w, n: h),
    ]
  }

  static func build(_ inputs: [FigureInput]) throws -> FigureData {
    var data = FigureData()
    var networks = Table(
      name: "networks", title: "statistics of W^R of each network at each level given",
      columns: [
        .init("task", "parity or dms"), .init("curriculum", "single or multi"), .init("seed", "network seed"),
        .init("n", "curriculum level N"),
        .init("reached", "1 if the level passed within its epoch budget, else 0 (then NaN)"),
      ] + metrics + [.init("neurons", "H")])
    var curves: [String: LevelCurve] = [:]
    var seeds: [String: Set<UInt64>] = [:]
    var sources: [String: [Table.Source]] = [:]
    var leftOut = 0
    for input in inputs {
      let artifact = try input.load()
      guard
        let c = try TrainCheckpoint(
          FigureInput(stage: input.stage, role: input.role, contentHash: input.contentHash, loader: { artifact }))
      else {
        throw FigureError(
          "figure weight-statistics reads train artifacts, but input \(input.stage) is not one (it has no /training config)",
          hint: "give the figure stage only train stages in its needs")
      }
      guard c.config.cell == nil, c.config.tau.isTrained, let group = CurriculumGroup(c.config.curriculum) else {
        leftOut += 1; continue
      }
      let h = c.config.neurons
      var values = metrics.map { _ in Double.nan }
      if c.reached {
        guard let w = artifact[Checkpoint.recurrentWeights]?.floats, w.count == h * h else {
          throw FigureError(
            "input \(input.stage): not a readable train artifact: no \(h)×\(h) \(Checkpoint.recurrentWeights)")
        }
        values = statistics(of: w, neurons: h)
      }
      let id = "\(c.config.task.rawValue)-\(group.rawValue)"
      networks.sources.append(c.source)
      networks.append(
        [
          .text(c.config.task.rawValue), .text(group.rawValue), .number(Double(c.config.seed)),
          .number(Double(c.level)),
          .number(c.reached ? 1 : 0),
        ] + values.map(Table.Cell.number) + [.number(Double(h))])
      seeds[id, default: []].insert(c.config.seed)
      sources[id, default: []].append(c.source)
      if c.reached {
        curves[id, default: LevelCurve(metrics: metrics)].add(level: c.level, values: values)
        data.scale.add(condition: id, seed: c.config.seed, neurons: h, level: c.level)
      }
    }
    if leftOut > 0 {
      data.notes.append(
        "left out \(leftOut) checkpoint(s) with fixed τ, a gated cell or another curriculum than single/multi")
    }
    // Rows in a fixed order (task, curriculum, seed, N), whatever the order of the inputs.
    let sortKey = { (r: [Table.Cell]) -> (String, String, Double, Double) in
      guard case .text(let task) = r[0], case .text(let c) = r[1], case .number(let seed) = r[2],
        case .number(let n) = r[3]
      else { return ("", "", 0, 0) }
      return (task, c, seed, n)
    }
    networks.rows.sort { sortKey($0) < sortKey($1) }
    networks.sources.sort()
    data.tables.append(networks)

    var fits = Table(
      name: "fits",
      title:
        "least-squares lines over N of each statistic: value = intercept + slope · N, over every (network, N) point",
      columns: [
        .init("task", "parity or dms"), .init("curriculum", "single or multi"),
        .init("statistic", "column of networks"),
        .init("slope", "per unit N"), .init("intercept", "at N = 0"), .init("points", "(network, N) points fitted"),
      ])
    for task in TaskKind.allCases {
      var levels: [Int] = []
      for group in CurriculumGroup.allCases {
        let id = "\(task.rawValue)-\(group.rawValue)"
        var curve = curves[id] ?? LevelCurve(metrics: metrics)
        curve.networks = seeds[id]?.count ?? 0
        levels += curve.levels
        data.set("has_\(task.rawValue)_\(group.rawValue)", !curve.isEmpty)
        var t = curve.table(
          name: id,
          title: "statistics of W^R across \(group.rawValue)-head \(task.rawValue) networks, per level reached",
          withFit: true)
        t.sources = (sources[id] ?? []).sorted()
        data.tables.append(t)
        for (m, metric) in metrics.enumerated() {
          if let f = curve.linearFit(metric: m) {
            fits.append([
              .text(task.rawValue), .text(group.rawValue), .text(metric.name), .number(f.slope), .number(f.intercept),
              .number(Double(f.points)),
            ])
          }
        }
      }
      data.set("has_\(task.rawValue)", !levels.isEmpty)
      data.set("nmin_\(task.rawValue)", Double(levels.min() ?? 2))
      data.set("nmax_\(task.rawValue)", Double(max(levels.max() ?? 3, (levels.min() ?? 2) + 1)))
    }
    data.tables.append(fits)
    return data
  }
}

extension CurriculumGroup {
  /// Single- or multi-head; nil for the other curricula.
  init?(_ curriculum: Curriculum) {
    switch curriculum {
    case .single: self = .single
    case .multi: self = .multi
    default: return nil
    }
  }
}
