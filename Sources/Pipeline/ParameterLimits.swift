import Foundation

/// Limits checked when a pipeline is planned, so that absurd values are plan errors naming the
/// parameter instead of crashes (arithmetic overflow, failed allocations) inside a stage.
///
/// - Numeric parameters must be inside their kind's `ParameterRange` (`StageKind.ranges`); an integer
///   parameter without one must be a whole number in `integerRange`.
/// - A matrix range may expand to at most `maximumStages` values.
/// - A stage with `neurons` (and `batch`) must fit its `resources.memory` and this machine's memory:
///   the estimate counts the recurrent weights in Float with their gradients, optimiser state and
///   copies (8 · 4 · neurons² bytes) plus one batch of activations per time step of the longest
///   sequence of level n (4 · batch · neurons · 20 · n bytes) — a lower bound of what training needs.
enum ParameterLimits {
  static let integerRange: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)
  static let maximumStages = 100_000

  /// The parameters of a kind whose defaults are of `types` (Int: Int, Int?, [Int], [Int]?).
  static func keys(_ defaults: Any, of types: [Any.Type]) -> Set<String> {
    Set(
      Mirror(reflecting: defaults).children.compactMap { child in
        let t = type(of: child.value)
        return types.contains { $0 == t } ? child.label : nil
      })
  }

  /// The integer parameters of a kind: properties of type Int, Int?, [Int] or [Int]? of its defaults.
  static func integerKeys(_ defaults: Any) -> Set<String> {
    keys(defaults, of: [Int.self, Int?.self, [Int].self, [Int]?.self])
  }

  /// The numeric parameters of a kind: its integer parameters and those of type Double, Double?,
  /// [Double] or [Double]?.
  static func numericKeys(_ defaults: Any) -> Set<String> {
    integerKeys(defaults).union(keys(defaults, of: [Double.self, Double?.self, [Double].self, [Double]?.self]))
  }

  /// Problems of numeric parameters given in pipeline.json: outside their range (`ranges`, or
  /// `integerRange` for an integer parameter without one), or not whole where an integer is due.
  static func rangeProblems(
    given: JSONValue, integerKeys: Set<String>, ranges: [String: ParameterRange]
  ) -> [(String, String)] {
    var out: [(String, String)] = []
    for (key, value) in given.objectPairs ?? [] {
      guard let range = ranges[key] ?? (integerKeys.contains(key) ? .integer(integerRange) : nil) else { continue }
      func bad(_ value: JSONValue) -> String? {
        guard let d = value.doubleValue else { return nil }
        return range.contains(d) ? nil : ParameterRange.format(d)
      }
      if let got = bad(value) ?? value.arrayValue?.lazy.compactMap(bad).first {
        out.append((key, "must be \(range) (got \(got))"))
      }
    }
    return out
  }

  /// The number of values of a range from…to by step, or a message when it exceeds `maximumStages`.
  static func rangeProblem(from: Int, to: Int, step: Int) -> String? {
    guard from <= to else { return nil }
    let count = (Double(to) - Double(from)) / Double(step) + 1
    return count > Double(maximumStages)
      ? "expands to \(Int(count)) values; a matrix may have at most \(maximumStages)" : nil
  }

  /// Memory problems of a stage's normalised parameters against its declared memory and this machine's.
  static func memoryProblems(_ params: JSONValue, resources: Resources) -> [(String, String)] {
    guard let h = params["neurons"]?.doubleValue else { return [] }
    let batch = params["batch"]?.doubleValue ?? 1
    let n = params["n"]?.doubleValue ?? 2
    let bytes = 8 * 4 * h * h + 4 * batch * h * 20 * n
    let machine = Double(ProcessInfo.processInfo.physicalMemory)
    let declared = bytesOf(memory: resources.memory)
    let limit = min(machine, declared ?? machine)
    guard bytes > limit else { return [] }
    let which =
      declared.map { $0 < machine ? "its resources.memory \(resources.memory)" : "this machine's memory" }
      ?? "this machine's memory"
    return [
      (
        "neurons",
        String(
          format: "needs at least %.3g GB (neurons %.0f, batch %.0f), more than %@ (%.3g GB)",
          bytes / 1e9, h, batch, which, limit / 1e9)
      )
    ]
  }

  /// Slurm's memory notation ("4G", "500M", "2T", a plain number in MB) in bytes.
  static func bytesOf(memory s: String) -> Double? {
    let units: [Character: Double] = ["K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12]
    if let last = s.uppercased().last, let unit = units[last] { return Double(s.dropLast()).map { $0 * unit } }
    return Double(s).map { $0 * 1e6 }
  }
}
