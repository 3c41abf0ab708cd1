import Foundation

extension Expansion {
  static let templateKeys = ["kind", "name", "description", "matrix", "params", "needs", "resources", "profiles"]

  /// Expands one template of `stages` into one stage per matrix binding, appending to `expanded`.
  mutating func expandTemplate(
    id: String, _ template: JSONValue, values: ProfileValues, profile: String,
    into expanded: inout ExpandedStages
  ) {
    let base = "stages.\(id)"
    guard let fields = template.objectPairs else {
      fail(base, "must be an object")
      return
    }
    for (k, _) in fields where !Self.templateKeys.contains(k) {
      fail(
        "\(base).\(k)", "unknown key",
        hint: didYouMean(k, Self.templateKeys) ?? "allowed: " + Self.templateKeys.joined(separator: ", "))
    }
    if let only = template["profiles"] {
      guard let names = only.arrayValue?.compactMap(\.stringValue) else {
        fail("\(base).profiles", "must be an array of profile names")
        return
      }
      if !names.contains(profile) { return }
    }
    guard let kindName = template["kind"]?.stringValue else {
      fail(
        "\(base).kind", "missing; every stage template names its kind",
        hint: "kinds: " + registry.names.joined(separator: ", "))
      return
    }
    guard let kind = registry[kindName] else {
      fail(
        "\(base).kind", "unknown stage kind \"\(kindName)\"",
        hint: didYouMean(kindName, registry.names) ?? "kinds: " + registry.names.joined(separator: ", "))
      return
    }
    guard let combos = matrix(template["matrix"], values, path: "\(base).matrix") else { return }
    let varNames = template["matrix"]?.objectPairs?.map(\.0) ?? []
    let site = TemplateSite(
      id: id, template: template, kindName: kindName, kind: kind, values: values,
      varNames: varNames, resources: resources(of: template, kind: kind, path: "\(base).resources"))
    let namePattern = template["name"]?.stringValue ?? ([id] + varNames.map { "{\($0)}" }).joined(separator: "/")
    for binding in combos {
      let context =
        binding.isEmpty ? "" : " (with " + varNames.map { "\($0)=\(binding[$0]!.plain)" }.joined(separator: ", ") + ")"
      guard let name = substitute(namePattern, binding, path: "\(base).name", context: context) else { continue }
      if !isValidName(name) {
        fail("\(base).name", "stage name \"\(name)\" may use only letters, digits and . _ - = / ")
        continue
      }
      if let other = expanded.origin[name] {
        fail(
          "\(base).name", "stage name \"\(name)\" is also produced by \(other)",
          hint: "add the distinguishing matrix values to the name pattern")
        continue
      }
      expanded.origin[name] = base
      guard let stage = plannedStage(name: name, site, binding, context: context) else { continue }
      expanded.stages.append(stage)
      expanded.needs.append(needRequests(of: template, base: base, binding, context: context))
    }
  }

  /// The template's `resources` over the kind's defaults.
  private mutating func resources(of template: JSONValue, kind: AnyStageKind, path: String) -> Resources {
    guard let r = template["resources"] else { return kind.resources }
    if let decoded = try? JSONDecoder().decode(
      Resources.self, from: Data(mergeObjects(r, over: kind.resources).canonical.utf8))
    {
      return decoded
    }
    fail(path, "expected {\"cpus\": int, \"memory\": \"4G\", \"time\": \"2:00:00\"}")
    return kind.resources
  }

  /// One stage of the template: its parameters resolved, normalized by its kind, and its key extras.
  private mutating func plannedStage(name: String, _ site: TemplateSite, _ binding: MatrixBinding, context: String)
    -> PlannedStage?
  {
    let base = site.base
    var params: [(String, JSONValue)] = []
    if let p = site.template["params"] {
      guard let pairs = p.objectPairs else {
        fail("\(base).params", "must be an object")
        return nil
      }
      for (k, v) in pairs {
        guard let r = resolve(v, site.values, binding, path: "\(base).params.\(k)", context: context) else { continue }
        params.append((k, r))
      }
    }
    // Matrix variables become parameters of the same name when the kind has such a parameter;
    // otherwise they only name stages and needs.
    let implicit = site.varNames.filter { v in !params.contains(where: { $0.0 == v }) }
    for v in implicit { params.append((v, binding[v]!)) }
    var outcome = site.kind.normalize(.object(params))
    if case .failure(let problems) = outcome {
      let unused = Set(
        problems.items.filter { implicit.contains($0.0) && $0.1.hasPrefix("unknown parameter") }.map(\.0))
      if !unused.isEmpty {
        params.removeAll { unused.contains($0.0) }
        outcome = site.kind.normalize(.object(params))
      }
    }
    let normalized: JSONValue
    switch outcome {
    case .success(let n): normalized = n
    case .failure(let problems):
      for (key, msg) in problems.items {
        fail(site.location(of: key), "\(msg) (stage kind \"\(site.kindName)\"\(context))")
      }
      return nil
    }
    for (key, msg) in ParameterLimits.memoryProblems(normalized, resources: site.resources) {
      fail(site.location(of: key), "\(msg) (stage kind \"\(site.kindName)\"\(context))")
    }
    var extras: JSONValue?
    if let root {
      do {
        extras = try site.kind.keyExtras(normalized, root)
      } catch let e as ParameterError {
        fail(site.location(of: e.parameter), "\(e.message) (stage kind \"\(site.kindName)\"\(context))", hint: e.hint)
        return nil
      } catch {
        fail("\(base).params", "\(error) (stage kind \"\(site.kindName)\"\(context))")
        return nil
      }
    }
    return PlannedStage(
      name: name, template: site.id, kind: site.kindName, codeVersion: site.kind.codeVersion,
      params: normalized, keyExtras: extras, inputs: [], resources: site.resources,
      isShort: site.kind.isShort)
  }

  func isValidName(_ s: String) -> Bool {
    !s.isEmpty && !s.hasPrefix("/") && !s.contains("..")
      && s.allSatisfy { $0.isLetter || $0.isNumber || "._-=/".contains($0) }
  }

  func mergeObjects(_ a: JSONValue, over defaults: Resources) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("cpus", .int(Int64(defaults.cpus))), ("memory", .string(defaults.memory)), ("time", .string(defaults.time)),
    ]
    for (k, v) in a.objectPairs ?? [] { pairs.removeAll { $0.0 == k }; pairs.append((k, v)) }
    return .object(pairs)
  }
}

/// What every stage of one template shares while it is expanded.
struct TemplateSite {
  var id: String
  var template: JSONValue
  var kindName: String
  var kind: AnyStageKind
  var values: ProfileValues
  var varNames: [String]
  var resources: Resources

  var base: String { "stages.\(id)" }

  /// Where a parameter's value was written: the profile value or matrix it came from, else params.
  func location(of key: String) -> String {
    let root = key.split(separator: ".").first.map(String.init) ?? key
    if let raw = template["params"]?[root]?.stringValue, raw.hasPrefix("$"),
      let o = values[String(raw.dropFirst())]?.location
    {
      return o
    }
    if varNames.contains(root) && template["params"]?[root] == nil { return "\(base).matrix.\(root)" }
    return key.isEmpty ? "\(base).params" : "\(base).params.\(key)"
  }
}
