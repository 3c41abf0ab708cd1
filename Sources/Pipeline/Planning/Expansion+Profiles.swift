/// One value of a profile and where it was written (`profiles.smoke.neurons`), for error messages.
struct ProfileValue {
  var value: JSONValue
  var location: String
}

/// A profile's values by name, `extends` applied.
typealias ProfileValues = [String: ProfileValue]

extension Expansion {
  /// A profile's values, with `extends` applied (the child's values win).
  mutating func profileValues(_ doc: JSONValue, _ name: String, seen: [String] = []) -> ProfileValues? {
    guard let profiles = doc["profiles"]?.objectPairs else {
      fail("profiles", "missing or not an object", hint: "add \"profiles\": { \"default\": { … } }")
      return nil
    }
    guard let values = profiles.first(where: { $0.0 == name })?.1.objectPairs else {
      fail(
        "profiles", "no profile \"\(name)\"",
        hint: didYouMean(name, profiles.map(\.0)) ?? "profiles: " + profiles.map(\.0).joined(separator: ", "))
      return nil
    }
    var out: ProfileValues = [:]
    if let parent = values.first(where: { $0.0 == "extends" })?.1 {
      guard let p = parent.stringValue, !seen.contains(p) else {
        fail("profiles.\(name).extends", "must name another profile, without cycles")
        return nil
      }
      guard let base = profileValues(doc, p, seen: seen + [name]) else { return nil }
      out = base
    }
    for (k, v) in values where k != "extends" { out[k] = ProfileValue(value: v, location: "profiles.\(name).\(k)") }
    return out
  }
}
