import Figures
import Testing

// Reading a builder's output in the figure tests: a table or a variable by name, a cell's number.

func table(_ data: FigureData, _ name: String) throws -> Table {
  try #require(data.tables.first { $0.name == name }, "no table \(name) among \(data.tables.map(\.name))")
}
func variable(_ data: FigureData, _ name: String) -> Gnuplot.Value? { data.variables.first { $0.0 == name }?.1 }
func number(_ c: Table.Cell) -> Double { if case .number(let v) = c { v } else { .nan } }
func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool { abs(a - b) <= tol }
/// Rows of a table (blank lines between curves left out).
func rows(_ t: Table) -> [[Table.Cell]] { t.rows.filter { !$0.isEmpty } }
/// The row whose first cell is `n`.
func row(_ t: Table, n: Int) throws -> [Table.Cell] {
  try #require(t.rows.first { !$0.isEmpty && number($0[0]) == Double(n) })
}
