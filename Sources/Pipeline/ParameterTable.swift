extension StageRegistry {
  /// docs/parameters.md: every stage kind's parameters with their defaults, and the range of each
  /// numeric one (`StageKind.ranges`).
  public var parametersMarkdown: String {
    var out = """
      # Stage parameters

      Every parameter a stage kind takes in pipeline.json, its default, and for a number the range it must be in: a
      value outside it (or a fraction where an integer is due; for a list, any of its numbers) is a plan error naming
      the stage and the parameter, "must be an integer between … and …". Profiles fill these parameters (`"$neurons"`,
      a matrix's `n` up to `"$nMax"`), so the same ranges bound the profile values. Consistency between parameters (a
      level of the curriculum, lags within the steps) is checked by each kind and named the same way. This page is
      generated from the stage kinds (`ranges` in `Sources/Stages/*Stage.swift`); a test keeps them equal.

      """
    for name in names {
      let kind = kinds[name]!
      out += "\n## \(name)\n\n\(kind.summary).\n\n"
      if kind.parameters.isEmpty {
        out += "No parameters.\n"
        continue
      }
      out += "| parameter | default | range |\n|---|---|---|\n"
      for parameter in kind.parameters {
        let shown = kind.defaults[parameter].map { "`\($0.canonical)`" } ?? "not set"
        let range = kind.ranges[parameter].map { "\($0)" } ?? "—"
        out += "| `\(parameter)` | \(shown) | \(range) |\n"
      }
    }
    return out
  }
}
