import Figures
import Foundation

/// The report as one self-contained HTML page: figures inline as `data:` PNGs, the style in the
/// page, no script, and a content security policy that forbids loading anything else, so it
/// looks the same offline, mailed, or opened years later.
extension Report {
  public var html: String {
    var h = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>timescales report — profile \(esc(profile))</title>
      <style>\(Self.style)</style>
      </head>
      <body>
      <h1>Long timescales and training curricula: report of profile <code>\(esc(profile))</code></h1>
      <p class="lead">Reproduction of the figures and claims of <em>Emergent mechanisms for long timescales depend on
      training curriculum and affect performance in memory tasks</em> (Khajehabdollahi, Zeraati et al., ICLR 2024),
      made by <code>timescales</code> from this project's cache\(projectCommit.map { " at commit <code>\(esc($0))</code>" } ?? "").
      \(figures.filter { $0.png != nil }.count) of \(figures.count) figures made; \(costs.stages.count) stages cached,
      \(costs.missing) not made.</p>
      <nav><a href="#claims">Claims</a> · <a href="#figures">Figures</a> · <a href="#costs">Compute</a> ·
      <a href="#machine">Machine</a> · <a href="#profile">Profile</a></nav>

      """
    h += claimsSection + figuresSection + costsSection + machineSection + profileSection
    h += "</body>\n</html>\n"
    return h
  }

  var claimsSection: String {
    var h = "<h2 id=\"claims\">The paper's claims, tested</h2>\n"
    guard let claims else { return h + "<p class=\"missing\">No claims table: \(esc(claimsMissing ?? ""))</p>\n" }
    h +=
      "<table class=\"claims\">\n<thead><tr><th>claim</th><th>scope</th><th>networks</th><th>effect</th><th>p one-sided</th><th>p two-sided</th><th>result</th></tr></thead>\n<tbody>\n"
    for r in claims.rows {
      let css = r.verdict == .pass ? "pass" : r.verdict == .notEnoughData ? "nodata" : "fail"
      let cells =
        "<tr><td><b>\(esc(r.id))</b> \(esc(r.claim))</td><td>\(esc(r.scope))</td><td>\(esc(r.nText))</td><td>\(esc(r.effect))</td>"
      let ps =
        "<td class=\"num\">\(esc(formatClaimP(r.pOneSided)))</td><td class=\"num\">\(esc(formatClaimP(r.pTwoSided)))</td>"
      h += cells + ps + "<td class=\"verdict \(css)\">\(esc(r.verdict.rawValue))</td></tr>\n"
    }
    h += "</tbody>\n</table>\n<p class=\"summary\">\(esc(claims.summary)) (α = \(ClaimDefinitions.alpha))</p>\n"
    h += "<details><summary>How each claim is tested</summary>\n<ul>\n"
    h += claims.methods.map { "<li><b>\(esc($0.id))</b> \(esc($0.text))</li>\n" }.joined()
    h +=
      "</ul>\n"
      + (claims.notes.isEmpty
        ? "" : "<p>Notes:</p>\n<ul>\n" + claims.notes.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n")
    return h + "</details>\n"
  }

  var figuresSection: String {
    var h = "<h2 id=\"figures\">Figures</h2>\n"
    for f in figures {
      h += "<section class=\"figure\" id=\"fig-\(esc(f.name))\">\n<h3>\(esc(f.name))</h3>\n"
      h += "<p class=\"caption\">\(esc(f.caption))</p>\n"
      guard let png = f.png else {
        h +=
          "<p class=\"missing\">Not made yet: run <code>timescales make \(esc(f.stage)) --profile \(esc(profile))</code>.</p>\n</section>\n"
        continue
      }
      h +=
        "<img alt=\"\(esc(f.name)): \(esc(f.caption))\" src=\"data:image/png;base64,\(Data(png).base64EncodedString())\">\n"
      h += "<dl class=\"provenance\">\n"
      h +=
        "<dt>stage</dt><dd><code>\(esc(f.stage))</code>, code version \(f.codeVersion), cache key <code>\(esc(f.key ?? ""))</code></dd>\n"
      if let fresh = f.freshness {
        h +=
          "<dt>status</dt><dd class=\"\(fresh.current ? "current" : "stale")\">"
          + (fresh.current ? "current" : "stale: " + esc(fresh.reasons.joined(separator: "; "))) + "</dd>\n"
      }
      h +=
        "<dt>made</dt><dd>\(esc(f.made ?? "unknown")) with \(esc(f.tool ?? "timescales")), project commit <code>\(esc(f.projectCommit ?? "unknown"))</code>, \(esc(f.gnuplot ?? "gnuplot"))</dd>\n"
      for i in f.inputs {
        let versions = i.codeVersions.map(String.init).joined(separator: ", ")
        h +=
          "<dt>read</dt><dd>\(i.stages.count) <code>\(esc(i.kind))</code> stage\(i.stages.count == 1 ? "" : "s") (code version \(versions))"
        if !i.shared.isEmpty { h += "<br><span class=\"params\">\(esc(i.shared.joined(separator: ", ")))</span>" }
        if !i.varying.isEmpty { h += "<br><span class=\"params\">\(esc(i.varying.joined(separator: "; ")))</span>" }
        h +=
          "<details><summary>stages and cache keys</summary><ul class=\"keys\">"
          + i.stages.map {
            "<li><code>\(esc($0.name))</code> \($0.key.map { "<code>\(esc($0))</code>" } ?? "not made")</li>"
          }.joined()
          + "</ul></details></dd>\n"
      }
      h += "</dl>\n</section>\n"
    }
    return h
  }

  var costsSection: String {
    var h = "<h2 id=\"costs\">What it cost to compute</h2>\n"
    h +=
      "<p>From the cache records of the \(costs.stages.count) stages' latest artifacts: \(Self.duration(costs.totalWallSeconds)) of stage wall time in all"
      + " (stages run in parallel, so the run itself was shorter). CPU time and peak memory are the stage process's own"
      + " (— for artifacts made before they were recorded).</p>\n"
    h +=
      "<table>\n<thead><tr><th>stage kind</th><th>stages</th><th>wall time</th><th>CPU time</th><th>peak memory (largest)</th><th>slowest stage</th></tr></thead>\n<tbody>\n"
    for k in costs.kinds {
      h +=
        "<tr><td><code>\(esc(k.kind))</code></td><td class=\"num\">\(k.stages)</td><td class=\"num\">\(Self.duration(k.wallSeconds))</td>"
        + "<td class=\"num\">\(k.measured == 0 ? "—" : Self.duration(k.cpuSeconds))</td>"
        + "<td class=\"num\">\(k.measured == 0 ? "—" : Self.bytes(k.peakMemoryBytes))</td><td><code>\(esc(k.slowestStage))</code></td></tr>\n"
    }
    h +=
      "</tbody>\n</table>\n<h3>Slowest stages</h3>\n<table>\n<thead><tr><th>stage</th><th>wall time</th><th>CPU time</th><th>peak memory</th></tr></thead>\n<tbody>\n"
    for s in costs.stages.prefix(10) {
      h +=
        "<tr><td><code>\(esc(s.name))</code></td><td class=\"num\">\(Self.duration(s.wallSeconds))</td>"
        + "<td class=\"num\">\(s.cpuSeconds.map(Self.duration) ?? "—")</td><td class=\"num\">\(s.peakMemoryBytes.map(Self.bytes) ?? "—")</td></tr>\n"
    }
    return h + "</tbody>\n</table>\n"
  }

  var machineSection: String {
    "<h2 id=\"machine\">Machine</h2>\n<p>Where this report was made (<code>timescales doctor</code>).</p>\n<table class=\"machine\">\n"
      + machine.map { "<tr><th>\(esc($0.label))</th><td>\(esc($0.value))</td></tr>\n" }.joined() + "</table>\n"
  }

  var profileSection: String {
    "<h2 id=\"profile\">Profile <code>\(esc(profile))</code></h2>\n<p>Its values in <code>pipeline.json</code>.</p>\n<table class=\"machine\">\n"
      + profileValues.map { "<tr><th>\(esc($0.name))</th><td><code>\(esc($0.value))</code></td></tr>\n" }.joined()
      + "</table>\n"
  }

  /// "2.5 s", "3 min 12 s", "1 h 04 min".
  static func duration(_ s: Double) -> String {
    if s < 60 { return String(format: "%.1f s", s) }
    if s < 3600 { return String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60) }
    return String(format: "%d h %02d min", Int(s) / 3600, Int(s) % 3600 / 60)
  }

  static func bytes(_ b: Int) -> String {
    b >= 1 << 30
      ? String(format: "%.1f GiB", Double(b) / Double(1 << 30))
      : String(format: "%.0f MiB", Double(b) / Double(1 << 20))
  }

  static let style = """
    body{font-family:'DejaVu Sans',system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
    h1{font-size:1.5em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
    code{font-size:.9em;background:#f4f4f4;padding:0 .2em;border-radius:3px;word-break:break-all}
    table{border-collapse:collapse;margin:.5em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
    thead th{background:#f4f4f4}td.num{text-align:right;white-space:nowrap}
    .verdict{font-weight:bold;white-space:nowrap}.pass{color:#2a7a4f}.fail{color:#b03a2e}.nodata{color:#777}
    .figure{margin:2em 0}.figure img{max-width:100%;border:1px solid #eee}.caption{font-style:italic}
    dl.provenance{display:grid;grid-template-columns:6em 1fr;gap:.2em .8em;font-size:.88em;background:#fafafa;padding:.6em;border:1px solid #eee}
    dl.provenance dt{font-weight:bold;color:#555}dl.provenance dd{margin:0}.params{color:#555}
    dd.current{color:#2a7a4f}dd.stale{color:#b03a2e}.missing{color:#b03a2e}ul.keys{font-size:.9em;columns:2}
    .machine th{background:#f4f4f4;font-weight:normal;white-space:nowrap}
    """
}

/// `s` with the HTML special characters escaped.
func esc(_ s: String) -> String {
  var out = ""
  out.reserveCapacity(s.count)
  for c in s {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.append(c)
    }
  }
  return out
}
