// swift-tools-version: 6.0
import PackageDescription

// MARK: - System libraries (Debian packages, found through pkg-config)
let systemLibraries: [Target] = [
  .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
  .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
  .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
  .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
]

// Strict-concurrency checking is left at Swift 5 mode: the engine shares large
// buffers across threads by design, and the scheduler owns its own locking.
let settings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

// Modules compiled optimised in debug builds too (the test suite runs a debug build): the numeric
// ones (Numerics, Networks, Tasks, Experiments), whose kernels are ~100× slower unoptimised, and
// Artifacts and Pipeline, which every stage process runs to plan and hash (~190 processes per smoke
// run). Measured on 2 busy cores: the local smoke run 300 s → 76–101 s, `swift test` 5m09 → 3m48;
// rebuilding these modules costs ~1–1.5 min more than at -Onone. Everything else stays -Onone.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
  name: "timescales",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "timescales", targets: ["timescales"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
  ],
  targets: systemLibraries + [
    // MARK: - Library modules
    .target(name: "Numerics", dependencies: ["CBLAS", "CLAPACKE", "CFFTW"], swiftSettings: settings + optimisedInDebug),
    .target(name: "Artifacts", dependencies: ["CHDF5", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: optimisedInDebug),
    .target(name: "Layouts", dependencies: ["Artifacts"], swiftSettings: optimisedInDebug),
    .target(name: "Networks", dependencies: ["Numerics", "Layouts"], swiftSettings: settings + optimisedInDebug),
    .target(name: "Tasks", dependencies: ["Numerics", "Layouts"], swiftSettings: optimisedInDebug),
    .target(name: "Experiments", dependencies: ["Networks", "Tasks", "Numerics", "Artifacts", "Layouts"], swiftSettings: optimisedInDebug),
    .target(name: "Pipeline", dependencies: ["Artifacts", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: optimisedInDebug),
    .target(name: "Figures", dependencies: ["Artifacts", "Layouts", "Numerics", .product(name: "Crypto", package: "swift-crypto")]),
    .target(name: "Stages", dependencies: ["Pipeline", "Experiments", "Figures", "Artifacts", "Layouts"]),
    // MARK: - The command-line tool: parse, call, print
    .executableTarget(name: "timescales", dependencies: [
      "Stages", "Pipeline", "Artifacts", "Layouts", "Numerics", "Experiments", "Networks", "Tasks",
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),
    // MARK: - Tests
    .target(name: "TestSupport", dependencies: ["Artifacts", "Pipeline"], path: "Tests/TestSupport"),
    .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "TestSupport"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Artifacts", "TestSupport"]),
    .testTarget(name: "NumericsTests", dependencies: ["Numerics", "Artifacts", "TestSupport"]),
    .testTarget(name: "NetworksTests", dependencies: ["Networks", "Tasks", "Experiments", "Layouts", "Numerics", "Artifacts", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["TestSupport", "Artifacts"]),
    .testTarget(name: "FiguresTests", dependencies: ["Figures", "Stages", "Pipeline", "Experiments", "Networks", "Tasks", "Layouts", "Artifacts", "TestSupport"]),
  ],
  swiftLanguageModes: [.v5]
)
