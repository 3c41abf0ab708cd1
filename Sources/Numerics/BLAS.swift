import CBLAS

/// Thin wrappers over OpenBLAS's CBLAS (`cblas_sgemm`, `cblas_sgemv`), row-major only.
///
/// Determinism: the bits of a product can depend on OpenBLAS's thread count (how the output is split
/// decides which rows fall to the edge kernels, whose summation order differs; LAPACK routines built
/// on BLAS inherit it), so stages always run with one BLAS thread (`run-stage`, the executors) and
/// spend a larger thread budget only on work whose partition is fixed.
/// Kernel selection: set `OPENBLAS_CORETYPE` (e.g. `SkylakeX`) in the environment before the
/// process starts; Debian's OpenBLAS otherwise falls back to slow Prescott kernels on new CPUs.
public enum BLAS {
  /// OpenBLAS's worker-thread count (`openblas_get/set_num_threads`).
  public static var threadCount: Int {
    get { Int(openblas_get_num_threads()) }
    set { openblas_set_num_threads(Int32(newValue)) }
  }

  /// C ← α·op(A)·op(B) + β·C, row-major (`cblas_sgemm`).
  ///
  /// - Shapes: op(A) m×k, op(B) k×n, C m×n; `lda`, `ldb`, `ldc` are the row strides of the
  ///   *stored* matrices (A is m×k, or k×m when `transA`).
  /// - Allocates: nothing.
  @inline(__always)
  public static func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// y ← α·op(A)·x + β·y, row-major (`cblas_sgemv`).
  ///
  /// - Shapes: A stored m×n (row stride `lda`); op(A)·x has n inputs → m outputs, or m → n when `transA`.
  /// - Allocates: nothing.
  @inline(__always)
  public static func sgemv(
    transA: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
  ) {
    if m == 0 || n == 0 { return }
    cblas_sgemv(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
      x, 1, beta, y, 1)
  }

  /// C ← α·op(A)·op(B) + β·C on `Matrix` values.
  ///
  /// - Shapes: op(A) m×k, op(B) k×n, C m×n (C must already have that shape).
  /// - Allocates: nothing.
  public static func gemm(
    _ a: Matrix, transA: Bool = false, _ b: Matrix, transB: Bool = false,
    into c: inout Matrix, alpha: Float = 1, beta: Float = 0
  ) {
    let m = transA ? a.cols : a.rows, k = transA ? a.rows : a.cols
    let kb = transB ? b.cols : b.rows, n = transB ? b.rows : b.cols
    precondition(
      k == kb && c.rows == m && c.cols == n,
      "BLAS.gemm: op(A) \(m)×\(k), op(B) \(kb)×\(n), C \(c.rows)×\(c.cols)")
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          sgemm(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
            a: pa.baseAddress!, lda: a.cols, b: pb.baseAddress!, ldb: b.cols,
            beta: beta, c: pc.baseAddress!, ldc: n)
        }
      }
    }
  }

  /// op(A)·op(B) as a new matrix. Allocates the result.
  public static func matmul(_ a: Matrix, transA: Bool = false, _ b: Matrix, transB: Bool = false) -> Matrix {
    var c = Matrix(rows: transA ? a.cols : a.rows, cols: transB ? b.rows : b.cols)
    gemm(a, transA: transA, b, transB: transB, into: &c)
    return c
  }

  /// Measures this process's single-call sgemm rate in GFLOP/s on an op(A)·op(B) product with
  /// op(A) m×k and op(B) k×n (best of `repeats`), for benchmarks that report a fraction of the
  /// machine's rate. Allocates its operands.
  public static func measureSgemmGFLOPS(
    m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false,
    repeats: Int = 5
  ) -> Double {
    var rng = RandomStream(seed: 1)
    let a = rng.uniformArray(m * k), b = rng.uniformArray(k * n)
    var c = [Float](repeating: 0, count: m * n)
    var best = Double.infinity
    for _ in 0..<repeats {
      let t0 = Clock.now()
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          c.withUnsafeMutableBufferPointer { pc in
            sgemm(
              transA: transA, transB: transB, m: m, n: n, k: k, a: pa.baseAddress!, lda: transA ? m : k,
              b: pb.baseAddress!, ldb: transB ? k : n, c: pc.baseAddress!, ldc: n)
          }
        }
      }
      best = min(best, Clock.now() - t0)
    }
    return 2.0 * Double(m) * Double(n) * Double(k) / best / 1e9
  }
}

/// A monotonic clock in seconds (for timing only; never feeds results).
public enum Clock {
  public static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// CPU seconds used by this process so far, all threads (`CLOCK_PROCESS_CPUTIME_ID`): unlike wall
  /// time, barely affected by other processes sharing the cores.
  public static func processCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// CPU time of the calling thread in seconds (excludes time the thread was not running: a
  /// steadier measure than wall time on a loaded machine, for single-threaded code only).
  public static func threadCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
