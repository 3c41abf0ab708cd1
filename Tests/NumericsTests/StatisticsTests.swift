import Artifacts
import Numerics
import TestSupport
import Testing

private func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

@Suite struct StatisticsTests {
  @Test(arguments: ["ttest_ind", "ttest_ind_small"])
  func studentMatchesScipyReference(group: String) throws {
    let a = try Fixtures.numerics()
    let x = try #require(a["/stats/\(group)/a"]).doubles
    let y = try #require(a["/stats/\(group)/b"]).doubles
    let t = try #require(a.attribute("t", at: "/stats/\(group)")?.doubleValue)
    let p = try #require(a.attribute("p", at: "/stats/\(group)")?.doubleValue)
    let r = studentTTest(x, y)
    #expect(relative(r.t, t) < 1e-6, "\(group): t \(r.t) vs \(t)")
    #expect(relative(r.pTwoSided, p) < 1e-6, "\(group): p \(r.pTwoSided) vs \(p)")
    #expect(r.degreesOfFreedom == Double(x.count + y.count - 2))
    print("\(group): t rel err \(relative(r.t, t)), p rel err \(relative(r.pTwoSided, p))")
  }

  private static let a = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8]
  private static let b = [1.2, 2.2, 0.7, 3.9, 1.8]

  @Test func studentAllAlternatives() {
    // scipy.stats.ttest_ind(a, b, alternative=…): t 1.8776276658604827, df 10
    let r = studentTTest(Self.a, Self.b)
    #expect(relative(r.t, 1.8776276658604827) < 1e-12)
    #expect(relative(r.pTwoSided, 0.08987377853867294) < 1e-10)
    #expect(relative(r.pLess, 0.9550631107306635) < 1e-10)
    #expect(relative(r.pGreater, 0.04493688926933647) < 1e-10)
  }

  @Test func welch() {
    // scipy.stats.ttest_ind(a, b, equal_var=False, alternative=…): t 1.8978285675198252, df 9.093749971791222
    let r = welchTTest(Self.a, Self.b)
    #expect(relative(r.t, 1.8978285675198252) < 1e-12)
    #expect(relative(r.degreesOfFreedom, 9.093749971791222) < 1e-12)
    #expect(relative(r.pTwoSided, 0.08986388714316394) < 1e-10)
    #expect(relative(r.pLess, 0.9550680564284181) < 1e-10)
    #expect(relative(r.pGreater, 0.04493194357158197) < 1e-10)
  }

  @Test func welchOfConstantSamples() {
    // Hand-checked: both variances 0, so t = 3/0 = +∞ and (as scipy) ν = 1: p > is 0, p < is 1.
    let r = welchTTest([9, 9], [6, 6])
    #expect(r.t == .infinity && r.degreesOfFreedom == 1 && r.pGreater == 0 && r.pLess == 1)
    // Equal constants: 0/0, nothing to conclude.
    #expect(welchTTest([4, 4], [4, 4]).pGreater.isNaN)
  }

  @Test func paired() {
    // scipy.stats.ttest_rel(x, y, alternative=…): t 3.130495168499702, df 5
    let x = [0.61, 0.70, 0.55, 0.82, 0.90, 0.66], y = [0.58, 0.71, 0.49, 0.80, 0.85, 0.60]
    let r = pairedTTest(x, y)
    #expect(relative(r.t, 3.130495168499702) < 1e-10)
    #expect(r.degreesOfFreedom == 5)
    #expect(relative(r.pTwoSided, 0.02594293604551281) < 1e-9)
    #expect(relative(r.pLess, 0.9870285319772436) < 1e-10)
    #expect(relative(r.pGreater, 0.012971468022756404) < 1e-9)
  }

  @Test func spearmanWithTies() {
    // scipy.stats.spearmanr(u, v, alternative=…)
    let r = spearmanCorrelation([2, 3, 4, 5, 6, 7, 8, 9], [1.5, 1.9, 1.9, 2.4, 2.2, 3.1, 3.1, 3.0])
    #expect(relative(r.rho, 0.8916309815169778) < 1e-12)
    #expect(relative(r.pTwoSided, 0.002928680906134818) < 1e-9)
    #expect(relative(r.pLess, 0.9985356595469326) < 1e-10)
    #expect(relative(r.pGreater, 0.001464340453067409) < 1e-9)
    let s = spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])
    #expect(relative(s.rho, 0.8207826816681233) < 1e-12)
    #expect(relative(s.pTwoSided, 0.08858700531354384) < 1e-9)
    #expect(relative(s.pLess, 0.9557064973432281) < 1e-10)
    #expect(relative(s.pGreater, 0.04429350265677192) < 1e-9)
    let perfect = spearmanCorrelation([1, 2, 3, 4], [10, 20, 30, 40])
    #expect(perfect.rho == 1 && perfect.pGreater == 0 && perfect.pLess == 1)
    #expect(spearmanCorrelation([1, 2, 3], [4, 4, 4]).rho.isNaN)
  }

  @Test func ranks() {
    // scipy.stats.rankdata([3,1,4,1,5,9,2,6,5,3,5])
    #expect(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]) == [4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8])
  }

  @Test func studentTDistribution() {
    // (t, ν, scipy.stats.t.cdf(t, ν), scipy.stats.t.sf(t, ν))
    let cases: [(Double, Double, Double, Double)] = [
      (0.5, 3, 0.6742760175759245, 0.3257239824240755),
      (-2.0, 7.5, 0.041448497649083156, 0.9585515023509168),
      (6.6583, 78, 0.9999999982530295, 1.7469704048946123e-09),
      (-40, 10, 1.1404288715428768e-12, 0.9999999999988596),
      (1e-3, 1000, 0.5003988424907736, 0.4996011575092264),
      (3.0, 1, 0.8975836176504333, 0.10241638234956672),
    ]
    for (t, nu, cdf, sf) in cases {
      #expect(
        relative(StudentT.cdf(t, degreesOfFreedom: nu), cdf) < 1e-10,
        "cdf(\(t), \(nu)) = \(StudentT.cdf(t, degreesOfFreedom: nu)) vs \(cdf)")
      #expect(
        relative(StudentT.survival(t, degreesOfFreedom: nu), sf) < 1e-10,
        "sf(\(t), \(nu)) = \(StudentT.survival(t, degreesOfFreedom: nu)) vs \(sf)")
    }
    #expect(
      StudentT.cdf(.infinity, degreesOfFreedom: 3) == 1 && StudentT.twoSidedP(-.infinity, degreesOfFreedom: 3) == 0)
  }

  @Test func specialFunctions() {
    // scipy.special.betainc(a, b, x)
    #expect(relative(regularizedIncompleteBeta(0.3, 2, 3), 0.34829999999999994) < 1e-13)
    #expect(relative(regularizedIncompleteBeta(0.9, 0.5, 10), 0.9999999999815198) < 1e-13)
    #expect(relative(regularizedIncompleteBeta(0.01, 39, 0.5), 9.049579780546794e-80) < 1e-11)
    #expect(relative(regularizedIncompleteBeta(0.999, 5, 5), 0.9999999999998744) < 1e-13)
    // scipy.special.gammaln(x)
    for (x, expected) in [
      (0.5, 0.5723649429247), (1.5, -0.12078223763524526), (10, 12.801827480081469),
      (100.5, 361.43554046777757), (1e-3, 6.907178885383853),
    ] {
      #expect(relative(logGamma(x), expected) < 1e-13, "lnΓ(\(x)) = \(logGamma(x)) vs \(expected)")
    }
    #expect(abs(logGamma(1)) < 1e-15)
  }
}
