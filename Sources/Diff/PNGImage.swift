/// A decoded PNG image: every pixel as RGBA with 16 bits per channel, whatever the file's
/// colour type and bit depth, so that two files drawing the same picture compare equal.
///
/// Supports what gnuplot's `png` (palette) and `pngcairo` (RGB/RGBA) terminals write and the
/// rest of the non-interlaced format: grey, grey + alpha, RGB, RGBA and palette images at bit
/// depths 1–16, with the five row filters (PNG spec §9). Adam7-interlaced files are refused
/// (`nil`), as are damaged ones; callers then compare bytes. Chunk CRCs are not checked.
public struct PNGImage: Equatable, Sendable {
  public var width: Int
  public var height: Int
  /// Row-major pixels, each packed as R, G, B, A (16 bits each, high to low).
  public var pixels: [UInt64]

  /// The eight bytes every PNG file starts with.
  public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  public static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

  /// Reads the size from the header without decoding (nil if not a PNG).
  public static func size(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
    guard isPNG(bytes), bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
    return (Int(be32(bytes, 16)), Int(be32(bytes, 20)))
  }

  public init?(_ bytes: [UInt8]) {
    guard Self.isPNG(bytes) else { return nil }
    var header: (width: Int, height: Int, depth: Int, colour: Int, interlace: Int)?
    var palette: [UInt64] = []
    var paletteAlpha: [UInt8] = []
    var compressed: [UInt8] = []
    var at = 8
    while at + 8 <= bytes.count {
      let length = Int(Self.be32(bytes, at))
      let type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
      let start = at + 8, end = start + length
      guard length >= 0, end + 4 <= bytes.count else { return nil }
      let data = bytes[start..<end]
      switch type {
      case "IHDR":
        guard length == 13 else { return nil }
        header = (
          Int(Self.be32(bytes, start)), Int(Self.be32(bytes, start + 4)), Int(bytes[start + 8]), Int(bytes[start + 9]),
          Int(bytes[start + 12])
        )
      case "PLTE":
        palette = stride(from: start, to: end - 2, by: 3).map { i in
          Self.rgba(Self.widen8(bytes[i]), Self.widen8(bytes[i + 1]), Self.widen8(bytes[i + 2]), 0xFFFF)
        }
      case "tRNS": paletteAlpha = Array(data)
      case "IDAT": compressed.append(contentsOf: data)
      case "IEND": at = bytes.count
      default: break
      }
      at = end + 4
    }
    guard let h = header, h.width > 0, h.height > 0, h.interlace == 0 else { return nil }
    let channels: Int
    switch h.colour {
    case 0: channels = 1
    case 2: channels = 3
    case 3: channels = 1
    case 4: channels = 2
    case 6: channels = 4
    default: return nil
    }
    guard [1, 2, 4, 8, 16].contains(h.depth), h.depth >= 8 || channels == 1, h.colour != 3 || h.depth <= 8 else {
      return nil
    }
    let bitsPerPixel = channels * h.depth
    let rowBytes = (h.width * bitsPerPixel + 7) / 8
    let (stride, overflow) = (rowBytes + 1).multipliedReportingOverflow(by: h.height)
    guard !overflow, stride <= 1 << 31, let raw = Zlib.uncompress(compressed, size: stride) else { return nil }
    guard let rows = Self.unfilter(raw, rowBytes: rowBytes, height: h.height, bpp: max(1, bitsPerPixel / 8)) else {
      return nil
    }

    for (i, a) in paletteAlpha.enumerated() where h.colour == 3 && i < palette.count {
      palette[i] = (palette[i] & ~0xFFFF) | Self.widen8(a)
    }
    width = h.width
    height = h.height
    pixels = [UInt64](repeating: 0, count: h.width * h.height)
    let maxSample = (1 << h.depth) - 1
    for y in 0..<h.height {
      let row = y * rowBytes
      func sample(_ index: Int) -> Int {
        if h.depth == 16 { return Int(rows[row + 2 * index]) << 8 | Int(rows[row + 2 * index + 1]) }
        if h.depth == 8 { return Int(rows[row + index]) }
        let bit = index * h.depth
        return Int(rows[row + bit / 8] >> (8 - h.depth - bit % 8)) & maxSample
      }
      // Scales a sample to 16 bits exactly (v · 65535 / max is an integer for every depth).
      func wide(_ v: Int) -> UInt64 { UInt64(v * 65535 / maxSample) }
      for x in 0..<h.width {
        let p = x * channels
        let pixel: UInt64
        switch h.colour {
        case 0: pixel = Self.rgba(wide(sample(p)), wide(sample(p)), wide(sample(p)), 0xFFFF)
        case 2: pixel = Self.rgba(wide(sample(p)), wide(sample(p + 1)), wide(sample(p + 2)), 0xFFFF)
        case 3:
          let i = sample(p)
          guard i < palette.count else { return nil }
          pixel = palette[i]
        case 4: pixel = Self.rgba(wide(sample(p)), wide(sample(p)), wide(sample(p)), wide(sample(p + 1)))
        default: pixel = Self.rgba(wide(sample(p)), wide(sample(p + 1)), wide(sample(p + 2)), wide(sample(p + 3)))
        }
        pixels[y * h.width + x] = pixel
      }
    }
  }

  /// Undoes the per-row filters (None, Sub, Up, Average, Paeth); returns the rows without
  /// their filter bytes.
  static func unfilter(_ raw: [UInt8], rowBytes: Int, height: Int, bpp: Int) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: rowBytes * height)
    for y in 0..<height {
      let filter = raw[y * (rowBytes + 1)]
      let src = y * (rowBytes + 1) + 1, dst = y * rowBytes, up = dst - rowBytes
      for i in 0..<rowBytes {
        let x = Int(raw[src + i])
        let a = i >= bpp ? Int(out[dst + i - bpp]) : 0
        let b = y > 0 ? Int(out[up + i]) : 0
        let c = y > 0 && i >= bpp ? Int(out[up + i - bpp]) : 0
        let predicted: Int
        switch filter {
        case 0: predicted = 0
        case 1: predicted = a
        case 2: predicted = b
        case 3: predicted = (a + b) / 2
        case 4:
          let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
          predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
        default: return nil
        }
        out[dst + i] = UInt8(truncatingIfNeeded: x + predicted)
      }
    }
    return out
  }

  static func be32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
  }
  static func widen8(_ v: UInt8) -> UInt64 { UInt64(v) * 257 }
  static func rgba(_ r: UInt64, _ g: UInt64, _ b: UInt64, _ a: UInt64) -> UInt64 { r << 48 | g << 32 | b << 16 | a }
}
