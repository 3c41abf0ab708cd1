import Foundation

/// Reads pipeline.json and expands one profile into a `Plan`.
///
/// Format (see README "pipeline.json"):
/// ```
/// { "profiles": { "smoke": { "neurons": 16, "seeds": [1] }, "paper": { "extends": "smoke", … } },
///   "targets": ["fig/**"],
///   "stages": {
///     "train": { "kind": "train", "name": "train/rnn/{task}/seed{seed}/N{n}",
///                "matrix": { "task": ["parity"], "seed": "$seeds", "n": { "from": 2, "to": "$nMax" } },
///                "params": { "neurons": "$neurons" },
///                "needs": [ { "stage": "train/rnn/{task}/seed{seed}/N{n-1}", "as": "parent", "optional": true } ] } } }
/// ```
/// `"$x"` is the profile's value `x`; `{v}`, `{v-1}`, `{v+1}` in names, needs and string
/// parameters are matrix values. Matrix values become parameters of the same name.
/// A need's `"as"` names one input; with `"many": true` it names every stage the pattern matches
/// (`{ "stage": "train", "as": "train", "many": true }`: all stages of template train).
public enum Planner {
  static let topKeys = ["description", "profiles", "stages", "targets", "defaultProfile"]
  static let templateKeys = ["kind", "name", "description", "matrix", "params", "needs", "resources", "profiles"]
  public static let fileName = "pipeline.json"

  /// Parses the file; a syntax error becomes a `PlanErrors` naming line and column.
  public static func read(root: URL) throws -> JSONValue {
    let url = root.appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw UsageError("\(url.path): no pipeline file here; run timescales in a project folder or pass --root DIR")
    }
    do {
      return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    } catch let e as JSONParser.SyntaxError {
      throw PlanErrors([PlanError(path: "", "not valid JSON: \(e)")])
    }
  }

  public static func profiles(of doc: JSONValue) -> [String] {
    doc["profiles"]?.objectPairs?.map(\.0) ?? []
  }

  public static func defaultProfile(of doc: JSONValue) -> String {
    doc["defaultProfile"]?.stringValue ?? "default"
  }

  public static func plan(root: URL, profile: String?, registry: StageRegistry) throws -> Plan {
    let doc = try read(root: root)
    return try plan(doc, profile: profile ?? defaultProfile(of: doc), registry: registry, root: root)
  }

  /// - Parameter root: the project folder, for stage kinds' `keyExtras` (files they read). Without
  ///   it the expansion is checked but extras are not computed, so cache keys of kinds that have
  ///   extras are not final: pass it whenever keys matter.
  public static func plan(_ doc: JSONValue, profile: String, registry: StageRegistry, root: URL? = nil) throws -> Plan {
    var e = Expansion(registry: registry, root: root)
    let plan = e.expand(doc, profile: profile)
    if !e.errors.isEmpty { throw PlanErrors(e.errors) }
    return plan!
  }
}

/// The state of one expansion: collects every error instead of stopping at the first.
struct Expansion {
  let registry: StageRegistry
  let root: URL?
  var errors: [PlanError] = []

  init(registry: StageRegistry, root: URL?) {
    self.registry = registry
    self.root = root
  }

  mutating func fail(_ path: String, _ message: String, hint: String? = nil) {
    errors.append(PlanError(path: path, message, hint: hint))
  }

  /// A profile's values, with `extends` applied.
  mutating func profileValues(_ doc: JSONValue, _ name: String, seen: [String] = []) -> [String: (JSONValue, String)]? {
    guard let profiles = doc["profiles"]?.objectPairs else {
      fail("profiles", "missing or not an object", hint: "add \"profiles\": { \"default\": { … } }")
      return nil
    }
    guard let values = profiles.first(where: { $0.0 == name })?.1.objectPairs else {
      fail("profiles", "no profile \"\(name)\"", hint: didYouMean(name, profiles.map(\.0)) ?? "profiles: " + profiles.map(\.0).joined(separator: ", "))
      return nil
    }
    var out: [String: (JSONValue, String)] = [:]
    if let parent = values.first(where: { $0.0 == "extends" })?.1 {
      guard let p = parent.stringValue, !seen.contains(p) else {
        fail("profiles.\(name).extends", "must name another profile, without cycles")
        return nil
      }
      guard let base = profileValues(doc, p, seen: seen + [name]) else { return nil }
      out = base
    }
    for (k, v) in values where k != "extends" { out[k] = (v, "profiles.\(name).\(k)") }
    return out
  }

  mutating func expand(_ doc: JSONValue, profile: String) -> Plan? {
    guard let top = doc.objectPairs else {
      fail("", "the document must be an object")
      return nil
    }
    for (k, _) in top where !Planner.topKeys.contains(k) {
      fail(k, "unknown key", hint: didYouMean(k, Planner.topKeys) ?? "allowed: " + Planner.topKeys.joined(separator: ", "))
    }
    guard let values = profileValues(doc, profile) else { return nil }
    guard let templates = doc["stages"]?.objectPairs else {
      fail("stages", "missing or not an object")
      return nil
    }
    var stages: [PlannedStage] = []
    var needs: [[(pattern: String, role: String?, optional: Bool, many: Bool, path: String, context: String)]] = []
    var origin: [String: String] = [:]
    for (id, template) in templates {
      let base = "stages.\(id)"
      guard let fields = template.objectPairs else {
        fail(base, "must be an object")
        continue
      }
      for (k, _) in fields where !Planner.templateKeys.contains(k) {
        fail("\(base).\(k)", "unknown key", hint: didYouMean(k, Planner.templateKeys) ?? "allowed: " + Planner.templateKeys.joined(separator: ", "))
      }
      if let only = template["profiles"] {
        guard let names = only.arrayValue?.compactMap(\.stringValue) else {
          fail("\(base).profiles", "must be an array of profile names")
          continue
        }
        if !names.contains(profile) { continue }
      }
      guard let kindName = template["kind"]?.stringValue else {
        fail("\(base).kind", "missing; every stage template names its kind", hint: "kinds: " + registry.names.joined(separator: ", "))
        continue
      }
      guard let kind = registry[kindName] else {
        fail("\(base).kind", "unknown stage kind \"\(kindName)\"", hint: didYouMean(kindName, registry.names) ?? "kinds: " + registry.names.joined(separator: ", "))
        continue
      }
      let combos = matrix(template["matrix"], values, path: "\(base).matrix")
      guard let combos else { continue }
      let varNames = template["matrix"]?.objectPairs?.map(\.0) ?? []
      let namePattern = template["name"]?.stringValue ?? ([id] + varNames.map { "{\($0)}" }).joined(separator: "/")
      var resources = kind.resources
      if let r = template["resources"] {
        if let decoded = try? JSONDecoder().decode(Resources.self, from: Data(mergeObjects(r, over: kind.resources).canonical.utf8)) {
          resources = decoded
        } else {
          fail("\(base).resources", "expected {\"cpus\": int, \"memory\": \"4G\", \"time\": \"2:00:00\"}")
        }
      }
      for binding in combos {
        let context = binding.isEmpty ? "" : " (with " + varNames.map { "\($0)=\(binding[$0]!.plain)" }.joined(separator: ", ") + ")"
        guard let name = substitute(namePattern, binding, path: "\(base).name", context: context) else { continue }
        if !isValidName(name) {
          fail("\(base).name", "stage name \"\(name)\" may use only letters, digits and . _ - = / ")
          continue
        }
        if let other = origin[name] {
          fail("\(base).name", "stage name \"\(name)\" is also produced by \(other)", hint: "add the distinguishing matrix values to the name pattern")
          continue
        }
        origin[name] = base
        var params: [(String, JSONValue)] = []
        if let p = template["params"] {
          guard let pairs = p.objectPairs else {
            fail("\(base).params", "must be an object")
            continue
          }
          for (k, v) in pairs {
            guard let r = resolve(v, values, binding, path: "\(base).params.\(k)", context: context) else { continue }
            params.append((k, r))
          }
        }
        // Matrix variables become parameters of the same name when the kind has such a parameter;
        // otherwise they only name stages and needs.
        let implicit = varNames.filter { v in !params.contains(where: { $0.0 == v }) }
        for v in implicit { params.append((v, binding[v]!)) }
        var outcome = kind.normalize(.object(params))
        if case .failure(let problems) = outcome {
          let unused = Set(problems.items.filter { implicit.contains($0.0) && $0.1.hasPrefix("unknown parameter") }.map(\.0))
          if !unused.isEmpty {
            params.removeAll { unused.contains($0.0) }
            outcome = kind.normalize(.object(params))
          }
        }
        /// Where a parameter's value was written: the profile value or matrix it came from, else params.
        func location(_ key: String) -> String {
          let root = key.split(separator: ".").first.map(String.init) ?? key
          if let raw = template["params"]?[root]?.stringValue, raw.hasPrefix("$"), let o = values[String(raw.dropFirst())]?.1 {
            return o
          }
          if varNames.contains(root) && template["params"]?[root] == nil { return "\(base).matrix.\(root)" }
          return key.isEmpty ? "\(base).params" : "\(base).params.\(key)"
        }
        let normalized: JSONValue
        switch outcome {
        case .success(let n): normalized = n
        case .failure(let problems):
          for (key, msg) in problems.items {
            fail(location(key), "\(msg) (stage kind \"\(kindName)\"\(context))")
          }
          continue
        }
        for (key, msg) in ParameterLimits.memoryProblems(normalized, resources: resources) { fail(location(key), "\(msg) (stage kind \"\(kindName)\"\(context))") }
        var extras: JSONValue?
        if let root = self.root {
          do {
            extras = try kind.keyExtras(normalized, root)
          } catch let e as ParameterError {
            fail(location(e.parameter), "\(e.message) (stage kind \"\(kindName)\"\(context))", hint: e.hint)
            continue
          } catch {
            fail("\(base).params", "\(error) (stage kind \"\(kindName)\"\(context))")
            continue
          }
        }
        stages.append(PlannedStage(name: name, template: id, kind: kindName, codeVersion: kind.codeVersion,
                                   params: normalized, keyExtras: extras, inputs: [], resources: resources))
        var list: [(String, String?, Bool, Bool, String, String)] = []
        for (i, n) in (template["needs"]?.arrayValue ?? []).enumerated() {
          let path = "\(base).needs[\(i)]"
          var pattern: String?, role: String?, optional = false, many = false
          if let s = n.stringValue { pattern = s }
          else if n.objectPairs != nil {
            pattern = n["stage"]?.stringValue
            role = n["as"]?.stringValue
            optional = n["optional"] == .bool(true)
            many = n["many"] == .bool(true)
            for (k, _) in n.objectPairs! where !["stage", "as", "optional", "many"].contains(k) { fail("\(path).\(k)", "unknown key", hint: "allowed: stage, as, optional, many") }
          }
          guard let pattern else {
            fail(path, "expected a stage name or {\"stage\": …, \"as\": …, \"optional\": …}")
            continue
          }
          guard let resolved = substitute(pattern, binding, path: path, context: context) else { continue }
          list.append((resolved, role, optional, many, path, context))
        }
        if template["needs"] != nil, template["needs"]?.arrayValue == nil { fail("\(base).needs", "must be an array") }
        needs.append(list)
      }
    }
    guard errors.isEmpty else { return nil }
    // Resolve dependencies now that every stage has its name.
    var index: [String: Int] = [:]
    for (i, s) in stages.enumerated() { index[s.name] = i }
    let templateIds = Set(stages.map(\.template))
    for i in stages.indices {
      for need in needs[i] {
        var matches: [Int]
        if let j = index[need.pattern] { matches = [j] }
        else if templateIds.contains(need.pattern) { matches = stages.indices.filter { stages[$0].template == need.pattern } }
        else if Glob.hasWildcard(need.pattern) { matches = stages.indices.filter { Glob.matches(need.pattern, stages[$0].name) } }
        else { matches = [] }
        matches.removeAll { $0 == i }
        if matches.isEmpty, index[need.pattern] == i {
          fail(need.path, "\"\(need.pattern)\" is this stage itself; a stage cannot need its own artifact", hint: "remove it from needs")
          continue
        }
        if matches.isEmpty {
          if need.optional { continue }
          fail(need.path, "no stage matches \"\(need.pattern)\"\(need.context)",
               hint: didYouMean(need.pattern, stages.map(\.name) + templateIds.sorted()) ?? "mark it \"optional\": true if it may be absent")
          continue
        }
        if need.role != nil, !need.many, matches.count > 1 {
          fail(need.path, "ambiguous: \"\(need.pattern)\"\(need.context) matches \(matches.count) stages but is named \"as\": \"\(need.role!)\" (one input)",
               hint: "make the pattern name one stage, add \"many\": true for a role with several inputs, or drop \"as\"")
          continue
        }
        for j in matches { stages[i].inputs.append(.init(role: need.role, stage: stages[j].name)) }
      }
    }
    guard errors.isEmpty else { return nil }
    guard let order = topologicalOrder(stages, index) else { return nil }
    let targets = doc["targets"]?.arrayValue?.compactMap(\.stringValue) ?? []
    return Plan(profile: profile, stages: order.map { stages[$0] }, defaultTargets: targets)
  }

  /// Kahn's algorithm in file order; a cycle is reported as its path of stage names.
  mutating func topologicalOrder(_ stages: [PlannedStage], _ index: [String: Int]) -> [Int]? {
    var indegree = stages.map(\.inputs.count)
    var dependents = [[Int]](repeating: [], count: stages.count)
    for (i, s) in stages.enumerated() { for d in s.inputs { dependents[index[d.stage]!].append(i) } }
    var ready = stages.indices.filter { indegree[$0] == 0 }.reversed() as [Int]
    var order: [Int] = []
    order.reserveCapacity(stages.count)
    while let i = ready.popLast() {
      order.append(i)
      for j in dependents[i].reversed() {
        indegree[j] -= 1
        if indegree[j] == 0 { ready.append(j) }
      }
    }
    if order.count == stages.count { return order }
    // Walk back along unfinished inputs until a stage repeats: that loop is the cycle.
    var path: [Int] = []
    var i = stages.indices.first { indegree[$0] > 0 }!
    while !path.contains(i) {
      path.append(i)
      i = index[stages[i].inputs.first { indegree[index[$0.stage]!] > 0 }!.stage]!
    }
    let cycle = path[path.firstIndex(of: i)!...].reversed().map { stages[$0].name } + [stages[i].name]
    fail("stages.\(stages[i].template).needs", "dependency cycle: " + cycle.joined(separator: " → "))
    return nil
  }

  /// The list of bindings of the matrix (cartesian product, first variable outermost).
  mutating func matrix(_ m: JSONValue?, _ values: [String: (JSONValue, String)], path: String) -> [[String: JSONValue]]? {
    guard let m else { return [[:]] }
    guard let vars = m.objectPairs else {
      fail(path, "must be an object of variable → values")
      return nil
    }
    var combos: [[String: JSONValue]] = [[:]]
    for (v, spec) in vars {
      let p = "\(path).\(v)"
      guard let list = matrixValues(spec, values, path: p) else { return nil }
      if list.isEmpty {
        fail(p, "has no values in this profile", hint: "a range needs from ≤ to; a list needs at least one value")
        return nil
      }
      combos = combos.flatMap { c in list.map { var c = c; c[v] = $0; return c } }
    }
    return combos
  }

  mutating func matrixValues(_ spec: JSONValue, _ values: [String: (JSONValue, String)], path: String) -> [JSONValue]? {
    guard let spec = resolve(spec, values, [:], path: path, context: "") else { return nil }
    if let list = spec.arrayValue { return list }
    if spec.objectPairs != nil {
      guard let from = spec["from"]?.intValue, let to = spec["to"]?.intValue else {
        fail(path, "a range needs integer \"from\" and \"to\"")
        return nil
      }
      let step = spec["step"]?.intValue ?? 1
      guard step > 0 else {
        fail("\(path).step", "must be a positive integer")
        return nil
      }
      if let problem = ParameterLimits.rangeProblem(from: from, to: to, step: step) { fail(path, problem); return nil }
      return from <= to ? stride(from: from, through: to, by: step).map { .int(Int64($0)) } : []
    }
    return [spec]
  }

  /// Replaces `"$x"` by the profile's value and `{v}` in strings by matrix values, recursively.
  mutating func resolve(_ v: JSONValue, _ values: [String: (JSONValue, String)], _ binding: [String: JSONValue],
                        path: String, context: String) -> JSONValue? {
    switch v {
    case .string(let s) where s.hasPrefix("$"):
      let key = String(s.dropFirst())
      guard let (value, _) = values[key] else {
        fail(path, "the profile has no value \"\(key)\"", hint: didYouMean(key, Array(values.keys)) ?? "add \"\(key)\" to the profile")
        return nil
      }
      return value
    case .string(let s) where s.contains("{"):
      return substitute(s, binding, path: path, context: context).map(JSONValue.string)
    case .array(let a):
      var out: [JSONValue] = []
      for (i, x) in a.enumerated() {
        guard let r = resolve(x, values, binding, path: "\(path)[\(i)]", context: context) else { return nil }
        out.append(r)
      }
      return .array(out)
    case .object(let pairs):
      var out: [(String, JSONValue)] = []
      for (k, x) in pairs {
        guard let r = resolve(x, values, binding, path: "\(path).\(k)", context: context) else { return nil }
        out.append((k, r))
      }
      return .object(out)
    default:
      return v
    }
  }

  /// Fills `{v}`, `{v-1}`, `{v+2}` from the matrix binding.
  mutating func substitute(_ pattern: String, _ binding: [String: JSONValue], path: String, context: String) -> String? {
    guard pattern.contains("{") else { return pattern }
    var out = ""
    var rest = Substring(pattern)
    while let open = rest.firstIndex(of: "{") {
      out += rest[..<open]
      guard let close = rest[open...].firstIndex(of: "}") else {
        fail(path, "unclosed \"{\" in \"\(pattern)\"")
        return nil
      }
      let expr = rest[rest.index(after: open)..<close].replacingOccurrences(of: " ", with: "")
      var name = expr, offset = 0
      if let op = expr.firstIndex(where: { $0 == "+" || $0 == "-" }), let n = Int(expr[op...]) {
        name = String(expr[..<op])
        offset = n
      }
      guard let value = binding[name] else {
        fail(path, "\"{\(expr)}\" names no matrix variable", hint: binding.isEmpty ? "this template has no matrix" : "variables: " + binding.keys.sorted().joined(separator: ", "))
        return nil
      }
      if offset != 0 {
        guard let i = value.intValue else {
          fail(path, "\"{\(expr)}\": \(name) is not an integer")
          return nil
        }
        out += String(i + offset)
      } else {
        out += value.plain
      }
      rest = rest[rest.index(after: close)...]
    }
    return out + rest
  }

  func isValidName(_ s: String) -> Bool {
    !s.isEmpty && !s.hasPrefix("/") && !s.contains("..") && s.allSatisfy { $0.isLetter || $0.isNumber || "._-=/".contains($0) }
  }

  func mergeObjects(_ a: JSONValue, over defaults: Resources) -> JSONValue {
    var pairs: [(String, JSONValue)] = [("cpus", .int(Int64(defaults.cpus))), ("memory", .string(defaults.memory)), ("time", .string(defaults.time))]
    for (k, v) in a.objectPairs ?? [] { pairs.removeAll { $0.0 == k }; pairs.append((k, v)) }
    return .object(pairs)
  }
}

extension JSONValue {
  /// The value as it reads in a stage name: strings without quotes.
  var plain: String { stringValue ?? canonical }
}
