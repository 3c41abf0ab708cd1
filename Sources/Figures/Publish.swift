import Artifacts
import Foundation
import Glibc

/// Copies a figure's files where people look for them: `figures/out/<profile>/`.
public enum FigurePublisher {
  /// `figures/out/<profile>` under the project folder.
  public static func folder(projectRoot: URL, profile: String) -> URL {
    projectRoot.appendingPathComponent("figures/out/\(profile)")
  }

  /// Writes each file atomically (a temporary file beside it, flushed, then renamed), so a
  /// viewer never sees half a figure. Files whose bytes are already there are left untouched.
  public static func publish(_ files: [(name: String, bytes: [UInt8])], to folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, bytes) in files {
      precondition(!name.contains("/") && !name.hasPrefix("."), "FigurePublisher: bad file name \(name)")
      let path = folder.appendingPathComponent(name).path
      if let existing = FileManager.default.contents(atPath: path), existing.elementsEqual(bytes) { continue }
      try atomicWrite(bytes, to: path)
    }
  }

  static func atomicWrite(_ bytes: [UInt8], to path: String) throws {
    do { try AtomicFile.write(bytes, to: path) } catch {
      throw FigureError("\(error)", hint: "check the folder's permissions and free space")
    }
  }
}
