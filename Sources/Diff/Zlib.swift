import CZlib

/// zlib's one-shot `uncompress` and `compress` (the system library, linked through pkg-config).
public enum Zlib {
  /// Inflates a zlib stream that holds exactly `size` bytes; nil if the stream is damaged or
  /// holds a different number of bytes.
  public static func uncompress(_ data: [UInt8], size: Int) -> [UInt8]? {
    guard size >= 0 else { return nil }
    // One spare byte tells "exactly size" from "more than size".
    var out = [UInt8](repeating: 0, count: size + 1)
    var length = uLongf(out.count)
    let status = out.withUnsafeMutableBufferPointer { o in
      data.withUnsafeBufferPointer { i in CZlib.uncompress(o.baseAddress, &length, i.baseAddress, uLong(i.count)) }
    }
    guard status == Z_OK, length == uLongf(size) else { return nil }
    out.removeLast()
    return out
  }

  /// Deflates `data` into a zlib stream (default level); nil if zlib fails.
  public static func compress(_ data: [UInt8]) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: Int(compressBound(uLong(data.count))))
    var length = uLongf(out.count)
    let status = out.withUnsafeMutableBufferPointer { o in
      data.withUnsafeBufferPointer { i in CZlib.compress(o.baseAddress, &length, i.baseAddress, uLong(i.count)) }
    }
    guard status == Z_OK else { return nil }
    return Array(out.prefix(Int(length)))
  }
}
