import Artifacts

/// What one dataset of an artifact holds: the `description`, `units` and `dimensions` attributes
/// written on it, and, where it has them, how missing values are marked and a note (booleans).
/// `path` may hold `*` for one path segment (`/files/*`).
public struct DatasetDescription: Sendable {
  public var path: String
  public var description: String
  /// `1` for a dimensionless number, `""` for an identifier or a file's bytes.
  public var units: String
  /// The name of each axis, outermost first (`lag`, `neuron`).
  public var dimensions: [String]
  public var missing: String?
  public var note: String?

  public init(
    _ path: String, _ description: String, units: String = "1", dimensions: [String], missing: String? = nil,
    note: String? = nil
  ) {
    self.path = path
    self.description = description
    self.units = units
    self.dimensions = dimensions
    self.missing = missing
    self.note = note
  }

  func matches(_ p: String) -> Bool {
    let a = path.split(separator: "/"), b = p.split(separator: "/")
    return a.count == b.count && zip(a, b).allSatisfy { $0 == "*" || $0 == $1 }
  }
}

/// One artifact layout: its name and version (written on the root as `layout`, `layout_version`),
/// the stage kinds that write it, and every dataset it may hold. The one source of truth for the
/// attributes on the files and for docs/artifacts.md.
public struct ArtifactLayout: Sendable {
  public var name: String
  public var version: Int
  public var kinds: [String]
  public var summary: String
  public var datasets: [DatasetDescription]
}

public enum ArtifactLayouts {
  static let boolean = "boolean stored as uint8: 1 true, 0 false"

  /// A fit's datasets under `group` (`/neurons/single` …), `n` named dimension of the fitted series.
  static func fit(_ group: String, _ what: String, _ series: String, parameters: String) -> [DatasetDescription] {
    [
      .init(
        "\(group)/parameters", "\(what) fitted to AC/AC[0] over the fitted lags: \(parameters)",
        units: "1 (a, c), steps (τ)",
        dimensions: [series, "parameter"], missing: "NaN where the fit failed"),
      .init(
        "\(group)/aic", "AIC of the \(what) fit, 2k + n·ln(RSS/n)", dimensions: [series],
        missing: "1e5 where the fit failed"),
      .init(
        "\(group)/rss", "residual sum of squares of the \(what) fit", dimensions: [series],
        missing: "NaN where the fit failed"),
      .init("\(group)/converged", "whether the \(what) fit converged", units: "", dimensions: [series], note: boolean),
    ]
  }

  static func estimates(_ group: String, _ series: String) -> [DatasetDescription] {
    [
      .init(
        "\(group)/tau_net", "τ_net: τ of the model with the lower AIC (the larger τ of the double exponential)",
        units: "steps",
        dimensions: [series], missing: "NaN where neither fit converged"),
      .init(
        "\(group)/selected_model", "the model with the lower AIC: 1 single, 2 double exponential, 0 neither", units: "",
        dimensions: [series]),
    ]
      + fit("\(group)/single", "single exponential a·e^(−t/τ)", series, parameters: "[a, τ]")
      + fit(
        "\(group)/double", "double exponential a[c·e^(−t/τ1) + (1−c)·e^(−t/τ2)]", series,
        parameters: "[a, τ1, τ2, c], τ1 ≤ τ2")
  }

  static let history: [DatasetDescription] = [
    .init("/history/epoch", "epoch number since the start of training", units: "epochs", dimensions: ["epoch"]),
    .init("/history/level", "curriculum level N being trained in that epoch", dimensions: ["epoch"]),
    .init("/history/epoch_in_level", "epoch number within the level", units: "epochs", dimensions: ["epoch"]),
    .init("/history/n_min", "smallest N the active heads answer", dimensions: ["epoch"]),
    .init("/history/n_max", "largest N the active heads answer", dimensions: ["epoch"]),
    .init(
      "/history/loss", "mean training loss (cross-entropy summed over active heads)", units: "nats",
      dimensions: ["epoch"]),
    .init(
      "/history/accuracy", "test accuracy of each active head", dimensions: ["epoch", "head"],
      missing: "NaN where a head was not active in that epoch"),
    .init(
      "/history/ns", "the N each active head answers", dimensions: ["epoch", "head"],
      missing: "0 where a head was not active"),
  ]

  static let heads: [DatasetDescription] = [
    .init("/network/heads_w", "readout weights of each head (2 logits)", dimensions: ["head", "logit", "neuron"]),
    .init("/network/heads_b", "readout biases of each head", dimensions: ["head", "logit"]),
  ]

  /// Every layout.
  public static let all: [ArtifactLayout] = [
    ArtifactLayout(
      name: "checkpoint", version: 2, kinds: ["train", "import"],
      summary: "a trained network (leaky RNN, GRU or LSTM), its optimiser state and its training history",
      datasets: [
        .init(
          "/network/tau", "raw timescale τ of each neuron (the network uses max(τ, 1))", units: "steps",
          dimensions: ["neuron"]),
        .init("/network/w_in", "input weights", dimensions: ["neuron", "input"]),
        .init("/network/b_in", "input biases", dimensions: ["neuron"]),
        .init(
          "/network/w_rec", "recurrent weights, row = the neuron driven (diagonal 0)", dimensions: ["neuron", "neuron"]),
        .init("/network/b_rec", "recurrent biases", dimensions: ["neuron"]),
        .init(
          "/network/weight_ih_l0", "GRU/LSTM input weights, gate blocks in PyTorch order (GRU r,z,n; LSTM i,f,g,o)",
          dimensions: ["gate×neuron", "input"]),
        .init(
          "/network/weight_hh_l0", "GRU/LSTM recurrent weights, gate blocks in PyTorch order",
          dimensions: ["gate×neuron", "neuron"]),
        .init("/network/bias_ih_l0", "GRU/LSTM input biases", dimensions: ["gate×neuron"]),
        .init("/network/bias_hh_l0", "GRU/LSTM recurrent biases", dimensions: ["gate×neuron"]),
        .init(
          "/optimizer/momentum_buffer", "SGD-Nesterov momentum of every parameter, laid out as the parameters",
          dimensions: ["parameter"]),
        .init("/optimizer/exp_avg", "Adam first-moment estimate of every parameter", dimensions: ["parameter"]),
        .init("/optimizer/exp_avg_sq", "Adam second-moment estimate of every parameter", dimensions: ["parameter"]),
        .init("/optimizer/step", "Adam step count of every parameter", units: "steps", dimensions: ["parameter"]),
      ] + heads + history),
    ArtifactLayout(
      name: "tau-net", version: 2, kinds: ["tau-net"],
      summary: "network-mediated timescales τ_net (autocorrelation fits) and PCA dimensionality of one network",
      datasets: [
        .init("/neurons/tau", "raw trained τ of each neuron", units: "steps", dimensions: ["neuron"]),
        .init(
          "/neurons/autocovariance", "trial-averaged autocovariance of each neuron's activity (not normalised)",
          units: "activity²",
          dimensions: ["lag", "neuron"]),
        .init(
          "/population/autocovariance", "trial-averaged autocovariance of the summed activity", units: "activity²",
          dimensions: ["lag"]),
        .init(
          "/dimensionality/explained_variance_ratio",
          "fraction of the variance each principal component explains, descending",
          dimensions: ["trial", "component"]),
        .init(
          "/dimensionality/dimensionality_components_90", "components needed for more than 90 % of the variance",
          dimensions: ["trial"]),
        .init(
          "/dimensionality/dimensionality_reference", "the authors' convention: components for 90 % minus 1",
          dimensions: ["trial"]),
        .init("/simulation/input_probability", "p of each trial's Bernoulli(p) inputs", dimensions: ["trial"]),
      ] + estimates("/neurons", "neuron") + estimates("/population", "population")),
    ArtifactLayout(
      name: "ablation", version: 2, kinds: ["ablation"],
      summary: "streaming accuracy after removing each of the K fastest or slowest neurons",
      datasets: [
        .init("/baseline/accuracy", "streaming accuracy of the intact network", dimensions: ["trial"]),
        .init("/fast/neuron", "index of each ablated fast neuron, fastest first", units: "", dimensions: ["rank"]),
        .init("/fast/tau", "its raw τ", units: "steps", dimensions: ["rank"]),
        .init("/fast/accuracy", "streaming accuracy with that neuron removed", dimensions: ["rank", "trial"]),
        .init("/slow/neuron", "index of each ablated slow neuron, slowest first", units: "", dimensions: ["rank"]),
        .init("/slow/tau", "its raw τ", units: "steps", dimensions: ["rank"]),
        .init("/slow/accuracy", "streaming accuracy with that neuron removed", dimensions: ["rank", "trial"]),
      ]),
    ArtifactLayout(
      name: "perturbation", version: 2, kinds: ["perturbation"],
      summary: "streaming accuracy after random perturbations of W^R or τ of size ε",
      datasets: [
        .init("/epsilon", "perturbation size ε", dimensions: ["epsilon"]),
        .init("/accuracy", "streaming accuracy of the perturbed network", dimensions: ["epsilon", "trial"]),
        .init("/relative_accuracy", "(accuracy − 0.5) / (baseline mean − 0.5)", dimensions: ["epsilon", "trial"]),
        .init(
          "/baseline/accuracy", "streaming accuracy of the unperturbed network on the same streams",
          dimensions: ["trial"]),
      ]),
    ArtifactLayout(
      name: "retraining", version: 2, kinds: ["retraining"],
      summary: "single-head retraining of a network with a new head on N′",
      datasets: [
        .init(
          "/accuracy", "test accuracy after the last retraining epoch", dimensions: ["value"],
          missing: "NaN if no epoch ran")
      ] + history),
    ArtifactLayout(
      name: "forgetting", version: 2, kinds: ["forgetting"],
      summary: "training-protocol accuracy on every earlier N after training to N_max",
      datasets: [
        .init("/forgetting/n", "the earlier N tested, ascending", dimensions: ["n"]),
        .init("/forgetting/head", "the head used for it", dimensions: ["n"]),
        .init("/forgetting/accuracy", "fraction of test sequences answered correctly", dimensions: ["n"]),
      ]),
    ArtifactLayout(
      name: "continuous-time-test", version: 2, kinds: ["continuous-time-test"],
      summary: "accuracy of a continuous-time network per head at a grid of Δt = 1/k",
      datasets: [
        .init(
          "/continuous_time/steps_per_digit", "the grid of k (steps each digit is held), ascending", units: "steps",
          dimensions: ["k"]),
        .init("/continuous_time/dt", "Δt = 1/k", units: "digits", dimensions: ["k"]),
        .init(
          "/continuous_time/training_steps_per_digit", "the k the network was trained with ([1]: discrete)",
          units: "steps",
          dimensions: ["training k"]),
        .init("/continuous_time/head", "the heads tested (the level's active heads)", dimensions: ["head"]),
        .init("/continuous_time/n", "the N each head answers", dimensions: ["head"]),
        .init("/continuous_time/accuracy", "fraction of test sequences answered correctly", dimensions: ["k", "head"]),
      ]),
    ArtifactLayout(
      name: "figure", version: 2, kinds: ["figure"], summary: "a figure's TSV tables and its drawings",
      datasets: [
        .init(
          "/tables/*",
          "a table of the figure as a TSV file's bytes (# comment lines, a header line, rows; NaN missing)",
          units: "", dimensions: ["byte"]),
        .init(
          "/files/*", "a drawing of the figure (PNG, SVG or PDF) as the file's bytes", units: "", dimensions: ["byte"]),
      ]),
    ArtifactLayout(
      name: "claims", version: 2, kinds: ["claims"], summary: "the paper's claims tested on a profile's artifacts",
      datasets: [
        .init(
          "/claims.json",
          "the claims table as a JSON file's bytes (rows: id, scope, claim, statistic, test, value, p, networks, verdict, note)",
          units: "", dimensions: ["byte"])
      ]),
  ]
}

extension ArtifactLayouts {
  /// The layout a stage kind writes, if it has one.
  public static func layout(ofKind kind: String) -> ArtifactLayout? { all.first { $0.kinds.contains(kind) } }

  /// Writes `layout`'s attributes: `layout` and `layout_version` on the root; `description`,
  /// `units`, `dimensions` (comma-separated axis names), and `missing_value` and `note` where
  /// they apply, on each dataset it describes.
  public static func describe(_ artifact: inout Artifact, as layout: ArtifactLayout) {
    artifact.setAttribute("layout", .string(layout.name))
    artifact.setAttribute("layout_version", .int(Int64(layout.version)))
    for (path, _) in artifact.allDatasets {
      guard let d = layout.datasets.first(where: { $0.matches(path) }) else { continue }
      var attributes: [String: AttributeValue] = [
        "description": .string(d.description), "units": .string(d.units),
        "dimensions": .string(d.dimensions.joined(separator: ", ")),
      ]
      if let m = d.missing { attributes["missing_value"] = .string(m) }
      if let n = d.note { attributes["note"] = .string(n) }
      setAttributes(attributes, ofDatasetAt: path, in: &artifact)
    }
  }

  /// Adds `attributes` to the dataset at `path` (`Artifact.setAttribute` sets those of a group).
  static func setAttributes(
    _ attributes: [String: AttributeValue], ofDatasetAt path: String, in artifact: inout Artifact
  ) {
    func descend(_ g: inout Artifact.Group, _ parts: ArraySlice<Substring>) {
      guard let first = parts.first.map(String.init) else { return }
      if parts.count == 1 {
        g.datasets[first]?.attributes.merge(attributes) { _, new in new }
      } else if var child = g.groups[first] {
        descend(&child, parts.dropFirst())
        g.groups[first] = child
      }
    }
    descend(&artifact.root, path.split(separator: "/")[...])
  }

  /// docs/artifacts.md: every layout, its datasets, their units, axes and missing values.
  public static var markdown: String {
    var out = """
      # Artifact layouts

      Every artifact is an HDF5 file. Its root says which layout it follows (`layout`, `layout_version`) and where it
      came from (`provenance.*`); every dataset carries `description`, `units` and `dimensions` (its axes, outermost
      first), and `missing_value` or `note` where they apply. `h5dump -A FILE` shows them all. This page is generated
      from the table in `Sources/Layouts/ArtifactDescriptions.swift` (a test keeps them equal).

      """
    for l in all {
      out +=
        "\n## \(l.name) (version \(l.version))\n\n\(l.summary). Written by: \(l.kinds.map { "`\($0)`" }.joined(separator: ", ")).\n\n"
      out += "| dataset | description | units | dimensions | missing / note |\n|---|---|---|---|---|\n"
      for d in l.datasets {
        let extra = [d.missing, d.note].compactMap { $0 }.joined(separator: "; ")
        out +=
          "| `\(d.path)` | \(d.description) | \(d.units.isEmpty ? "—" : d.units) | \(d.dimensions.joined(separator: " × ")) | \(extra) |\n"
      }
    }
    return out
  }
}
