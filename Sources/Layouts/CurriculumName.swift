/// A curriculum as a parameter names it: "single", "multi" (or "cumulative"), "sliding" (W = 10, F = 5),
/// "sliding-W-F", "none-N" or "multiobjective-N". Encodes as the name given, so a parameter's canonical form (and a cache
/// key) keeps the user's spelling; decoding an unknown name lists the allowed forms.
public struct CurriculumName: Codable, Hashable, Sendable, CustomStringConvertible {
  public let name: String
  public let curriculum: Curriculum

  public init?(_ name: String) {
    guard let curriculum = Curriculum(name: name) else { return nil }
    self.name = name
    self.curriculum = curriculum
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let name = try container.decode(String.self)
    guard let parsed = CurriculumName(name) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription: "must be single, multi, sliding-W-F, none-N or multiobjective-N (got \"\(name)\")")
    }
    self = parsed
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(name)
  }

  public var description: String { name }
}

extension CurriculumName {
  public static let single = CurriculumName(known: "single", .single)
  public static let multi = CurriculumName(known: "multi", .multi)

  private init(known name: String, _ curriculum: Curriculum) {
    self.name = name
    self.curriculum = curriculum
  }
}
