import COpenBLAS

/// The one place TinyLM calls OpenBLAS: row-major `sgemm` and the library's thread setting.
enum BLAS {
    /// Sets how many threads OpenBLAS uses for every following call in this process (at least 1).
    static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The thread count OpenBLAS currently uses.
    static var threads: Int { Int(openblas_get_num_threads()) }

    /// Row-major `c(m, n) = alpha * op(a) * op(b) + beta * c`, where `op(a)` is (m, k) and `op(b)` is (k, n).
    ///
    /// `lda`, `ldb`, `ldc` are the row strides of the matrices as stored (before transposition).
    @inline(__always)
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        var beta = beta
        if beta == 0 {
            // Zeroing C with memset and accumulating (beta = 1) measured 10-20% faster than
            // OpenBLAS 0.3.21's own beta = 0 path on this model's shapes.
            if ldc == n {
                c.update(repeating: 0, count: m * n)
            } else {
                for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) }
            }
            beta = 1
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
