import ArgumentParser
import Pipeline

struct Dag: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the expanded stages with their inputs, or print the graph for Graphviz.",
    discussion: """
      With targets, only they and the stages they need.
        timescales dag --profile smoke --dot | dot -Tpng > dag.png
        timescales dag fig/tau-vs-n --profile smoke
      """
  )
  @OptionGroup var project: ProjectOptions
  @Flag(help: "Graphviz dot output.") var dot = false
  @Argument(help: "Stages to show (names, prefixes or globs) with what they need. Default: the whole profile.")
  var targets: [String] = []

  func run() throws {
    let p = try project.open()
    let selected = try p.selection(targets)
    let stages = p.plan.stages.enumerated().filter { selected.contains($0.offset) }.map(\.element)
    if dot {
      print("digraph timescales {\n  rankdir=LR; node [shape=box, fontsize=10];")
      for s in stages {
        print("  \"\(s.name)\" [label=\"\(s.name)\\n(\(s.kind))\"];")
        for d in s.inputs { print("  \"\(d.stage)\" -> \"\(s.name)\";") }
      }
      print("}")
      return
    }
    for s in stages {
      print("\(s.name)  [\(s.kind)] \(s.params.canonical)")
      for d in s.inputs { print("    <- \(d.stage)" + (d.role.map { " as \($0)" } ?? "")) }
    }
    print("\(stages.count) stages in profile \(p.plan.profile)")
  }
}
