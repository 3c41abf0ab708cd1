import Foundation

extension Resources {
  /// `time` in seconds, read as Slurm reads it: "M", "M:S", "H:M:S", "D-H", "D-H:M" or "D-H:M:S"
  /// (nil if it is none of these). Locally a stage running longer is stopped and reported as timed out.
  public var timeLimit: Double? { Self.seconds(slurmTime: time) }

  static func seconds(slurmTime s: String) -> Double? {
    let dayParts = s.split(separator: "-", omittingEmptySubsequences: false)
    guard dayParts.count <= 2 else { return nil }
    let days = dayParts.count == 2 ? Double(dayParts[0]) : 0
    let clock = dayParts.last!.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
    guard let days, days >= 0, !clock.isEmpty, clock.count <= 3, clock.allSatisfy({ $0.map { $0 >= 0 } ?? false })
    else { return nil }
    let v = clock.map { $0! }
    let hms: (Double, Double, Double)
    if dayParts.count == 2 {
      hms = (v[0], v.count > 1 ? v[1] : 0, v.count > 2 ? v[2] : 0)
    } else {
      switch v.count {
      case 1: hms = (0, v[0], 0)
      case 2: hms = (0, v[0], v[1])
      default: hms = (v[0], v[1], v[2])
      }
    }
    return days * 86400 + hms.0 * 3600 + hms.1 * 60 + hms.2
  }
}
