import Figures
import Foundation
import TestSupport
import Testing

/// A figure table read by the two programs people point at it: gnuplot (as the figure scripts do)
/// and pandas (`read_csv(path, sep="\t", comment="#")`), each taking the header line as the names.
@Suite struct TableReadersTests {
  static func sample() -> Table {
    var t = Table(
      name: "parity-single", title: "a test",
      columns: [.init("n", "level"), .init("tau", "mean τ"), .init("who", "label")])
    t.sources = [.init(stage: "train/a", contentHash: "k1")]
    t.notes = ["NaN: no network reached the level"]
    t.append([2, 1.5, "single"])
    t.append([3, .number(.nan), "multi head"])
    t.appendBreak()
    t.append([4, 0.25, ""])
    return t
  }

  static func write(_ t: Table) throws -> String {
    let path = try Fixtures.temporaryDirectory("table").appendingPathComponent(t.fileName(prefix: "fig")).path
    try Data(t.tsv(figure: "fig").utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func gnuplotTakesTheHeaderLineAsColumnNames() throws {
    let path = try Self.write(Self.sample())
    // The settings of figures/style.gp; `set table` prints the points gnuplot read.
    let script = """
      set datafile separator "\\t"
      set datafile columnheaders
      set datafile missing "NaN"
      set table $points
      plot '\(path)' using 1:2:(strcol(3)) with labels title columnhead(2)
      unset table
      print $points
      """
    let gnuplot = try #require(Gnuplot.shared.executable, "gnuplot is needed: make test installs it")
    let file = URL(fileURLWithPath: path + ".gp")
    try script.write(to: file, atomically: true, encoding: .utf8)
    let r = try runProcess(gnuplot, [file.path])
    #expect(r.status == 0, "\(r.output)")
    let points = r.output.split(separator: "\n").filter {
      !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty
    }
    .map { $0.split(separator: " ").map(String.init) }
    #expect(
      points == [["2", "1.5", "\"single\""], ["4", "0.25", "\"-\""]],
      "the header is no point, NaN is a gap: \(r.output)")
    #expect(r.output.contains("Curve title: \"tau\""), "\(r.output)")
  }

  @Test func pandasReadsTheColumnsAndValues() throws {
    let path = try Self.write(Self.sample())
    let script = """
      import math, sys
      import pandas
      d = pandas.read_csv(sys.argv[1], sep="\\t", comment="#")
      assert list(d.columns) == ["n", "tau", "who"], list(d.columns)
      assert list(d["n"]) == [2, 3, 4], list(d["n"])
      assert d["tau"][0] == 1.5 and math.isnan(d["tau"][1]) and d["tau"][2] == 0.25, list(d["tau"])
      assert list(d["who"]) == ["single", "multi head", "-"], list(d["who"])
      print("ok")
      """
    guard let py = try runPython(script, [path], needs: ["pandas"]) else { return }
    #expect(py.output.contains("ok"), "pandas: \(py.output)")
  }
}
