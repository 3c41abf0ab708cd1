import Foundation
import Numerics

/// A claim's test on per-network values and its verdict (rules: `ClaimDefinitions`). Works on
/// plain numbers, so every verdict can be tested on synthetic values.
enum ClaimDecision {
  /// Two groups of networks, `first` vs `second` as `d` names them, by the exact Mann–Whitney
  /// test. `ceiling`: values at it are censored (the profile's last level); `at` says where the
  /// values were taken ("at N = 9"); `format` prints a group mean.
  static func twoGroups(
    _ d: ClaimDefinition, scope: String, first: [Double], second: [Double],
    ceiling: Double? = nil, at: String = "", format: String = "%.3g"
  ) -> ClaimResult {
    guard case .twoGroups(let nameA, let nameB, let direction) = d.test else {
      preconditionFailure("\(d.id) is not a two-group claim")
    }
    var r = ClaimResult(d, scope: scope)
    let a = first.filter(\.isFinite), b = second.filter(\.isFinite)
    r.n = [SideCount(side: nameA, n: a.count), SideCount(side: nameB, n: b.count)]
    let minimum = ClaimDefinitions.networksPerSide
    guard a.count >= minimum, b.count >= minimum else {
      r.note = "needs \(minimum) networks per side, has \(a.count) \(nameA) and \(b.count) \(nameB)"
      return r
    }
    r.effect =
      String(format: "mean %@ \(format) vs %@ \(format)", nameA, mean(a), nameB, mean(b)) + (at.isEmpty ? "" : " " + at)
    let smallest = mannWhitneySmallestP(a.count, b.count)
    guard smallest < ClaimDefinitions.alpha else {
      r.note = String(
        format: "with %d %@ and %d %@ networks the smallest possible one-sided p is %.3f ≥ α",
        a.count, nameA, b.count, nameB, smallest)
      return r
    }
    if let c = ceiling {
      let atA = a.filter { $0 >= c }.count, atB = b.filter { $0 >= c }.count
      if atA == a.count && atB == b.count {
        r.note = "every network reached the profile's last level \(formatNumber(c)): the budget did not separate them"
        return r
      }
      if atA + atB > 0 {
        r.addNote(
          "at the profile's last level \(formatNumber(c)) (censored, tied at the top): \(atA) \(nameA), \(atB) \(nameB)"
        )
      }
    }
    let u = mannWhitneyExact(a, b)
    decide(&r, pLess: u.pLess, pGreater: u.pGreater, pTwoSided: u.pTwoSided, direction: direction)
    return r
  }

  /// One group's per-network values (differences) against 0 by the one-sample t-test.
  static func oneGroup(_ d: ClaimDefinition, scope: String, values: [Double], at: String = "", format: String = "%.3g")
    -> ClaimResult
  {
    guard case .oneGroup(let name, let direction) = d.test else {
      preconditionFailure("\(d.id) is not a one-group claim")
    }
    var r = ClaimResult(d, scope: scope)
    let v = values.filter(\.isFinite)
    r.n = [SideCount(side: name, n: v.count)]
    let minimum = ClaimDefinitions.networksPerSide
    guard v.count >= minimum else {
      r.note = "needs \(minimum) \(name) networks, has \(v.count)"
      return r
    }
    r.effect = String(format: "mean \(format) over %d networks", mean(v), v.count) + (at.isEmpty ? "" : " " + at)
    let t = pairedTTest(v, [Double](repeating: 0, count: v.count))
    if t.t.isNaN {
      r.verdict = .fail
      r.note = "every network gave 0: no effect and no spread (t undefined)"
      return r
    }
    decide(&r, pLess: t.pLess, pGreater: t.pGreater, pTwoSided: t.pTwoSided, direction: direction)
    return r
  }

  /// PASS when the claim's one-sided p < α; REVERSED when the two-sided p < α the other way; else FAIL.
  static func decide(
    _ r: inout ClaimResult, pLess: Double, pGreater: Double, pTwoSided: Double, direction: ClaimDirection
  ) {
    let alpha = ClaimDefinitions.alpha
    r.pOneSided = direction == .greater ? pGreater : pLess
    r.pTwoSided = pTwoSided
    let opposite = direction == .greater ? pLess : pGreater
    if r.pOneSided < alpha {
      r.verdict = .pass
    } else if pTwoSided < alpha && opposite < r.pOneSided {
      r.verdict = .reversed
    } else {
      r.verdict = .fail
    }
  }

  /// A row that could not be tested, and why.
  static func notEnoughData(_ d: ClaimDefinition, scope: String, _ why: String) -> ClaimResult {
    var r = ClaimResult(d, scope: scope)
    r.note = why
    return r
  }
}
