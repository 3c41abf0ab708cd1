import Foundation
import Pipeline

/// How `diff` decides that two values differ.
///
/// Two numbers a (from A) and b (from B) differ when |a − b| > atol + rtol·|b| — both
/// tolerances at once, as `numpy.isclose(a, b)`, with B the reference. Equal values never
/// differ (so equal infinities do not); an infinity never equals a different value whatever the
/// tolerances; NaN equals NaN unless `nanDiffers`, and never equals a number.
public struct DiffOptions: Sendable {
  public struct Tolerance: Equatable, Sendable, CustomStringConvertible {
    public var atol: Double
    public var rtol: Double
    public init(atol: Double = 0, rtol: Double = 0) {
      self.atol = atol
      self.rtol = rtol
    }
    public static let exact = Tolerance()
    public var isExact: Bool { atol == 0 && rtol == 0 }
    public var description: String { "atol \(format(atol)), rtol \(format(rtol))" }
    private func format(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
  }

  /// A tolerance for the objects whose path matches `pattern`: the exact path, a glob (`*`
  /// within one path segment, `**` across segments) or a group prefix (`/weights` covers
  /// `/weights/W_rec`).
  public struct PathRule: Equatable, Sendable {
    public var pattern: String
    public var tolerance: Tolerance
    public init(pattern: String, tolerance: Tolerance) {
      self.pattern = pattern.hasPrefix("/") ? pattern : "/" + pattern
      self.tolerance = tolerance
    }

    public func matches(_ path: String) -> Bool {
      if pattern == path || Glob.matches(pattern, path) { return true }
      let prefix = pattern.hasSuffix("/") ? pattern : pattern + "/"
      return path.hasPrefix(prefix)
    }

    /// Parses `PATH=ATOL,RTOL` (the argument of `--tolerance`).
    public static func parse(_ text: String) throws -> PathRule {
      let usage = "--tolerance \"\(text)\": expected PATH=ATOL,RTOL (e.g. /weights/*=1e-6,1e-4)"
      guard let eq = text.lastIndex(of: "="), eq != text.startIndex else { throw UsageError(usage) }
      let numbers = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false)
      guard numbers.count == 2 else { throw UsageError(usage) }
      let atol = try DiffOptions.tolerance(String(numbers[0]), name: "atol", in: usage)
      let rtol = try DiffOptions.tolerance(String(numbers[1]), name: "rtol", in: usage)
      return PathRule(pattern: String(text[..<eq]), tolerance: Tolerance(atol: atol, rtol: rtol))
    }
  }

  /// The tolerance of every path no rule matches.
  public var tolerance: Tolerance
  /// Per-path tolerances; where several match, the last one given wins.
  public var rules: [PathRule]
  public var nanDiffers: Bool
  /// How many differing elements each dataset reports as examples.
  public var examples: Int

  public init(tolerance: Tolerance = .exact, rules: [PathRule] = [], nanDiffers: Bool = false, examples: Int = 5) {
    self.tolerance = tolerance
    self.rules = rules
    self.nanDiffers = nanDiffers
    self.examples = examples
  }

  public func tolerance(for path: String) -> Tolerance {
    rules.last { $0.matches(path) }?.tolerance ?? tolerance
  }

  /// Parses a tolerance value: a finite number ≥ 0.
  public static func tolerance(_ text: String, name: String, in context: String? = nil) throws -> Double {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let v = Double(trimmed), v.isFinite, v >= 0 else {
      let what = "\(name) must be a finite number ≥ 0 (got \"\(text)\")"
      throw UsageError(context.map { "\($0): \(what)" } ?? what)
    }
    return v
  }
}
