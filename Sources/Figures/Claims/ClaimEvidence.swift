import Artifacts
import Foundation
import Layouts

/// What the claims are tested on, read from the claims stage's inputs by their role (`as` in
/// pipeline.json): `train` (leaky networks under the single/multi curricula), `fixed-tau` and
/// `no-curriculum` (leaky networks with τ fixed, or trained at one N without a curriculum), `gated`
/// (GRU/LSTM train stages), `tau-net`, `ablation`, `perturbation`, `retraining`, `forgetting`. A role
/// that is absent leaves its claims at NOT ENOUGH DATA. A train artifact counts by its config, not
/// its role. Readers are the figures' own, so a claim and the
/// figure that shows it read the artifacts the same way.
struct ClaimEvidence {
  static let roles = [
    "train", "fixed-tau", "no-curriculum", "gated", "tau-net", "ablation", "perturbation", "retraining", "forgetting",
  ]

  /// Leaky networks with trained τ in the default form, single- or multi-head.
  var trained: [TrainedNetwork] = []
  /// Leaky networks with τ fixed (default form, single- or multi-head).
  var fixedTau: [TrainedNetwork] = []
  /// Leaky networks with trained τ trained at one N without a curriculum.
  var noCurriculum: [TrainedNetwork] = []
  /// GRU/LSTM networks, single- or multi-head.
  var gated: [TrainedNetwork] = []
  /// Per network and level: mean τ_net over the neurons with τ_net > 1 (NaN: none, or level not reached).
  var tauNet: LevelStatistics?
  var ablation: [Ablation.Result] = []
  var perturbation: [(target: String, curve: Perturbation.Curve)] = []
  var retraining: [Retraining.Network] = []
  var forgetting: [Forgetting.Network] = []
  /// Inputs left out and why.
  var notes: [String] = []

  init(_ inputs: [FigureInput]) throws {
    let figure = "claims"
    var byRole: [String: [FigureInput]] = [:]
    for input in inputs {
      guard let role = input.role, Self.roles.contains(role) else {
        throw FigureError(
          "claims: input \(input.stage) has role \(input.role.map { "\"\($0)\"" } ?? "none")",
          hint: "give each need of the claims stage \"as\": one of \(Self.roles.joined(separator: ", "))")
      }
      byRole[role, default: []].append(input)
    }
    let train = try TrainedNetworks.read(
      ["train", "fixed-tau", "no-curriculum"].flatMap { byRole[$0] ?? [] }, figure: figure)
    let leaky = train.filter { $0.config.cell == nil && $0.config.form == .default }
    trained = leaky.filter { $0.config.tau.isTrained && $0.curriculumGroup != nil }
    fixedTau = leaky.filter { !$0.config.tau.isTrained && $0.curriculumGroup != nil }
    noCurriculum = leaky.filter { if case .none = $0.config.curriculum { $0.config.tau.isTrained } else { false } }
    let used = trained.count + fixedTau.count + noCurriculum.count
    if used < train.count {
      notes.append("train: left out \(train.count - used) network(s) with the mod form or another curriculum")
    }
    gated = try TrainedNetworks.read(byRole["gated"] ?? [], figure: figure).filter {
      $0.config.cell != nil && $0.curriculumGroup != nil
    }
    if let inputs = byRole["tau-net"] {
      let stats = try LevelStatistics(
        figure: figure, kind: "tau-net",
        metrics: [.init(name: "tau_net", description: "mean τ_net over neurons with τ_net > 1")],
        extras: [], inputs: inputs
      ) { s, a in
        ([mean(try s.layout { try TauNetLayout(a) }.neurons.tauNet.filter { $0 > 1 })], [])
      }
      tauNet = stats
    }
    for input in byRole["ablation"] ?? [] {
      let (s, a) = try AnalysisInput.read(input, kind: "ablation", figure: figure)
      if s.reached, s.curriculumGroup != nil { ablation.append(try Ablation.read(s, a)) }
    }
    for input in byRole["perturbation"] ?? [] {
      let (s, a) = try AnalysisInput.read(input, kind: "perturbation", figure: figure)
      let target = try s.layout { try PerturbationLayout.target(a) }.rawValue
      if s.reached, s.curriculumGroup != nil { perturbation.append((target, try Perturbation.read(s, a))) }
    }
    retraining = try Retraining.networks(byRole["retraining"] ?? [], figure: figure, notes: &notes).filter(\.reached)
    forgetting = try Forgetting.networks(byRole["forgetting"] ?? [], figure: figure, notes: &notes).filter {
      !$0.accuracy.isEmpty
    }
  }

  /// Tasks that have leaky networks, in the order of docs/method.md.
  var tasks: [TaskKind] { TaskKind.allCases.filter { t in trained.contains { $0.config.task == t } } }
}
