import Crypto
import Foundation

/// Draws a figure: writes its tables, runs `figures/<figure>.gp` once per format, and returns
/// the tables and the drawings as named files.
///
/// The script runs in the project folder with these variables set (strings unless noted):
/// `fmt` (png, svg or pdf), `outbase` (the drawing is `outbase.fmt`), `tableprefix` (table `x`
/// is `tableprefix.'.x.tsv'`), and the builder's own (`has_parity` …). `figures/style.gp`
/// turns `fmt` and `outbase` into a terminal and an output file.
public enum FigureRenderer {
  public static let formats = ["png", "svg", "pdf"]
  public static let scriptsFolder = "figures"
  public static let styleFile = "figures/style.gp"

  /// The script of `figure`, relative to the project folder.
  public static func script(_ figure: String) -> String { "\(scriptsFolder)/\(figure).gp" }

  public struct Rendered {
    /// Table files (`<output>.<table>.tsv`) and drawings (`<output>.png` …), by file name.
    public var tables: [(name: String, bytes: [UInt8])]
    public var drawings: [(name: String, bytes: [UInt8])]
    /// gnuplot's warnings.
    public var warnings: [String]
  }

  /// - Parameters:
  ///   - output: base name of the files (usually the figure name).
  ///   - workDirectory: an empty folder for the tables and drawings (the caller removes it).
  public static func render(
    figure: String, output: String, data: FigureData, projectRoot: URL, workDirectory: URL,
    gnuplot: Gnuplot = .shared
  ) throws -> Rendered {
    try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    let prefix = workDirectory.appendingPathComponent(output).path
    var tables: [(String, [UInt8])] = []
    for t in data.tables {
      let name = t.fileName(prefix: output)
      let bytes = Array(t.tsv(figure: figure).utf8)
      try Data(bytes).write(to: workDirectory.appendingPathComponent(name))
      tables.append((name, bytes))
    }
    var drawings: [(String, [UInt8])] = []
    var warnings: [String] = []
    for fmt in formats {
      let variables: [(String, Gnuplot.Value)] =
        [("fmt", .string(fmt)), ("outbase", .string(prefix)), ("tableprefix", .string(prefix))]
        + data.variables
      let w = try gnuplot.run(script: script(figure), variables: variables, workingDirectory: projectRoot)
      if !w.isEmpty, !warnings.contains(w) { warnings.append(w) }
      let file = "\(output).\(fmt)"
      guard let bytes = FileManager.default.contents(atPath: prefix + "." + fmt), !bytes.isEmpty else {
        throw FigureError(
          "gnuplot ran \(script(figure)) but wrote no \(file)",
          hint: "the script must `load '\(styleFile)'` before plotting: it sets the terminal and the output file")
      }
      drawings.append((file, fmt == "pdf" ? fixedCreationDate(Array(bytes)) : Array(bytes)))
    }
    return Rendered(tables: tables, drawings: drawings, warnings: warnings)
  }

  /// cairo 1.16 stamps PDFs with the time they were made (`/CreationDate (D:20261129075827Z)`),
  /// and ignores SOURCE_DATE_EPOCH. The stamp is replaced by a fixed one of the same length, so
  /// the byte offsets in the PDF stay right and the same figure gives the same bytes.
  public static func fixedCreationDate(_ pdf: [UInt8]) -> [UInt8] {
    let marker = Array("/CreationDate (D:".utf8)
    let fixed = Array("19700101000000".utf8)  // the 14 digits YYYYMMDDHHmmSS
    var out = pdf
    guard pdf.count > marker.count + fixed.count else { return out }
    var i = 0
    while i + marker.count + fixed.count <= pdf.count {
      if pdf[i] == marker[0], Array(pdf[i..<(i + marker.count)]) == marker {
        let start = i + marker.count
        if pdf[start..<(start + fixed.count)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
          out.replaceSubrange(start..<(start + fixed.count), with: fixed)
        }
        i = start
      } else {
        i += 1
      }
    }
    return out
  }

  /// SHA-256 (hex) of a file's bytes, or nil if it cannot be read.
  public static func fileHash(_ url: URL) -> String? {
    guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
    return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }
}
