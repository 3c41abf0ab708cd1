// swift-tools-version: 6.0
import PackageDescription

// MARK: - System libraries (Debian packages, found through pkg-config)
let systemLibraries: [Target] = [
  .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
  .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
  .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
  .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
  .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
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

// Every module folder has a README.md (what it is for, its entry points, what it may import).
let docs = ["README.md"]

let package = Package(
  name: "timescales",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "timescales", targets: ["timescales"]),
    .executable(name: "timescales-bench", targets: ["timescales-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
  ],
  targets: systemLibraries + [
    // MARK: - Library modules
    .target(
      name: "Numerics", dependencies: ["CBLAS", "CLAPACKE", "CFFTW"], exclude: docs,
      swiftSettings: settings + optimisedInDebug),
    .target(
      name: "Artifacts", dependencies: ["CHDF5", .product(name: "Crypto", package: "swift-crypto")], exclude: docs,
      swiftSettings: optimisedInDebug),
    .target(name: "Layouts", dependencies: ["Artifacts"], exclude: docs, swiftSettings: optimisedInDebug),
    .target(
      name: "Networks", dependencies: ["Numerics", "Layouts"], exclude: docs, swiftSettings: settings + optimisedInDebug
    ),
    .target(name: "Tasks", dependencies: ["Numerics", "Layouts"], exclude: docs, swiftSettings: optimisedInDebug),
    .target(
      name: "Experiments", dependencies: ["Networks", "Tasks", "Numerics", "Artifacts", "Layouts"], exclude: docs,
      swiftSettings: optimisedInDebug),
    .target(
      name: "Pipeline", dependencies: ["Artifacts", .product(name: "Crypto", package: "swift-crypto")], exclude: docs,
      swiftSettings: optimisedInDebug),
    .target(
      name: "Diff", dependencies: ["Pipeline", "Artifacts", "CZlib"], exclude: docs, swiftSettings: optimisedInDebug),
    .target(
      name: "Figures",
      dependencies: ["Artifacts", "Layouts", "Numerics", .product(name: "Crypto", package: "swift-crypto")],
      exclude: docs),
    .target(
      name: "Stages", dependencies: ["Pipeline", "Experiments", "Figures", "Artifacts", "Layouts"], exclude: docs),
    .target(name: "Report", dependencies: ["Stages", "Pipeline", "Figures", "Artifacts", "Numerics"], exclude: docs),
    // MARK: - The command-line tool: parse, call, print
    .target(
      name: "TimescalesCLI",
      dependencies: [
        "Stages", "Pipeline", "Diff", "Artifacts", "Layouts", "Numerics", "Experiments", "Networks", "Tasks", "Figures",
        "Report",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ], exclude: docs),
    .executableTarget(name: "timescales", dependencies: ["TimescalesCLI"], exclude: docs),
    // MARK: - Benchmarks (benchmarks/*.sh), apart from the product
    .target(
      name: "Benchmarks", dependencies: ["Experiments", "Layouts", "Networks", "Numerics", "Artifacts"], exclude: docs,
      swiftSettings: optimisedInDebug),
    .executableTarget(
      name: "timescales-bench",
      dependencies: [
        "Benchmarks", "Experiments", "Layouts", "Networks", "Numerics", "Pipeline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ], exclude: docs),
    // MARK: - Tests
    .target(name: "TestSupport", dependencies: ["Artifacts", "Pipeline"], path: "Tests/TestSupport"),
    // `timescales` plus the test-only stage kinds, for the CLI tests that need them.
    .executableTarget(
      name: "timescales-test", dependencies: ["TimescalesCLI", "Stages", "Pipeline", "TestSupport"],
      path: "Tests/TestExecutable"),
    .testTarget(name: "ArtifactsTests", dependencies: ["Artifacts", "TestSupport"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Diff", "Artifacts", "TestSupport"]),
    .testTarget(name: "NumericsTests", dependencies: ["Numerics", "Artifacts", "TestSupport"]),
    .testTarget(
      name: "NetworksTests",
      dependencies: [
        "Benchmarks", "Networks", "Tasks", "Experiments", "Layouts", "Numerics", "Artifacts", "TestSupport",
      ]),
    .testTarget(name: "CLITests", dependencies: ["TestSupport", "Artifacts"]),
    .testTarget(
      name: "FiguresTests",
      dependencies: [
        "Figures", "Diff", "Stages", "Pipeline", "Experiments", "Networks", "Tasks", "Layouts", "Artifacts",
        "TestSupport",
      ]),
  ],
  swiftLanguageModes: [.v5]
)
