import Glibc

/// What computing one stage cost its process: CPU time (user + system, all threads) and the
/// peak resident memory (`getrusage`, `ru_maxrss`).
public struct ResourceUsage: Equatable, Sendable {
  public var cpuSeconds: Double
  public var peakMemoryBytes: Int

  public init(cpuSeconds: Double, peakMemoryBytes: Int) {
    self.cpuSeconds = cpuSeconds
    self.peakMemoryBytes = peakMemoryBytes
  }

  /// This process so far.
  public static func ofThisProcess() -> ResourceUsage {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return ResourceUsage(
      cpuSeconds: seconds(u.ru_utime) + seconds(u.ru_stime), peakMemoryBytes: Int(u.ru_maxrss) * 1024)
  }

  /// The CPU time spent since `earlier` (peak memory stays this process's peak).
  public func since(_ earlier: ResourceUsage) -> ResourceUsage {
    ResourceUsage(cpuSeconds: cpuSeconds - earlier.cpuSeconds, peakMemoryBytes: peakMemoryBytes)
  }
}
