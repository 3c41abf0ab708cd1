/// Values of a template's matrix variables for one stage (`["n": 4, "seed": 1]`).
typealias MatrixBinding = [String: JSONValue]

extension Expansion {
  /// The list of bindings of the matrix (cartesian product, first variable outermost).
  mutating func matrix(_ m: JSONValue?, _ values: ProfileValues, path: String) -> [MatrixBinding]? {
    guard let m else { return [[:]] }
    guard let vars = m.objectPairs else {
      fail(path, "must be an object of variable → values")
      return nil
    }
    var combos: [MatrixBinding] = [[:]]
    for (v, spec) in vars {
      let p = "\(path).\(v)"
      guard let list = matrixValues(spec, values, path: p) else { return nil }
      if list.isEmpty {
        fail(p, "has no values in this profile", hint: "a range needs from ≤ to; a list needs at least one value")
        return nil
      }
      combos = combos.flatMap { c in
        list.map {
          var c = c; c[v] = $0; return c
        }
      }
    }
    return combos
  }

  /// One variable's values: a list, a `{"from", "to", "step"}` range, or a single value.
  mutating func matrixValues(_ spec: JSONValue, _ values: ProfileValues, path: String) -> [JSONValue]? {
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
      if let problem = ParameterLimits.rangeProblem(from: from, to: to, step: step) {
        fail(path, problem)
        return nil
      }
      return from <= to ? stride(from: from, through: to, by: step).map { .int(Int64($0)) } : []
    }
    return [spec]
  }
}
