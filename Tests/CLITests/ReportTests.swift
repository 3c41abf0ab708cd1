import Foundation
import TestSupport
import Testing

/// What the smoke run's published figures and report page tell a reader who has only the files.
@Suite struct FigureFileAndReportTests {
  /// A project folder of its own whose data/ is the smoke run's (read, never written), so its
  /// figure scripts can be edited without touching the shared run.
  static func viewOfSmokeRun() throws -> URL {
    let dir = try Fixtures.temporaryDirectory("view")
    let fm = FileManager.default
    for item in ["pipeline.json", "figures"] {
      try fm.copyItem(at: SmokeRun.result.dir.appendingPathComponent(item), to: dir.appendingPathComponent(item))
    }
    try fm.createSymbolicLink(
      at: dir.appendingPathComponent("data"), withDestinationURL: SmokeRun.result.dir.appendingPathComponent("data"))
    return dir
  }

  @Test func showPrintsAFiguresProvenanceAndSaysStaleOnceItsScriptChanges() throws {
    try #require(SmokeRun.result.status == 0, "the smoke run failed: \(SmokeRun.result.output)")
    let dir = try Self.viewOfSmokeRun()
    let out = dir.appendingPathComponent("figures/out/smoke")
    for format in ["png", "svg", "pdf"] {
      let r = try CLI.run(["show", out.appendingPathComponent("tau-vs-n.\(format)").path], in: dir)
      #expect(r.status == 0, "\(r.out)")
      #expect(
        r.out.contains("figure stage: fig/tau-vs-n  (profile smoke)") && r.out.contains("cache key: "), "\(r.out)")
      #expect(
        r.out.contains("train/parity/single/seed1/N2  content "), "its inputs with their content hashes: \(r.out)")
      #expect(r.out.contains("status (smoke): current"), "\(r.out)")
    }
    let json = try CLI.run(["show", out.appendingPathComponent("tau-vs-n.png").path, "--json"], in: dir)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any], "\(json.out)")
    #expect(doc["status"] as? String == "current")
    #expect(((doc["provenance"] as? [String: Any])?["inputs"] as? [Any])?.isEmpty == false)

    let script = dir.appendingPathComponent("figures/tau-vs-n.gp")
    try (String(contentsOf: script, encoding: .utf8) + "\n# edited\n").write(
      to: script, atomically: true, encoding: .utf8)
    let stale = try CLI.run(["show", out.appendingPathComponent("tau-vs-n.png").path], in: dir)
    #expect(stale.out.contains("status (smoke): stale  figures/tau-vs-n.gp changed"), "\(stale.out)")
    let other = try CLI.run(["show", out.appendingPathComponent("ablation.svg").path], in: dir)
    #expect(other.out.contains("status (smoke): current"), "another figure stays current: \(other.out)")
  }

  @Test func theReportHoldsEveryFigureAndTheClaimsAndRendersInChromium() throws {
    try #require(SmokeRun.result.status == 0, "the smoke run failed: \(SmokeRun.result.output)")
    let dir = try Fixtures.temporaryDirectory("report")
    let page = dir.appendingPathComponent("report.html")
    let r = try CLI.run(["report", "--profile", "smoke", "--output", page.path], in: SmokeRun.result.dir)
    #expect(
      r.status == 0 && r.out.contains("\(SmokeRun.figures.count) of \(SmokeRun.figures.count) figures"), "\(r.out)")
    let html = try String(contentsOf: page, encoding: .utf8)
    #expect(html.components(separatedBy: "<img ").count - 1 == SmokeRun.figures.count)
    #expect(
      !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<script"),
      "nothing to fetch, no script")
    for figure in SmokeRun.figures { #expect(html.contains("<h3>\(figure)</h3>"), "\(figure)") }
    #expect(html.contains("<b>C1</b>") && html.contains("class=\"verdict"), "the claims table")

    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
      let message = "no /usr/bin/chromium: the report was not rendered (make test installs Debian's chromium)"
      if ProcessInfo.processInfo.environment["CI"] != nil {
        Issue.record(Comment(rawValue: message))
      } else {
        print("skipped: " + message)
      }
      return
    }
    // A copy of the page with a script that, once the page has loaded, notes how many images
    // decoded; the policy still allows images only from data: URLs.
    let probe =
      html
      .replacingOccurrences(of: "default-src 'none';", with: "default-src 'none'; script-src 'unsafe-inline';")
      .replacingOccurrences(
        of: "</body>",
        with: """
          <script>window.addEventListener('load', () => { const i = [...document.images];
          document.body.setAttribute('data-decoded', i.filter(x => x.complete && x.naturalWidth > 0).length + ' of ' + i.length);
          document.body.setAttribute('data-text', document.body.innerText.includes('The paper\\u2019s claims, tested') || document.body.innerText.includes("The paper's claims, tested")); });</script>
          </body>
          """)
    let probePage = dir.appendingPathComponent("probe.html")
    try probe.write(to: probePage, atomically: true, encoding: .utf8)
    let browser = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--user-data-dir=\(dir.path)/profile",
    ]
    let dom = try runProcess(
      "/usr/bin/chromium", browser + ["--virtual-time-budget=10000", "--dump-dom", probePage.absoluteString])
    #expect(
      dom.output.contains("data-decoded=\"\(SmokeRun.figures.count) of \(SmokeRun.figures.count)\""),
      "every figure decoded in the browser: \(dom.output.suffix(600))"
    )
    #expect(dom.output.contains("data-text=\"true\""), "\(dom.output.suffix(300))")
    let shot = dir.appendingPathComponent("report.png")
    let s = try runProcess(
      "/usr/bin/chromium",
      browser + ["--hide-scrollbars", "--window-size=1200,2400", "--screenshot=\(shot.path)", page.absoluteString])
    let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
    #expect(size > 50_000, "a screenshot of the page with its figures: \(s.output.suffix(400))")
    print("report screenshot: \(shot.path)")
  }
}
