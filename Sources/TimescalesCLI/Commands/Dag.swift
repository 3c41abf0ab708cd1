import ArgumentParser
import Pipeline

struct Dag: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the expanded stages with their inputs, or print the graph for Graphviz.",
    discussion: "  timescales dag --profile smoke --dot | dot -Tpng > dag.png"
  )
  @OptionGroup var project: ProjectOptions
  @Flag(help: "Graphviz dot output.") var dot = false

  func run() throws {
    let p = try project.open()
    if dot {
      print("digraph timescales {\n  rankdir=LR; node [shape=box, fontsize=10];")
      for s in p.plan.stages {
        print("  \"\(s.name)\" [label=\"\(s.name)\\n(\(s.kind))\"];")
        for d in s.inputs { print("  \"\(d.stage)\" -> \"\(s.name)\";") }
      }
      print("}")
      return
    }
    for s in p.plan.stages {
      print("\(s.name)  [\(s.kind)] \(s.params.canonical)")
      for d in s.inputs { print("    <- \(d.stage)" + (d.role.map { " as \($0)" } ?? "")) }
    }
    print("\(p.plan.stages.count) stages in profile \(p.plan.profile)")
  }
}
