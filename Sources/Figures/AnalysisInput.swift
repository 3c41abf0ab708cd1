import Artifacts
import Foundation
import Layouts
import Numerics

/// One analysis artifact (ablation, perturbation, retraining, τ_net, forgetting, continuous time)
/// given to a figure, with its `/source` (`AnalysisSource` in Layouts): which network (its training
/// config), at which level, and whether that level was reached. An analysis of a level not reached
/// holds only `/source`: missing data, drawn as a gap.
///
/// Builders read an input with `AnalysisInput.read`, take the numbers they draw from the artifact,
/// and let it go: only one artifact is in memory at a time.
public struct AnalysisInput {
  public var source: Table.Source
  /// The analysed network's training config (task, curriculum, seed, …): figures group by it.
  public var config: TrainingConfig
  /// The network's level: ablation and perturbation ran at it; retraining started from it (L).
  public var level: Int
  /// False: the network never passed `level`, the artifact has no data.
  public var reached: Bool
  /// The analysis kind ("ablation"), for messages.
  public var kind: String

  /// Loads `input` and reads its `/source`; `kind` names the analysis in errors ("ablation").
  /// Returns the artifact too, for the caller to take its numbers from and drop.
  public static func read(_ input: FigureInput, kind: String, figure: String) throws -> (AnalysisInput, Artifact) {
    let a = try input.load()
    return (try AnalysisInput(a, input: input, kind: kind, figure: figure), a)
  }

  init(_ a: Artifact, input: FigureInput, kind: String, figure: String) throws {
    let producedBy = a.attribute("provenance.kind")?.stringValue.map { " (kind \($0))" } ?? ""
    guard a.attribute("config", at: "/source") != nil else {
      throw FigureError(
        "figure \(figure) reads \(kind) artifacts, but input \(input.stage)\(producedBy) is not one (it has no /source config)",
        hint: "give the figure stage only \(kind) stages in its needs")
    }
    let network: AnalysisSource
    do {
      network = try AnalysisSource(analysis: a)
    } catch let e as LayoutError {
      throw FigureError(
        "figure \(figure): input \(input.stage) is not a readable \(kind) artifact: \(e.path): \(e.reason)")
    }
    if let k = a.attribute("provenance.kind")?.stringValue, k != kind {
      throw FigureError(
        "figure \(figure) reads \(kind) artifacts, but input \(input.stage) is of kind \(k)",
        hint: "give the figure stage only \(kind) stages in its needs")
    }
    source = input.source
    config = network.config
    level = network.level
    reached = network.levelReached
    self.kind = kind
  }

  /// A typed layout of this source's artifact (`AblationLayout(a)`, …), a layout error reported
  /// as this input's.
  public func layout<L>(_ read: () throws -> L) throws -> L {
    do { return try read() } catch let e as LayoutError {
      throw FigureError("input \(source.stage): the \(kind) artifact is not readable: \(e.path): \(e.reason)")
    }
  }

  /// Single- or multi-head; nil for the other curricula.
  public var curriculumGroup: CurriculumGroup? {
    switch config.curriculum {
    case .single: .single
    case .multi: .multi
    default: nil
    }
  }

  /// The network (training run) this analysed: its config as canonical JSON.
  public var networkID: String { Checkpoint.configJSON(config) }

  /// "parity single seed1".
  public var label: String { "\(config.task.rawValue) \(config.curriculum) seed\(config.seed)" }
}

/// Mean of finite values; NaN when there are none.
func mean(_ x: [Double]) -> Double { meanAndStd(x).mean }

/// The relative accuracy of docs/method.md §5: (acc − 0.5)/(baseline − 0.5). NaN when the baseline is not above chance
/// (the ratio has no meaning there).
public func relativeAccuracy(_ accuracy: Double, baseline: Double) -> Double {
  baseline > 0.5 ? (accuracy - 0.5) / (baseline - 0.5) : .nan
}

/// Two-sided p of the paired t-test (`scipy.stats.ttest_rel`) over the pairs where both values
/// are finite; NaN with fewer than two pairs.
public func pairedP(_ a: [Double], _ b: [Double]) -> Double {
  let pairs = zip(a, b).filter { $0.0.isFinite && $0.1.isFinite }
  guard pairs.count >= 2 else { return .nan }
  return pairedTTest(pairs.map(\.0), pairs.map(\.1)).pTwoSided
}

/// Range `[lo, hi]` of the finite values with room above for labels; `floor`/`ceiling` are kept inside.
func axisRange(_ values: [Double], include: [Double], headroom: Double) -> (lo: Double, hi: Double) {
  let v = (values + include).filter(\.isFinite)
  guard var lo = v.min(), var hi = v.max() else { return (0, 1) }
  if hi - lo < 1e-9 { lo -= 0.5; hi += 0.5 }
  let span = hi - lo
  lo -= 0.04 * span
  hi += headroom * span
  return (lo, hi)
}
