import Foundation

/// Limits checked when a pipeline is planned, so that absurd values are plan errors naming the
/// parameter instead of crashes (arithmetic overflow, failed allocations) inside a stage.
///
/// - Integer parameters (those whose default is an integer) must be whole numbers in
///   `integerRange`.
/// - A matrix range may expand to at most `maximumStages` values.
/// - A stage with `neurons` (and `batch`) must fit its `resources.memory` and this machine's memory:
///   the estimate counts the recurrent weights in Float with their gradients, optimiser state and
///   copies (8 · 4 · neurons² bytes) plus one batch of activations per time step of the longest
///   sequence of level n (4 · batch · neurons · 20 · n bytes) — a lower bound of what training needs.
enum ParameterLimits {
  static let integerRange: ClosedRange<Int64> = Int64(Int32.min)...Int64(Int32.max)
  static let maximumStages = 100_000

  /// The integer parameters of a kind: properties of type Int, Int?, [Int] or [Int]? of its defaults.
  static func integerKeys(_ defaults: Any) -> Set<String> {
    Set(
      Mirror(reflecting: defaults).children.compactMap { child in
        let t = type(of: child.value)
        return t == Int.self || t == Int?.self || t == [Int].self || t == [Int]?.self ? child.label : nil
      })
  }

  /// Problems of integer parameters given in pipeline.json: not whole numbers, or outside `integerRange`.
  static func integerProblems(given: JSONValue, integerKeys: Set<String>) -> [(String, String)] {
    var out: [(String, String)] = []
    let range = "must be an integer between \(integerRange.lowerBound) and \(integerRange.upperBound)"
    func bad(_ value: JSONValue) -> String? {
      switch value {
      case .int(let i): return integerRange.contains(i) ? nil : "\(i)"
      case .double(let d):
        return d.rounded() == d && (Double(integerRange.lowerBound)...Double(integerRange.upperBound)).contains(d)
          ? nil : "\(d)"
      default: return nil
      }
    }
    for (key, value) in given.objectPairs ?? [] where integerKeys.contains(key) {
      if let got = bad(value) ?? value.arrayValue?.lazy.compactMap(bad).first {
        out.append((key, "\(range) (got \(got))"))
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
