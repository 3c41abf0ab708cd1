import CBLAS
import CFFTW
import Foundation

/// Choosing OpenBLAS's kernel on CPUs its Debian build does not recognise.
///
/// OpenBLAS 0.3.21 (Debian 12) falls back to its slowest kernel (Prescott, 5–10× slower sgemm)
/// on recent Intel CPUs. It reads `OPENBLAS_CORETYPE` in a library constructor, before `main`,
/// so the variable must be in the environment when the process starts: `reexecIfNeeded()`
/// re-executes the program once with it set. A value the user set is never overridden.
public enum OpenBLASCoreType {
  /// The kernel for this CPU from its flags: AVX-512 F/BW/DQ/VL → SkylakeX, AVX2 + FMA → Haswell.
  public static func detect(cpuinfo: String? = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) -> String?
  {
    guard let line = cpuinfo?.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
    let flags = Set(line.split(separator: " ").map(String.init))
    if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
    if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
    return nil
  }

  /// Re-executes the current program with `OPENBLAS_CORETYPE` set, if it is unset and the
  /// CPU is detected. Returns only when no re-exec was needed (or it failed).
  public static func reexecIfNeeded() {
    let env = ProcessInfo.processInfo.environment
    guard env["OPENBLAS_CORETYPE"] == nil, env["TIMESCALES_NO_REEXEC"] == nil, let core = detect() else { return }
    setenv("OPENBLAS_CORETYPE", core, 1)
    setenv("TIMESCALES_NO_REEXEC", "1", 1)
    let args = CommandLine.arguments
    var cargs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
    cargs.append(nil)
    execv("/proc/self/exe", &cargs)
  }

  /// The kernel OpenBLAS is running.
  public static var active: String { String(cString: openblas_get_corename()) }
  public static var threads: Int { Int(openblas_get_num_threads()) }
  public static var config: String { String(cString: openblas_get_config()) }
  public static var fftwVersion: String {
    // `fftwf_version` is an array of unknown size, which Swift cannot import: look it up.
    guard let p = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fftwf_version") else { return "unknown" }
    return String(cString: p.assumingMemoryBound(to: CChar.self))
  }
}
