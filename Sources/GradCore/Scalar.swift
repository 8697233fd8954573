import CBLAS
import RealModule

/// A floating-point type the core can train in: Float for speed, Double for finite-difference checks.
///
/// The whole core is generic over this protocol so that the gradient checks exercise exactly the code
/// that trains; specialisation inside the module keeps the Float path as fast as hand-written code.
public protocol TrainingScalar: BinaryFloatingPoint, Real, Codable, Sendable
where RawSignificand: FixedWidthInteger {
    /// C ← α·op(A)·op(B) + β·C on row-major buffers, through OpenBLAS.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: TrainingScalar {
    @inlinable
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let beta = zeroingOverwrittenOutput(beta: beta, c: c, rows: m, cols: n, ldc: ldc)
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Double: TrainingScalar {
    @inlinable
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let beta = zeroingOverwrittenOutput(beta: beta, c: c, rows: m, cols: n, ldc: ldc)
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// For β = 0 on a contiguous C, zeroes C here and returns β = 1 for the product to add onto it; else `beta`.
///
/// OpenBLAS carries out β = 0 by first clearing C with its own beta kernel, which took 7% of B1's whole step
/// (65 small products a step); a vectorized fill followed by C += A·B costs less and gives the same numbers,
/// since 0 + x = x.
@inlinable
func zeroingOverwrittenOutput<S: TrainingScalar>(beta: S, c: UnsafeMutablePointer<S>, rows: Int, cols: Int, ldc: Int) -> S {
    guard beta == 0, ldc == cols else { return beta }
    c.update(repeating: 0, count: rows * cols)
    return 1
}
