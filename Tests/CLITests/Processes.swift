import Foundation

/// The machine's processes as `/proc` shows them, for tests that check what a `timescales` run
/// leaves behind.
enum Processes {
  /// PIDs of the processes whose command line contains `text` (a zombie has none).
  static func mentioning(_ text: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter { pid in
      guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
      return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
    }
  }

  /// Whether `pid` is a process that has not ended (a zombie has: it runs nothing and holds no
  /// lock, and stays until whoever adopted it reaps it).
  static func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return false }
    return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
  }
}
