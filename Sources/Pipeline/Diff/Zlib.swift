import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// zlib's one-shot `uncompress` and `compress`, loaded at run time with `dlopen`.
///
/// Swift on Linux has no zlib module and Foundation no inflate, and a system-library target
/// would change Package.swift for two functions. zlib is always present where this tool runs:
/// HDF5 links it for its deflate filter (Debian's libhdf5 depends on zlib1g), so the process
/// has usually loaded it already. Where it cannot be found, callers fall back to comparing bytes.
public enum Zlib {
  private typealias Uncompress = @convention(c) (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?,
                                                 UnsafePointer<UInt8>?, UInt) -> Int32
  private typealias Compress = Uncompress
  private typealias CompressBound = @convention(c) (UInt) -> UInt

  private struct Library: @unchecked Sendable {
    var uncompress: Uncompress?
    var compress: Compress?
    var compressBound: CompressBound?
  }

  private static let library: Library = {
    let names = ["libz.so.1", "libz.so", "libz.dylib", "/usr/lib/libz.dylib"]
    guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else { return Library() }
    func symbol<T>(_ name: String, _: T.Type) -> T? {
      dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
    }
    return Library(uncompress: symbol("uncompress", Uncompress.self), compress: symbol("compress", Compress.self),
                   compressBound: symbol("compressBound", CompressBound.self))
  }()

  /// Whether zlib could be loaded.
  public static var isAvailable: Bool { library.uncompress != nil }

  /// Inflates a zlib stream that holds exactly `size` bytes; nil if zlib is missing, the
  /// stream is damaged, or it holds a different number of bytes.
  public static func uncompress(_ data: [UInt8], size: Int) -> [UInt8]? {
    guard let fn = library.uncompress, size >= 0 else { return nil }
    // One spare byte tells "exactly size" from "more than size".
    var out = [UInt8](repeating: 0, count: size + 1)
    var length = UInt(out.count)
    let status = out.withUnsafeMutableBufferPointer { o in
      data.withUnsafeBufferPointer { i in fn(o.baseAddress, &length, i.baseAddress, UInt(i.count)) }
    }
    guard status == 0, length == UInt(size) else { return nil }
    out.removeLast()
    return out
  }

  /// Deflates `data` into a zlib stream (default level); nil if zlib is missing.
  public static func compress(_ data: [UInt8]) -> [UInt8]? {
    guard let fn = library.compress, let bound = library.compressBound else { return nil }
    var out = [UInt8](repeating: 0, count: Int(bound(UInt(data.count))))
    var length = UInt(out.count)
    let status = out.withUnsafeMutableBufferPointer { o in
      data.withUnsafeBufferPointer { i in fn(o.baseAddress, &length, i.baseAddress, UInt(i.count)) }
    }
    guard status == 0 else { return nil }
    return Array(out.prefix(Int(length)))
  }
}
