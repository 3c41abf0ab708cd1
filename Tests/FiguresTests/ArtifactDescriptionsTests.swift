import Artifacts
import Foundation
import Layouts
import TestSupport
import Testing

/// The table of artifact layouts: the attributes it writes, and docs/artifacts.md made from it.
@Suite struct ArtifactDescriptionsTests {
  @Test func docsArtifactsIsTheTable() throws {
    let path = Fixtures.packageRoot.appendingPathComponent("docs/artifacts.md")
    let written = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
    if written != ArtifactLayouts.markdown {
      let fresh = try Fixtures.temporaryDirectory("docs").appendingPathComponent("artifacts.md")
      try ArtifactLayouts.markdown.write(to: fresh, atomically: true, encoding: .utf8)
      Issue.record(
        "docs/artifacts.md is not what Sources/Layouts/ArtifactDescriptions.swift says; cp \(fresh.path) docs/artifacts.md"
      )
    }
  }

  @Test func describeWritesEveryAttributeAndNamesTheLayout() throws {
    let layout = try #require(ArtifactLayouts.layout(ofKind: "tau-net"))
    var a = Artifact()
    a["/neurons/tau_net"] = NDArray([2.5, .nan])
    a["/neurons/single/converged"] = NDArray(bytes: [1, 0])
    a["/neurons/autocovariance"] = NDArray([1.0, 0.5, 0.9, 0.4], shape: [2, 2])
    ArtifactLayouts.describe(&a, as: layout)
    #expect(
      a.attribute("layout")?.stringValue == "tau-net" && a.attribute("layout_version")?.intValue == layout.version)
    let datasets = Dictionary(uniqueKeysWithValues: a.allDatasets.map { ($0.path, $0.dataset.attributes) })
    #expect(datasets.count == 3 && a.group("/neurons/tau_net") == nil, "attributes of the datasets, no group made")
    #expect(datasets["/neurons/tau_net"]?["units"]?.stringValue == "steps")
    #expect(datasets["/neurons/tau_net"]?["missing_value"]?.stringValue?.contains("NaN") == true)
    #expect(datasets["/neurons/autocovariance"]?["dimensions"]?.stringValue == "lag, neuron")
    #expect(datasets["/neurons/single/converged"]?["note"]?.stringValue?.contains("uint8") == true)
  }

  @Test func everyLayoutDescribesEachDatasetOnce() {
    for l in ArtifactLayouts.all {
      let paths = l.datasets.map(\.path)
      #expect(Set(paths).count == paths.count, "\(l.name) lists a dataset twice")
      #expect(l.datasets.allSatisfy { !$0.description.isEmpty && !$0.dimensions.isEmpty }, "\(l.name)")
    }
  }
}
