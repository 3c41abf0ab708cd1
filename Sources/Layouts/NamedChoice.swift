/// An enumeration stored and given as one of a few strings (a task, a form, a nonlinearity, …).
/// Decoding anything else is a `DecodingError` at the value's coding path whose message lists the
/// allowed strings, so a misspelt pipeline.json parameter names itself and what would fix it.
public protocol NamedChoice: RawRepresentable, CaseIterable, Codable where RawValue == String {}

extension NamedChoice {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let name = try container.decode(String.self)
    guard let value = Self(rawValue: name) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "must be \(Self.choices) (got \"\(name)\")")
    }
    self = value
  }

  /// The allowed strings as a person writes them: "\"parity\" or \"dms\"".
  public static var choices: String {
    let names = allCases.map { "\"\($0.rawValue)\"" }
    guard names.count > 1, let last = names.last else { return names.joined() }
    return names.dropLast().joined(separator: ", ") + " or " + last
  }
}
