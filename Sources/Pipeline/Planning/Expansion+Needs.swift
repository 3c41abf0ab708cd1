/// One entry of a template's `needs` for one stage, its placeholders filled.
struct NeedRequest {
  /// A stage name, template id or glob.
  var pattern: String
  /// The `as` name, if any.
  var role: String?
  var optional: Bool
  /// With a role: the role names every stage the pattern matches.
  var many: Bool
  /// Where it was written (`stages.train.needs[0]`).
  var path: String
  /// The matrix values of the stage, for messages (` (with n=4)`).
  var context: String
}

extension Expansion {
  /// The template's `needs` for one binding.
  mutating func needRequests(of template: JSONValue, base: String, _ binding: MatrixBinding, context: String)
    -> [NeedRequest]
  {
    var list: [NeedRequest] = []
    for (i, n) in (template["needs"]?.arrayValue ?? []).enumerated() {
      let path = "\(base).needs[\(i)]"
      var pattern: String?, role: String?, optional = false, many = false
      if let s = n.stringValue {
        pattern = s
      } else if let pairs = n.objectPairs {
        pattern = n["stage"]?.stringValue
        role = n["as"]?.stringValue
        optional = n["optional"] == .bool(true)
        many = n["many"] == .bool(true)
        for (k, _) in pairs where !["stage", "as", "optional", "many"].contains(k) {
          fail("\(path).\(k)", "unknown key", hint: "allowed: stage, as, optional, many")
        }
      }
      guard let pattern else {
        fail(path, "expected a stage name or {\"stage\": …, \"as\": …, \"optional\": …}")
        continue
      }
      guard let resolved = substitute(pattern, binding, path: path, context: context) else { continue }
      list.append(
        NeedRequest(pattern: resolved, role: role, optional: optional, many: many, path: path, context: context))
    }
    if template["needs"] != nil, template["needs"]?.arrayValue == nil { fail("\(base).needs", "must be an array") }
    return list
  }

  /// Turns every stage's needs into inputs, now that every stage has its name:
  /// a need names one stage, every stage of a template, or the stages a glob matches.
  mutating func resolveNeeds(_ needs: [[NeedRequest]], of stages: inout [PlannedStage]) {
    var index: [String: Int] = [:]
    for (i, s) in stages.enumerated() { index[s.name] = i }
    let templateIds = Set(stages.map(\.template))
    for i in stages.indices {
      for need in needs[i] {
        var matches: [Int]
        if let j = index[need.pattern] {
          matches = [j]
        } else if templateIds.contains(need.pattern) {
          matches = stages.indices.filter { stages[$0].template == need.pattern }
        } else if Glob.hasWildcard(need.pattern) {
          matches = stages.indices.filter { Glob.matches(need.pattern, stages[$0].name) }
        } else {
          matches = []
        }
        matches.removeAll { $0 == i }
        if matches.isEmpty, index[need.pattern] == i {
          fail(
            need.path, "\"\(need.pattern)\" is this stage itself; a stage cannot need its own artifact",
            hint: "remove it from needs")
          continue
        }
        if matches.isEmpty {
          if need.optional { continue }
          fail(
            need.path, "no stage matches \"\(need.pattern)\"\(need.context)",
            hint: didYouMean(need.pattern, stages.map(\.name) + templateIds.sorted())
              ?? "mark it \"optional\": true if it may be absent")
          continue
        }
        if let role = need.role, !need.many, matches.count > 1 {
          fail(
            need.path,
            "ambiguous: \"\(need.pattern)\"\(need.context) matches \(matches.count) stages but is named \"as\": \"\(role)\" (one input)",
            hint: "make the pattern name one stage, add \"many\": true for a role with several inputs, or drop \"as\"")
          continue
        }
        for j in matches { stages[i].inputs.append(.init(role: need.role, stage: stages[j].name)) }
      }
    }
  }
}
