import Foundation

/// The state of one expansion: collects every error instead of stopping at the first.
struct Expansion {
  static let topKeys = ["description", "profiles", "stages", "targets", "defaultProfile"]

  let registry: StageRegistry
  let root: URL?
  var errors: [PlanError] = []
  /// The expanded profile's values (for offsets such as `{n-$shift}`).
  var profile: ProfileValues = [:]

  init(registry: StageRegistry, root: URL?) {
    self.registry = registry
    self.root = root
  }

  mutating func fail(_ path: String, _ message: String, hint: String? = nil) {
    errors.append(PlanError(path: path, message, hint: hint))
  }

  /// The whole document for one profile: schema, profile values, every template's stages, then
  /// their dependencies and order. Returns nil when anything failed (`errors` says what).
  mutating func expand(_ doc: JSONValue, profile: String) -> Plan? {
    guard let top = doc.objectPairs else {
      fail("", "the document must be an object")
      return nil
    }
    for (k, _) in top where !Self.topKeys.contains(k) {
      fail(k, "unknown key", hint: didYouMean(k, Self.topKeys) ?? "allowed: " + Self.topKeys.joined(separator: ", "))
    }
    guard var values = profileValues(doc, profile) else { return nil }
    if values["profile"] == nil {
      values["profile"] = ProfileValue(value: .string(profile), location: "profiles.\(profile)")
    }
    self.profile = values
    guard let templates = doc["stages"]?.objectPairs else {
      fail("stages", "missing or not an object")
      return nil
    }
    var expanded = ExpandedStages()
    for (id, template) in templates {
      expandTemplate(id: id, template, values: values, profile: profile, into: &expanded)
    }
    guard errors.isEmpty else { return nil }
    var stages = expanded.stages
    resolveNeeds(expanded.needs, of: &stages)
    guard errors.isEmpty else { return nil }
    guard let order = topologicalOrder(stages) else { return nil }
    let targets = doc["targets"]?.arrayValue?.compactMap(\.stringValue) ?? []
    return Plan(profile: profile, stages: order.map { stages[$0] }, defaultTargets: targets)
  }
}

/// The stages expanded so far, each with the needs it declared (resolved once every stage has its name).
struct ExpandedStages {
  var stages: [PlannedStage] = []
  /// `needs[i]` are the needs of `stages[i]`.
  var needs: [[NeedRequest]] = []
  /// Which template produced each stage name, to report two templates producing the same name.
  var origin: [String: String] = [:]
}

extension JSONValue {
  /// The value as it reads in a stage name: strings without quotes.
  var plain: String { stringValue ?? canonical }
}
