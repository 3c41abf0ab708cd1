import Artifacts
import Foundation

/// Paths to test fixtures and the shared reference data.
public enum Fixtures {
  /// `Tests/Fixtures` in this checkout.
  public static let directory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  /// The package root (the folder holding Package.swift).
  public static let packageRoot: URL = directory.deletingLastPathComponent().deletingLastPathComponent()

  /// `numerics.h5`: reference vectors from PyTorch, numpy and scipy (copied from ../shared/reference).
  public static func numerics() throws -> Artifact {
    try ArtifactReader.read(directory.appendingPathComponent("numerics.h5").path)
  }

  /// The authors' trained network, read from `../shared/reference/` beside the checkout
  /// (it may not be redistributed, so it is never copied into the project). Nil where absent.
  public static var sharedReferenceNetwork: String? {
    let path = packageRoot.deletingLastPathComponent()
      .appendingPathComponent("shared/reference/reference_multihead_parity_N2_N5.h5").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// A fresh empty temporary directory.
  public static func temporaryDirectory(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("timescales-\(label)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
