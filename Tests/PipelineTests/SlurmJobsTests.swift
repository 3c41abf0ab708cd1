import Artifacts
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// A short kind (as analyses and figures are): on a cluster it may share a job.
enum ShortSumStage: StageKind {
  static let name = "short-sum"
  static let codeVersion = 1
  static let summary = "test: sums inputs, a short stage"
  static let isShort = true
  typealias Params = SumStage.Params
  static func run(_ p: Params, inputs: StageInputs, context: StageContext) throws -> Artifact {
    try SumStage.run(p, inputs: inputs, context: context)
  }
}

/// How the Slurm executor groups stages into job arrays and bundles, on a graph shaped like the
/// product's: training chains over seeds and levels, an analysis per network, two analyses per
/// network at the top level, figures over everything.
@Suite struct SlurmJobsTests {
  static let pipeline = """
    { "profiles": { "default": { "seeds": [1, 2, 3] } },
      "stages": {
        "train": { "kind": "sum", "name": "train/seed{seed}/N{n}",
          "matrix": { "seed": "$seeds", "n": { "from": 2, "to": 4 } }, "params": { "value": 1 },
          "needs": [{ "stage": "train/seed{seed}/N{n-1}", "optional": true }] },
        "tau": { "kind": "short-sum", "name": "tau/seed{seed}/N{n}",
          "matrix": { "seed": "$seeds", "n": { "from": 2, "to": 4 } },
          "needs": ["train/seed{seed}/N{n}"] },
        "probe": { "kind": "short-sum", "name": "probe/{target}/seed{seed}",
          "matrix": { "target": ["a", "b"], "seed": "$seeds" }, "needs": ["train/seed{seed}/N4"] },
        "fig-one": { "kind": "short-sum", "name": "fig/one", "needs": ["tau"] },
        "fig-two": { "kind": "short-sum", "name": "fig/two", "needs": ["tau"] },
        "lone": { "kind": "sum", "name": "lone", "needs": ["fig/one"] } } }
    """

  func plan() throws -> Plan {
    let dir = try ToyProject.make(Self.pipeline)
    let registry = StageRegistry([AnyStageKind(SumStage.self), AnyStageKind(ShortSumStage.self)])
    return try Project.open(root: dir, profile: "default", registry: registry).plan
  }

  /// Each unit as its stage names, with `[task]` after each stage of an array.
  func describe(_ units: [SlurmJobs.Unit], _ plan: Plan) -> [[String]] {
    units.map { u in
      u.stages.enumerated().map { k, i in plan.stages[i].name + (u.tasks.map { "[\($0[k])]" } ?? "") }
    }
  }

  @Test func stagesOfATemplateAtOneDepthFormAnArrayAlignedWithTheArrayTheyWaitFor() throws {
    let plan = try plan()
    let units = describe(SlurmJobs.units(plan, Array(plan.stages.indices)), plan)
    for n in 2...4 {
      #expect(units.contains((1...3).map { "train/seed\($0)/N\(n)[\($0 - 1)]" }), "\(units)")
      #expect(units.contains((1...3).map { "tau/seed\($0)/N\(n)[\($0 - 1)]" }), "\(units)")
    }
    // Two probes of one network would be two tasks of one number: two arrays.
    #expect(units.contains((1...3).map { "probe/a/seed\($0)[\($0 - 1)]" }), "\(units)")
    #expect(units.contains((1...3).map { "probe/b/seed\($0)[\($0 - 1)]" }), "\(units)")
    // The figures wait for the same stages: one job. A long stage alone is a job of its own.
    #expect(units.contains(["fig/one", "fig/two"]), "\(units)")
    #expect(units.contains(["lone"]), "\(units)")
    #expect(units.count == 3 + 3 + 2 + 1 + 1)
    // Every unit comes after those it waits for.
    var seen = Set<String>()
    for u in SlurmJobs.units(plan, Array(plan.stages.indices)) {
      for i in u.stages {
        for d in plan.stages[i].inputs where !u.stages.contains(plan.index[d.stage]!) {
          #expect(seen.contains(d.stage), "\(plan.stages[i].name) is submitted before its input \(d.stage)")
        }
      }
      for i in u.stages { seen.insert(plan.stages[i].name) }
    }
  }

  @Test func stagesWhoseChainsStartAtDifferentLevelsStillShareArrays() throws {
    let plan = try plan()
    // Seed 1 is trained to N3 already: its chain resumes at N4, the others start at N2.
    let cached: Set<String> = ["train/seed1/N2", "train/seed1/N3", "tau/seed1/N2", "tau/seed1/N3"]
    let submitting = plan.stages.indices.filter { !cached.contains(plan.stages[$0].name) }
    let units = describe(SlurmJobs.units(plan, submitting), plan)
    #expect(units.contains(["train/seed1/N4[0]", "train/seed2/N2[1]", "train/seed3/N2[2]"]), "\(units)")
    #expect(units.contains(["train/seed2/N3[1]", "train/seed3/N3[2]"]), "\(units)")
  }

  @Test func anArrayWaitsForTheCorrespondingTaskWhenItCanAndForWholeJobsOtherwise() {
    let d = SlurmExecutor.dependency
    #expect(d(nil, []) == nil)
    #expect(d(nil, [["12_1", "9"]]) == "afterok:9:12_1")
    #expect(d([0, 2], [["12_0"], ["12_2"]]) == "aftercorr:12")
    // Task 2 waits for task 1: not the corresponding task.
    #expect(d([0, 2], [["12_0"], ["12_1"]]) == "afterok:12_0:12_1")
    #expect(d([0, 1], [["12_0", "5"], ["12_1", "5"]]) == "afterok:5,aftercorr:12")
    #expect(SlurmExecutor.baseJob("12_3") == "12" && SlurmExecutor.baseJob("12") == "12")
  }

  @Test func aLockInsideAnArrayTaskNamesTheTask() {
    #expect(StoreLock.Holder.slurmJob(["SLURM_JOB_ID": "40"]) == "40")
    #expect(
      StoreLock.Holder.slurmJob(["SLURM_JOB_ID": "40", "SLURM_ARRAY_JOB_ID": "37", "SLURM_ARRAY_TASK_ID": "3"])
        == "37_3")
    #expect(StoreLock.Holder.slurmJob([:]) == nil)
  }
}
