import Crypto
import Foundation

/// SHA-256 of a file's bytes, as lowercase hex (for cache keys of stages that read external files).
public enum FileDigest {
  /// Nil when the file does not exist or cannot be read.
  public static func sha256(path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }
}
