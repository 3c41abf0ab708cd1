import Foundation

/// A plain table for gnuplot and pandas: comment lines that say what the table is, where the
/// numbers came from and what each column means, then one plain header line, then the rows.
///
/// ```
/// # tau-vs-n / parity-single: trained τ per level, across networks (parity, single-head)
/// # source: train/rnn/parity/single/seed1/N2  content 3fa2…
/// # columns:
/// #   1 n              curriculum level N
/// #   2 tau_mean_mean  mean over networks of the per-network mean τ
/// n	tau_mean_mean
/// 2	1.4931
/// ```
/// Numbers are written with `%.9g` (round-trips Float), missing values as `NaN` (gnuplot breaks a
/// line there), strings as they are (they may not hold tabs, line breaks or `#`). A blank line
/// ends one curve. gnuplot reads the file with `set datafile separator "\t"` and
/// `set datafile columnheaders` (figures/style.gp); pandas with
/// `pandas.read_csv(path, sep="\t", comment="#")`.
public struct Table: Equatable, Sendable {
  public enum Cell: Equatable, Sendable {
    case number(Double)
    case text(String)
  }
  public struct Column: Equatable, Sendable {
    public var name: String
    public var description: String
    public init(_ name: String, _ description: String) {
      self.name = name
      self.description = description
    }
  }
  /// One input the table was computed from.
  public struct Source: Hashable, Sendable, Comparable {
    public var stage: String
    /// The input artifact's content hash, if known: part of the figure's cache key, so a table
    /// cites exactly what its key says it was drawn from.
    public var contentHash: String?
    public init(stage: String, contentHash: String?) {
      self.stage = stage
      self.contentHash = contentHash
    }
    public static func < (a: Source, b: Source) -> Bool { a.stage < b.stage }
  }

  /// The table's own name; the file is `<prefix>.<name>.tsv`.
  public var name: String
  /// One line saying what a row is.
  public var title: String
  public var columns: [Column]
  public var rows: [[Cell]] = []
  public var sources: [Source] = []
  /// Further comment lines (conventions, ceilings, what was left out).
  public var notes: [String] = []

  public init(name: String, title: String, columns: [Column]) {
    precondition(Set(columns.map(\.name)).count == columns.count, "Table \(name): two columns of one name")
    precondition(
      columns.allSatisfy { !$0.name.isEmpty && !$0.name.contains(where: "\t\n# ".contains) },
      "Table \(name): a column name is empty or holds a tab, line break, space or #")
    self.name = name
    self.title = title
    self.columns = columns
  }

  /// Appends a row; `values` must match `columns` in count.
  public mutating func append(_ values: [Cell]) {
    precondition(
      values.count == columns.count, "Table \(name): row of \(values.count) values for \(columns.count) columns")
    rows.append(values)
  }

  /// Appends a blank line: gnuplot starts a new line there (one network's curve ends).
  public mutating func appendBreak() { rows.append([]) }

  /// The file name for figure (or output) base name `prefix`.
  public func fileName(prefix: String) -> String { "\(prefix).\(name).tsv" }

  /// The TSV text: comment lines headed by `# <figure> / <name>: <title>`, then the header line.
  public func tsv(figure: String) -> String {
    var out = "# \(figure) / \(name): \(title)\n"
    for n in notes { out += "# \(n)\n" }
    for s in Set(sources).sorted() {
      out += "# source: \(s.stage)" + (s.contentHash.map { "  content \($0)" } ?? "") + "\n"
    }
    out += "# columns:\n"
    let width = columns.map(\.name.count).max() ?? 0
    for (i, c) in columns.enumerated() {
      out += "#   \(i + 1) \(c.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(c.description)\n"
    }
    out += columns.map(\.name).joined(separator: "\t") + "\n"
    for row in rows { out += row.map(Self.format).joined(separator: "\t") + "\n" }  // [] → blank line
    return out
  }

  static func format(_ cell: Cell) -> String {
    switch cell {
    case .number(let v):
      if v.isNaN { return "NaN" }
      if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
      if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
      return String(format: "%.9g", v)
    case .text(let s):
      precondition(!s.contains(where: "\t\n#".contains), "Table cell \"\(s)\" holds a tab, line break or #")
      return s.isEmpty ? "-" : s
    }
  }
}

extension Table.Cell: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
  public init(floatLiteral v: Double) { self = .number(v) }
  public init(integerLiteral v: Int) { self = .number(Double(v)) }
  public init(stringLiteral s: String) { self = .text(s) }
  public init(_ v: Double) { self = .number(v) }
  public init(_ v: Int) { self = .number(Double(v)) }
  public init(_ s: String) { self = .text(s) }
}
