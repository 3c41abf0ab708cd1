extension Expansion {
  /// Replaces `"$x"` by the profile's value and `{v}` in strings by matrix values, recursively.
  mutating func resolve(
    _ v: JSONValue, _ values: ProfileValues, _ binding: MatrixBinding,
    path: String, context: String
  ) -> JSONValue? {
    switch v {
    case .string(let s) where s.hasPrefix("$"):
      let key = String(s.dropFirst())
      guard let profileValue = values[key] else {
        fail(
          path, "the profile has no value \"\(key)\"",
          hint: didYouMean(key, Array(values.keys)) ?? "add \"\(key)\" to the profile")
        return nil
      }
      return profileValue.value
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

  /// Fills `{v}`, `{v-1}`, `{v+2}`, `{v-$x}` from the matrix binding (`$x`: an integer of the profile).
  mutating func substitute(_ pattern: String, _ binding: MatrixBinding, path: String, context: String) -> String? {
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
      if let op = expr.firstIndex(where: { $0 == "+" || $0 == "-" }) {
        let amount = expr[expr.index(after: op)...]
        let n: Int?
        if amount.hasPrefix("$") {
          n = profile[String(amount.dropFirst())]?.value.intValue
          if n == nil {
            fail(
              path, "\"{\(expr)}\": the profile has no integer \"\(amount.dropFirst())\"", hint: "add it to the profile"
            )
            return nil
          }
        } else {
          n = Int(amount)
        }
        if let n {
          name = String(expr[..<op])
          offset = expr[op] == "-" ? -n : n
        }
      }
      guard let value = binding[name] else {
        fail(
          path, "\"{\(expr)}\" names no matrix variable",
          hint: binding.isEmpty
            ? "this template has no matrix" : "variables: " + binding.keys.sorted().joined(separator: ", "))
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
}
