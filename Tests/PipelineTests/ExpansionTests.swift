import Foundation
import Pipeline
import TestSupport
import Testing

@Suite struct ExpansionTests {
  let base = """
    { "profiles": { "default": { "seeds": [1, 2], "nMax": 4, "v": 0.5 }, "big": { "extends": "default", "nMax": 6 } },
      "stages": {
        "train": { "kind": "sum", "name": "train/{task}/seed{seed}/N{n}",
                   "matrix": { "task": ["parity", "dms"], "seed": "$seeds", "n": { "from": 2, "to": "$nMax" } },
                   "params": { "value": "$v", "tag": "{task}" },
                   "needs": [ { "stage": "train/{task}/seed{seed}/N{n-1}", "as": "parent", "optional": true } ] },
        "fig": { "kind": "sum", "needs": ["train/*/seed*/N4"] } } }
    """

  func errors(_ text: String, profile: String = "default") -> [String] {
    do {
      _ = try Planner.plan(try JSONParser.parse(text), profile: profile, registry: ToyProject.registry)
      return []
    } catch let e as PlanErrors {
      return e.errors.map(\.description)
    } catch {
      return ["\(error)"]
    }
  }

  @Test func matrixVariablesTheKindLacksOnlyNameStages() throws {
    let text = """
      { "profiles": { "default": {} },
        "stages": { "s": { "kind": "sum", "name": "s/{group}", "matrix": { "group": ["a", "b"] }, "params": { "value": 1 } } } }
      """
    let plan = try Planner.plan(try JSONParser.parse(text), profile: "default", registry: ToyProject.registry)
    #expect(plan["s/a"] != nil && plan["s/b"] != nil)
    #expect(plan["s/a"]!.params["group"] == nil)
    #expect(plan["s/a"]!.params == plan["s/b"]!.params)
    let typo = text.replacingOccurrences(of: "\"value\": 1", with: "\"group\": 1")
    #expect(errors(typo).contains { $0.contains("params.group: unknown parameter") }, "\(errors(typo))")
  }

  @Test func expandsMatricesIntoNamedStagesInDependencyOrder() throws {
    let plan = try Planner.plan(try JSONParser.parse(base), profile: "default", registry: ToyProject.registry)
    #expect(plan.stages.count == 2 * 2 * 3 + 1)
    let n3 = try #require(plan["train/dms/seed2/N3"])
    #expect(n3.inputs == [.init(role: "parent", stage: "train/dms/seed2/N2")])
    #expect(n3.params["tag"] == .string("dms"))
    #expect(n3.params["n"] == .int(3) && n3.params["seed"] == .int(2) && n3.params["value"] == .double(0.5))
    #expect(plan["train/parity/seed1/N2"]!.inputs.isEmpty)
    #expect(plan["fig"]!.inputs.count == 4)
    for (i, s) in plan.stages.enumerated() {
      for d in s.inputs { #expect(plan.index[d.stage]! < i) }
    }
    let big = try Planner.plan(try JSONParser.parse(base), profile: "big", registry: ToyProject.registry)
    #expect(big["train/parity/seed1/N6"] != nil)
  }

  @Test func anOffsetMayBeAProfileInteger() throws {
    let text = """
      { "profiles": { "default": { "first": 3, "shift": 2, "to": 7 } },
        "stages": { "s": { "kind": "sum", "name": "s/N{n}", "matrix": { "n": { "from": "$first", "to": "$to", "step": "$shift" } },
                           "params": { "value": 1 },
                           "needs": [ { "stage": "s/N{n-$shift}", "as": "parent", "optional": true } ] } } }
      """
    let plan = try Planner.plan(try JSONParser.parse(text), profile: "default", registry: ToyProject.registry)
    #expect(plan.stages.map(\.name) == ["s/N3", "s/N5", "s/N7"])
    #expect(plan["s/N7"]!.inputs == [.init(role: "parent", stage: "s/N5")])
    #expect(plan["s/N3"]!.inputs.isEmpty)
    let missing = text.replacingOccurrences(of: "{n-$shift}", with: "{n-$gap}")
    #expect(errors(missing).contains { $0.contains("the profile has no integer \"gap\"") }, "\(errors(missing))")
  }

  @Test func aCycleIsReportedAsItsPath() {
    let e = errors(
      """
      { "profiles": { "default": {} }, "stages": {
        "a": { "kind": "sum", "needs": ["c"] }, "b": { "kind": "sum", "needs": ["a"] }, "c": { "kind": "sum", "needs": ["b"] } } }
      """)
    #expect(e.count == 1)
    #expect(e[0].contains("dependency cycle") && e[0].contains("a → b → c → a") || e[0].contains("→"), "\(e)")
  }

  @Test func aMissingDependencyNamesItsJSONPathAndSuggests() {
    let e = errors(base.replacingOccurrences(of: "\"needs\": [\"train/*/seed*/N4\"]", with: "\"needs\": [\"trian\"]"))
    #expect(e.count == 1)
    #expect(e[0].contains("stages.fig.needs[0]: no stage matches \"trian\""), "\(e)")
    #expect(e[0].contains("did you mean \"train\""), "\(e)")
  }

  @Test func anAmbiguousNamedDependencyIsAnError() {
    let e = errors(
      base.replacingOccurrences(
        of: "\"needs\": [\"train/*/seed*/N4\"]", with: "\"needs\": [{\"stage\": \"train/*/seed*/N4\", \"as\": \"net\"}]"
      ))
    #expect(e.first?.contains("stages.fig.needs[0]: ambiguous") == true, "\(e)")
  }

  @Test func aRoleWithManyInputsNamesEveryMatch() throws {
    let text = base.replacingOccurrences(
      of: "\"needs\": [\"train/*/seed*/N4\"]",
      with: "\"needs\": [{\"stage\": \"train\", \"as\": \"net\", \"many\": true}]")
    let plan = try Planner.plan(try JSONParser.parse(text), profile: "default", registry: ToyProject.registry)
    let fig = try #require(plan["fig"])
    #expect(fig.inputs.count == 12 && fig.inputs.allSatisfy { $0.role == "net" })
  }

  @Test func everyProblemIsReportedWithItsPath() {
    let text = """
      { "profiles": { "default": { "n": 3 } }, "stagse": {}, "stages": {
        "a": { "kind": "summ" },
        "b": { "kind": "sum", "params": { "value": "high" } },
        "c": { "kind": "sum", "params": { "value": -5000 } },
        "d": { "kind": "sum", "params": { "vlaue": 1 } },
        "e": { "kind": "sum", "matrix": { "n": { "from": 5, "to": "$n" } } },
        "f": { "kind": "sum", "nedds": [] },
        "g": { "kind": "sum", "params": { "value": "$missing" } } } }
      """
    let e = errors(text).joined(separator: "\n")
    #expect(e.contains("stagse: unknown key") && e.contains("did you mean \"stages\""), "\(e)")
    #expect(e.contains("stages.a.kind: unknown stage kind \"summ\"") && e.contains("did you mean \"sum\""), "\(e)")
    #expect(e.contains("stages.b.params.value: expected a number"), "\(e)")
    #expect(e.contains("stages.c.params.value: must be ≥ −1000 (got -5000.0)"), "\(e)")
    #expect(e.contains("stages.d.params.vlaue: unknown parameter") && e.contains("did you mean \"value\""), "\(e)")
    #expect(e.contains("stages.e.matrix.n: has no values in this profile"), "\(e)")
    #expect(e.contains("stages.f.nedds: unknown key"), "\(e)")
    #expect(e.contains("stages.g.params.value: the profile has no value \"missing\""), "\(e)")
  }

  @Test func syntaxErrorsGiveLineAndColumn() {
    let e = errors("{\n  \"profiles\": {,\n}")
    #expect(e.first?.contains("line 2, column 16") == true, "\(e)")
  }

  @Test func unknownProfileIsNamed() {
    let e = errors(base, profile: "smoek")
    #expect(e.first?.contains("no profile \"smoek\"") == true, "\(e)")
  }

  @Test func canonicalJSONSortsKeysAndKeepsNumberKinds() throws {
    let v = try JSONParser.parse("{ \"b\": 1, \"a\": [1.0, 2.5, \"x\\n\"], \"c\": { \"z\": null, \"y\": true } }")
    #expect(v.canonical == "{\"a\":[1.0,2.5,\"x\\n\"],\"b\":1,\"c\":{\"y\":true,\"z\":null}}")
  }
}
