/// The values a numeric stage parameter may take: whole numbers or any number from `lower` to `upper`,
/// both included. Every numeric parameter of a stage kind declares one (`StageKind.ranges`); the
/// planner checks what pipeline.json gives against it before decoding, and docs/parameters.md lists them.
public struct ParameterRange: Equatable, Sendable, CustomStringConvertible {
  public var lower: Double
  public var upper: Double
  public var integer: Bool

  public static func integer(_ r: ClosedRange<Int>) -> ParameterRange {
    ParameterRange(lower: Double(r.lowerBound), upper: Double(r.upperBound), integer: true)
  }

  public static func number(_ r: ClosedRange<Double>) -> ParameterRange {
    ParameterRange(lower: r.lowerBound, upper: r.upperBound, integer: false)
  }

  /// "an integer between 1 and 65536", "a number between 0 and 0.999".
  public var description: String {
    "\(integer ? "an integer" : "a number") between \(Self.format(lower)) and \(Self.format(upper))"
  }

  /// Whether `value` is inside: whole when `integer`, finite, between the bounds.
  public func contains(_ value: Double) -> Bool {
    value.isFinite && (!integer || value.rounded() == value) && value >= lower && value <= upper
  }

  /// A bound or a given value as people write it: 65536, 0.001, 1e-09, 9.223372036854776e+18.
  static func format(_ v: Double) -> String {
    v.rounded() == v && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
  }
}
