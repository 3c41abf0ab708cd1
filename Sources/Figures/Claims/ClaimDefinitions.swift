/// The paper's claims as fixed tests: what each claim compares, on which unit, with which test
/// and in which direction. Written before their verdicts on real data were seen; a change here
/// bumps `version` (the claims stage's code version) and gets a line in docs/claims-changelog.md.
///
/// Rules every claim shares:
/// - **The network is the unit.** A per-network number is computed first (a slope over levels, a
///   mean over trials, ε or N′), then the test runs across networks.
/// - **Two groups of networks** (single vs multi, trained vs fixed τ, …): the exact Mann–Whitney
///   test with ties (`mannWhitneyExact`). A network at the profile's ceiling is censored: its
///   value is tied with the others there, ranked above every network below it.
/// - **One group, a per-network difference** (τ_net slope minus τ slope, slow minus fast, accuracy
///   now minus when passed): the one-sample t-test of the differences against 0 (= the paired
///   t-test), which, unlike a rank test, can reach α with four networks.
/// - **Verdict** at α: PASS when the one-sided p in the claim's direction is below α; REVERSED
///   when the two-sided p is below α and the effect points the other way; FAIL otherwise; NOT
///   ENOUGH DATA when a side has fewer than two networks, when even fully separated groups of
///   these sizes could not reach α (1/C(n_a + n_b, n_a) ≥ α), when every network sits at the
///   ceiling, or when the evidence is absent. The row says why.
/// - **Levels** are chosen by a rule, never by looking at the outcome: "the highest level every
///   network of both curricula reached" (leaving out networks that failed a level would leave out
///   the slowest ones and bias the comparison).
public enum ClaimDefinitions {
  /// Version of these definitions; the claims stage's code version (1–2 were the claims before the
  /// network became the unit).
  public static let version = 3
  /// The significance level of every claim (fixed; not a parameter on purpose).
  public static let alpha = 0.05
  /// A slope over levels needs this many levels per network.
  static let levelsForSlope = 3
  /// Fewer networks than this on a side is NOT ENOUGH DATA.
  static let networksPerSide = 2

  static let spreading = ClaimDefinition(
    id: "C1", claim: "trained τ spreads more with N in single-head than in multi-head networks",
    statistic:
      "per-network least-squares slope of std(τ) over neurons vs N, levels 2…L, L = the highest level every network of both curricula reached (≥ 3 levels)",
    test: .twoGroups(first: "single", second: "multi", direction: .greater))
  static let tauNetMediated = ClaimDefinition(
    id: "C2",
    claim:
      "in multi-head networks τ_net grows with N faster than the neurons' own τ (the long timescale is network-mediated)",
    statistic:
      "per multi-head network: slope of mean τ_net (neurons with τ_net > 1) vs N minus slope of mean τ vs N, levels 2…L, L = the highest level every multi-head network has τ_net at (≥ 3 levels)",
    test: .oneGroup(name: "multi", direction: .greater))
  static let tauNetGrows = ClaimDefinition(
    id: "C2a", claim: "supporting C2: τ_net grows with N in multi-head networks",
    statistic: "per multi-head network: slope of mean τ_net vs N over the levels of C2",
    test: .oneGroup(name: "multi", direction: .greater))
  static let trainingSpeed = ClaimDefinition(
    id: "C3", claim: "multi-head networks train faster",
    statistic: "epochs to pass level L, L = the highest level every network of both curricula reached",
    test: .twoGroups(first: "multi", second: "single", direction: .less))
  static let ablation = ClaimDefinition(
    id: "C4", claim: "ablation: single-head networks rely on slow neurons, multi-head ones on fast neurons",
    statistic:
      "per network: accuracy with one of the fastest minus one of the slowest neurons ablated (the slow-minus-fast drop), at the highest ablation level with two networks per curriculum",
    test: .twoGroups(first: "single", second: "multi", direction: .greater))
  static let ablationSingle = ClaimDefinition(
    id: "C4a", claim: "supporting C4: ablating a slow neuron hurts single-head networks more than a fast one",
    statistic: "per single-head network: accuracy with a fast minus with a slow neuron ablated, level of C4",
    test: .oneGroup(name: "single", direction: .greater))
  static let ablationMulti = ClaimDefinition(
    id: "C4b", claim: "supporting C4: ablating a fast neuron hurts multi-head networks more than a slow one",
    statistic: "per multi-head network: accuracy with a fast minus with a slow neuron ablated, level of C4",
    test: .oneGroup(name: "multi", direction: .less))
  static let perturbation = ClaimDefinition(
    id: "C5", claim: "multi-head networks are more robust to perturbation",
    statistic:
      "per network: relative accuracy averaged over trials and every ε > 0, at the highest perturbation level with two networks per curriculum",
    test: .twoGroups(first: "multi", second: "single", direction: .greater))
  static let retraining = ClaimDefinition(
    id: "C6", claim: "networks first trained multi-head retrain better as single-head networks",
    statistic: "per network: mean relative accuracy over the retraining N′ > L",
    test: .twoGroups(first: "multi", second: "single", direction: .greater))
  static let gated = ClaimDefinition(
    id: "C7", claim: "the multi-head curriculum helps gated networks reach larger N",
    statistic:
      "largest N reached within the profile's epoch budget; networks at the profile's last level are censored (tied at the top)",
    test: .twoGroups(first: "multi", second: "single", direction: .greater))
  static let forgetting = ClaimDefinition(
    id: "C8", claim: "single-head networks forget the earlier N",
    statistic:
      "per single-head network: mean over earlier N′ < N_max of accuracy on N′ after training to N_max minus its test accuracy when it passed N′",
    test: .oneGroup(name: "single", direction: .less))
  static let fixedTau = ClaimDefinition(
    id: "C9", claim: "single-head networks with trained τ reach larger N than with τ fixed at 1",
    statistic:
      "largest N reached within the profile's epoch budget; networks at the profile's last level are censored (tied at the top)",
    test: .twoGroups(first: "trained", second: "fixed τ = 1", direction: .greater))
  static let tauNetRatio = ClaimDefinition(
    id: "C10", claim: "at large N, multi-head τ_net is smaller than single-head τ_net (paper: about half)",
    statistic:
      "per-network mean τ_net (neurons with τ_net > 1) at L, the highest level every network of both curricula has τ_net at",
    test: .twoGroups(first: "multi", second: "single", direction: .less))
  static let noCurriculum = ClaimDefinition(
    id: "C11", claim: "without a curriculum networks fail at large N where the curricula pass",
    statistic:
      "passed N (1) or not (0), N = the largest N trained without a curriculum; curriculum networks (single- and multi-head) pass N when they reached it",
    test: .twoGroups(first: "curriculum", second: "none", direction: .greater))

  /// Every claim, in table order.
  static let all = [
    spreading, tauNetMediated, tauNetGrows, trainingSpeed, ablation, ablationSingle, ablationMulti,
    perturbation, retraining, gated, forgetting, fixedTau, tauNetRatio, noCurriculum,
  ]
}

/// The direction a claim states: the first group (or the per-network difference) is greater or
/// less than the second (or 0).
public enum ClaimDirection: String, Sendable {
  case greater, less
}

/// One claim: its words, its per-network statistic and its test.
struct ClaimDefinition: Sendable {
  enum Test: Sendable {
    /// Exact Mann–Whitney across networks, first group vs second.
    case twoGroups(first: String, second: String, direction: ClaimDirection)
    /// One-sample t-test across the networks of one group, per-network value vs 0.
    case oneGroup(name: String, direction: ClaimDirection)
  }

  var id: String
  var claim: String
  var statistic: String
  var test: Test

  /// "exact Mann–Whitney, one-sided (single > multi)".
  var testText: String {
    switch test {
    case .twoGroups(let a, let b, let d): "exact Mann–Whitney across networks, one-sided (\(a) \(d.symbol) \(b))"
    case .oneGroup(_, let d): "one-sample t-test across networks, one-sided (mean \(d.symbol) 0)"
    }
  }
}

extension ClaimDirection {
  var symbol: String { self == .greater ? ">" : "<" }
}
