import Foundation

/// Shows a run's progress on stderr: on a terminal, one status line redrawn four times a second
/// (counts, running stages and each one's latest progress line); otherwise one line per event.
public final class ProgressDisplay: @unchecked Sendable {
  let tty: Bool
  let verbose: Bool
  private let lock = NSLock()
  private var total = 0, ran = 0, cached = 0, failed = 0, skipped = 0
  private var running: [String: String] = [:]
  private var timer: Thread?
  private var stopped = false

  public init(verbose: Bool = false) {
    tty = isatty(STDERR_FILENO) == 1
    self.verbose = verbose
  }

  func emit(_ s: String) {
    FileHandle.standardError.write(Data(s.utf8))
  }

  func begin(total: Int) {
    lock.lock()
    self.total = total
    stopped = false
    lock.unlock()
    guard tty else { return }
    let t = Thread { [weak self] in
      while let self, !self.isStopped {
        self.redraw()
        Thread.sleep(forTimeInterval: 0.25)
      }
    }
    timer = t
    t.start()
  }

  private var isStopped: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopped
  }

  private func redraw() {
    lock.lock()
    let names = running.keys.sorted()
    var parts: [String] = []
    for n in names.prefix(3) {
      let last = lastLine(running[n]!)
      parts.append(last.isEmpty ? n : "\(n): \(last)")
    }
    let queued = total - ran - cached - failed - skipped - running.count
    var line =
      "[\(ran + cached + failed + skipped)/\(total)] \(ran) ran, \(cached) cached, \(failed) failed, \(queued) queued"
    if !parts.isEmpty { line += " | " + parts.joined(separator: " | ") }
    if names.count > 3 { line += " | +\(names.count - 3) more" }
    let width = terminalWidth()
    if line.count > width { line = String(line.prefix(width - 1)) + "…" }
    lock.unlock()
    emit("\r\u{1B}[2K" + line)
  }

  private func terminalWidth() -> Int {
    var w = winsize()
    return ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &w) == 0 && w.ws_col > 10 ? Int(w.ws_col) : 100
  }

  private func lastLine(_ log: String) -> String {
    guard let h = FileHandle(forReadingAtPath: log) else { return "" }
    defer { try? h.close() }
    let size = (try? h.seekToEnd()) ?? 0
    try? h.seek(toOffset: size > 400 ? size - 400 : 0)
    let text = String(decoding: h.readDataToEndOfFile(), as: UTF8.self)
    return text.split(separator: "\n").last.map(String.init) ?? ""
  }

  /// A line above the status line (always shown).
  public func note(_ s: String) {
    lock.lock()
    defer { lock.unlock() }
    emit((tty ? "\r\u{1B}[2K" : "") + s + "\n")
  }

  func started(_ name: String, log: String) {
    lock.lock()
    running[name] = log
    lock.unlock()
    if !tty && verbose { note("start  \(name)") }
  }

  func finished(_ name: String, _ result: MakeReport.Result, _ seconds: Double?) {
    lock.lock()
    running[name] = nil
    switch result {
    case .ran: ran += 1
    case .cached: cached += 1
    case .skipped: skipped += 1
    default: break
    }
    lock.unlock()
    switch result {
    case .ran: note(String(format: "ran    %@ (%.1f s)", name, seconds ?? 0))
    case .cached where verbose: note("cached \(name)")
    case .skipped: note("skip   \(name) (an input failed)")
    default: break
    }
  }

  func failed(_ name: String, _ message: String, log: String) {
    lock.lock()
    running[name] = nil
    failed += 1
    lock.unlock()
    note("FAILED \(name): \(message)\n       log: \(log)")
  }

  func end() {
    lock.lock()
    stopped = true
    lock.unlock()
    if tty { emit("\r\u{1B}[2K") }
  }
}
