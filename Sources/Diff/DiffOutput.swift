import Artifacts
import Foundation
import Pipeline

// Text (for a terminal: differences first, what is equal counted in one line) and JSON (the
// full structure) of diffs. Non-finite numbers appear in JSON as the strings "inf", "-inf", "nan".

private let labelWidth = 17

private func label(_ s: String) -> String {
  s.padding(toLength: max(labelWidth, s.count + 1), withPad: " ", startingAt: 0)
}
private let continuation = String(repeating: " ", count: labelWidth + 2)

enum DiffFormat {
  /// A value as its dtype prints it: integers without a fraction, float32 at float32 precision.
  static func value(_ v: Double, dtype: String) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return dtype == "float32" ? "\(Float(v))" : "\(v)"
  }

  /// A difference: 3 significant digits.
  static func diff(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    return String(format: "%.3g", v)
  }

  static func percent(_ f: Double) -> String { String(format: "%.3g %%", f * 100) }

  static func index(_ flat: Int, shape: [Int]) -> String {
    "[" + unravel(flat, shape: shape).map(String.init).joined(separator: ", ") + "]"
  }

  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  static func date(_ t: Double) -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: Date(timeIntervalSince1970: t))
  }
}

// MARK: - Artifacts

extension ArtifactDiff {
  /// The diff as lines of text: differences (datasets, attributes, one-sided objects), then
  /// values within tolerance, the provenance changes (volatile ones — times, host — with
  /// `verbose`), and a summary line.
  public func lines(verbose: Bool = false, showProvenance: Bool = true, examples: Bool = true) -> [String] {
    var out: [String] = []
    for d in datasets where d.differs { out += Self.lines(d, label: "differs", examples: examples) }
    for a in attributes where a.differs {
      out.append(label("differs") + "\(a.path)  \(Self.quoted(a.a)) → \(Self.quoted(a.b))")
    }
    for o in onlyInA { out.append(label("only in A") + "\(o.kind.rawValue) \(o.path)  \(o.detail)") }
    for o in onlyInB { out.append(label("only in B") + "\(o.kind.rawValue) \(o.path)  \(o.detail)") }
    for d in datasets where !d.differs && !d.identical {
      out += Self.lines(d, label: "within tolerance", examples: examples)
    }
    for a in attributes where !a.differs {
      out.append(label("within tolerance") + "\(a.path)  \(Self.quoted(a.a)) → \(Self.quoted(a.b))")
    }
    if showProvenance {
      for p in provenance where verbose || !p.volatile { out.append(label("provenance") + p.description) }
    }
    out.append(summary)
    return out
  }

  /// `identical: 12 datasets` or `differs: 2 datasets, 1 only in B; 10 datasets identical`.
  public var summary: String {
    let identical = datasets.filter(\.identical).count
    var parts: [String] = []
    let changed = datasets.filter(\.differs).count
    if changed > 0 { parts.append(DiffFormat.count(changed, "dataset")) }
    let attrs = attributes.filter(\.differs).count
    if attrs > 0 { parts.append(DiffFormat.count(attrs, "attribute")) }
    if !onlyInA.isEmpty { parts.append("\(onlyInA.count) only in A") }
    if !onlyInB.isEmpty { parts.append("\(onlyInB.count) only in B") }
    let within = datasets.count - identical - changed
    var rest: [String] = []
    if within > 0 { rest.append("\(within) within tolerance") }
    if identical > 0 { rest.append("\(DiffFormat.count(identical, "dataset")) identical") }
    if parts.isEmpty {
      if within == 0 { return "identical: " + DiffFormat.count(identical, "dataset") }
      return "equal within tolerance: " + rest.joined(separator: ", ")
    }
    return "differs: " + parts.joined(separator: ", ") + (rest.isEmpty ? "" : "; " + rest.joined(separator: ", "))
  }

  static func lines(_ d: DatasetChange, label l: String, examples: Bool = true) -> [String] {
    let type = d.dtypeChanged ? "dtype \(d.dtypeA) → \(d.dtypeB)" : d.dtypeA
    let shape = d.shapeChanged ? "shape \(shapeText(d.shapeA)) → \(shapeText(d.shapeB))" : shapeText(d.shapeB)
    let head = label(l) + "\(d.path)  \(type) \(shape)"
    switch d.values {
    case .notCompared:
      return [head + ": values not compared"]
    case .numbers(let c):
      return numberLines(c, head: head, dtype: d.dtypeB, tolerance: d.tolerance, noun: "element", examples: examples) {
        DiffFormat.index($0, shape: d.shapeB)
      }
    case .table(let t):
      let tableHead =
        label(l) + "\(d.path)  table "
        + (t.shapeChanged ? "\(shapeText(t.shapeA)) → \(shapeText(t.shapeB))" : shapeText(t.shapeB))
      guard let v = t.values else { return [tableHead + ": rows × columns changed; cells not compared"] }
      var out = numberLines(
        v, head: tableHead, dtype: "float64", tolerance: d.tolerance, noun: "cell",
        extraDiffering: t.textCellsDiffering,
        examples: examples
      ) { flat in
        let rc = unravel(flat, shape: t.shapeB)
        return "row \(rc[0] + 1), \(rc[1] < t.columns.count ? t.columns[rc[1]] : "column \(rc[1] + 1)")"
      }
      for c in t.textExamples where examples {
        out.append(
          continuation
            + "row \(c.row + 1), \(c.column < t.columns.count ? t.columns[c.column] : "column \(c.column + 1)")  \"\(c.a)\" → \"\(c.b)\""
        )
      }
      if t.commentsDiffer { out.append(continuation + "(comment lines differ too; they are not compared)") }
      return out
    case .bytes(let c):
      let fileHead = label(l) + "\(d.path)  file "
      if c.sizeA != c.sizeB {
        return [
          fileHead + "\(c.sizeA) → \(c.sizeB) bytes"
            + (c.firstDifference.map { ", first difference at byte \($0)" } ?? "")
        ]
      }
      return [
        fileHead + "\(c.sizeB) bytes: "
          + (c.differing == 0
            ? "equal"
            : "\(DiffFormat.count(c.differing, "byte")) \(c.differing == 1 ? "differs" : "differ"), the first at byte \(c.firstDifference ?? 0)")
      ]
    case .image(let i):
      let size = { (s: (width: Int, height: Int)?) in s.map { "\($0.width)×\($0.height)" } ?? "?" }
      let imageHead =
        label(l) + "\(d.path)  PNG image " + (i.sizeChanged ? "\(size(i.sizeA)) → \(size(i.sizeB))" : size(i.sizeB))
      if i.sizeChanged { return [imageHead + ": size changed; pixels not compared"] }
      guard let changed = i.changedPixels, let fraction = i.fractionChanged else {
        return [imageHead + ": bytes differ", continuation + (i.reason ?? "")]
      }
      if changed == 0 { return [imageHead + ": bytes differ, every pixel equal"] }
      var line = imageHead + ": \(DiffFormat.percent(fraction)) of pixels changed (\(changed) of \(i.pixels))"
      if let r = i.region { line += ", within x \(r[0])–\(r[2]), y \(r[1])–\(r[3])" }
      return [line]
    }
  }

  static func numberLines(
    _ c: ArrayComparison, head: String, dtype: String, tolerance: DiffOptions.Tolerance, noun: String,
    extraDiffering: Int = 0, examples: Bool = true, index: (Int) -> String
  ) -> [String] {
    let differing = c.differing + extraDiffering
    var first = head + ": "
    if differing > 0 {
      first += "\(differing) of \(DiffFormat.count(c.count, noun)) \(differing == 1 ? "differs" : "differ")"
    } else if c.unequal > 0 {
      first += "\(c.unequal) of \(DiffFormat.count(c.count, noun)) not equal, all within tolerance"
    } else {
      first += "values equal"
    }
    if !tolerance.isExact || (differing == 0 && c.unequal > 0) { first += " (\(tolerance))" }
    var out = [first]
    func values(_ e: ArrayComparison.Example) -> String {
      "(\(DiffFormat.value(e.a, dtype: dtype)) → \(DiffFormat.value(e.b, dtype: dtype)))"
    }
    // A scalar has no index to name.
    func at(_ e: ArrayComparison.Example) -> String {
      c.count == 1 && index(e.index) == "[]" ? values(e) : "at \(index(e.index)) \(values(e))"
    }
    if let m = c.maxAbsAt, let r = c.maxRelAt {
      out.append(
        continuation
          + "max abs diff \(DiffFormat.diff(c.maxAbs)) \(at(m)); max rel diff \(DiffFormat.diff(c.maxRel)) \(at(r))")
    }
    if c.nanMismatches > 0 {
      out.append(
        continuation + "\(c.nanMismatches) of them NaN on one side"
          + (c.nanMismatches == c.differing ? "" : " (not in the maxima)"))
    }
    for e in c.examples where examples && (differing > 1 || c.maxAbsAt?.index != e.index) {
      out.append(
        continuation
          + "\(index(e.index))  \(DiffFormat.value(e.a, dtype: dtype)) → \(DiffFormat.value(e.b, dtype: dtype))")
    }
    return out
  }

  /// The full structure as JSON (`DiffJSON.Artifacts`).
  public var json: JSONValue { JSONValue(encoding: DiffJSON.Artifacts(self)) }
}

// MARK: - Runs

extension RunDiff {
  public func lines(verbose: Bool = false) -> [String] {
    var out: [String] = []
    for (side, r) in [("A", a), ("B", b)] {
      // The command as typed, with the executable's name rather than its full path.
      var words = r.command.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
      if let first = words.first, first.contains("/") { words[0] = (first as NSString).lastPathComponent }
      out.append(
        "\(side)  run \(r.id)  profile \(r.profile)  started \(DiffFormat.date(r.started))  (\(words.joined(separator: " ")))"
      )
    }
    var shown: [Change: Int] = [:]
    let listed = 8
    for s in stages where verbose || s.change != .unchanged {
      if !verbose, s.change == .onlyInA || s.change == .onlyInB {
        shown[s.change, default: 0] += 1
        let n = count(s.change)
        if n > listed, shown[s.change]! >= listed {
          if shown[s.change] == listed {
            out.append(label(s.change.rawValue) + "… and \(n - listed + 1) more (-v lists every stage)")
          }
          continue
        }
      }
      let reasons = verbose ? s.reasons : Self.condensed(s.reasons)
      out.append(label(s.change.rawValue) + s.name + (reasons.isEmpty ? "" : "  " + reasons.joined(separator: "; ")))
      for n in s.notes { out.append("    " + n) }
      // The dataset-level summary; values of single elements with -v.
      if let d = s.artifact {
        out += d.lines(verbose: verbose, showProvenance: false, examples: verbose).map { "    " + $0 }
      }
    }
    let unchanged = count(.unchanged)
    if !verbose && unchanged > 0 {
      out.append("unchanged: \(DiffFormat.count(unchanged, "stage")) (same cache key and content)")
    }
    out.append(summary)
    return out
  }

  /// Input reasons grouped when there are many (a figure reading 48 networks of other seeds):
  /// `24 new inputs (train/…/seed3/N2, train/…/seed3/N3, …)`.
  static func condensed(_ reasons: [String]) -> [String] {
    var changed: [String] = [], added: [String] = [], removed: [String] = [], rest: [String] = []
    for r in reasons {
      if r.hasPrefix("new input ") {
        added.append(String(r.dropFirst("new input ".count)))
      } else if r.hasPrefix("input "), r.hasSuffix(" changed") {
        changed.append(String(r.dropFirst("input ".count).dropLast(" changed".count)))
      } else if r.hasPrefix("input "), r.hasSuffix(" removed") {
        removed.append(String(r.dropFirst("input ".count).dropLast(" removed".count)))
      } else {
        rest.append(r)
      }
    }
    func group(_ names: [String], _ one: (String) -> String, _ many: String) -> [String] {
      names.count <= 3 ? names.map(one) : ["\(names.count) \(many) (\(names.prefix(2).joined(separator: ", ")), …)"]
    }
    return rest + group(changed, { "input \($0) changed" }, "inputs changed")
      + group(added, { "new input \($0)" }, "new inputs")
      + group(removed, { "input \($0) removed" }, "inputs removed")
  }

  public var summary: String {
    let parts = Change.allCases.compactMap { c in count(c) > 0 ? "\(count(c)) \(c.rawValue)" : nil }
    return (hasDifferences ? "runs differ: " : "runs agree: ")
      + (parts.isEmpty ? "no stages" : parts.joined(separator: ", "))
  }

  /// The full structure as JSON (`DiffJSON.Runs`).
  public var json: JSONValue { JSONValue(encoding: DiffJSON.Runs(self)) }
}

// MARK: - Either

extension Differ.Result {
  public func lines(verbose: Bool = false) -> [String] {
    switch self {
    case .artifacts(let d, let a, let b): ["A  \(a.label)", "B  \(b.label)"] + d.lines(verbose: verbose)
    case .runs(let d): d.lines(verbose: verbose)
    }
  }

  /// The full structure as JSON (`DiffJSON.Result`).
  public var json: JSONValue { JSONValue(encoding: DiffJSON.Result(self)) }
}
