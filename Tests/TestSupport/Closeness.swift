/// The largest element-wise error between `actual` and `expected`, relative to
/// max(|expected|, floor), with the index where it occurs.
public func maxRelativeError(_ actual: [Double], _ expected: [Double], floor: Double = 1e-6) -> (
  error: Double, index: Int
) {
  precondition(actual.count == expected.count, "maxRelativeError: \(actual.count) vs \(expected.count) elements")
  var worst = (error: 0.0, index: -1)
  for i in actual.indices {
    let e = abs(actual[i] - expected[i]) / max(abs(expected[i]), floor)
    if e > worst.error || e.isNaN { worst = (e, i) }
  }
  return worst
}

/// The largest absolute element-wise difference, with its index.
public func maxAbsoluteError(_ actual: [Double], _ expected: [Double]) -> (error: Double, index: Int) {
  precondition(actual.count == expected.count, "maxAbsoluteError: \(actual.count) vs \(expected.count) elements")
  var worst = (error: 0.0, index: -1)
  for i in actual.indices {
    let e = abs(actual[i] - expected[i])
    if e > worst.error || e.isNaN { worst = (e, i) }
  }
  return worst
}
