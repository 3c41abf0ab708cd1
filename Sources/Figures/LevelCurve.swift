/// A few per-network numbers at each curriculum level, for one condition (task × curriculum):
/// the curve drawn against N is their mean over networks, the band their std across networks
/// (ddof 0), and a point that fewer than all of the condition's networks reached says so ("n = 2").
struct LevelCurve {
  /// What each of the values is (one column pair per metric).
  var metrics: [Table.Column]
  /// N → the values of each network with a value there (`metrics.count` each, NaN allowed).
  private(set) var byLevel: [Int: [[Double]]] = [:]
  /// The condition's networks (drawn or not: a network that never reached a level still counts).
  var networks = 0

  init(metrics: [Table.Column]) { self.metrics = metrics }

  mutating func add(level: Int, values: [Double]) {
    precondition(values.count == metrics.count, "LevelCurve: \(values.count) values for \(metrics.count) metrics")
    byLevel[level, default: []].append(values)
  }

  var levels: [Int] { byLevel.keys.sorted() }
  var isEmpty: Bool { byLevel.isEmpty }

  /// The finite values of metric `m` at `level`, one per network, ascending: sums over them do not
  /// depend on the order the inputs came in.
  func values(level: Int, metric m: Int) -> [Double] {
    (byLevel[level] ?? []).map { $0[m] }.filter(\.isFinite).sorted()
  }

  /// Whether metric `m` has a value somewhere (gnuplot warns about a curve without a valid point).
  func has(metric m: Int) -> Bool { levels.contains { !values(level: $0, metric: m).isEmpty } }

  /// Least-squares line value = intercept + slope·N over every (network, N) point of metric `m`;
  /// nil with fewer than two distinct N.
  func linearFit(metric m: Int) -> (slope: Double, intercept: Double, points: Int)? {
    var xs: [Double] = [], ys: [Double] = []
    for n in levels { for v in values(level: n, metric: m) { xs.append(Double(n)); ys.append(v) } }
    guard Set(xs).count >= 2 else { return nil }
    let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
    var sxy = 0.0, sxx = 0.0
    for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
    let slope = sxy / sxx
    return (slope, my - slope * mx, xs.count)
  }

  /// The columns of `table(name:title:withFit:)`.
  func columns(withFit: Bool) -> [Table.Column] {
    var c: [Table.Column] = [
      .init("n", "curriculum level N"), .init("networks", "networks with a value at this level"),
      .init("label", "\"n = k\" where only k of the condition's \(networks) networks contribute, else -"),
    ]
    for m in metrics {
      c.append(.init(m.name, "mean over networks of: \(m.description)"))
      c.append(.init("\(m.name)_sd", "std across networks (ddof 0)"))
      if withFit { c.append(.init("\(m.name)_fit", "least-squares line over every (network, N) point, at this N")) }
    }
    return c
  }

  /// One row per level with a value (sorted): N, networks, label, then per metric mean, sd (, fit).
  func table(name: String, title: String, withFit: Bool = false) -> Table {
    var t = Table(name: name, title: title, columns: columns(withFit: withFit))
    let fits = metrics.indices.map { withFit ? linearFit(metric: $0) : nil }
    for n in levels {
      let count = (byLevel[n] ?? []).count
      var row: [Table.Cell] = [.number(Double(n)), .number(Double(count)), .text(networksLabel(count, of: networks))]
      for m in metrics.indices {
        let s = meanAndStd(values(level: n, metric: m))
        row += [.number(s.mean), .number(s.std)]
        if withFit { row.append(.number(fits[m].map { $0.intercept + $0.slope * Double(n) } ?? .nan)) }
      }
      t.append(row)
    }
    return t
  }
}

/// "n = k" when only k of `total` networks stand behind a point, "-" (no label) when all do.
func networksLabel(_ k: Int, of total: Int) -> String { k < total ? "n = \(k)" : "-" }
