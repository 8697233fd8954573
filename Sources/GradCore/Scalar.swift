/// A floating-point type the core can train in: Float for speed, Double for finite-difference checks.
///
/// The whole core is generic over this protocol so that the gradient checks exercise exactly the code
/// that trains; specialisation inside the module keeps the Float path as fast as hand-written code.
/// Elementary functions come from `GradMath` (computed in Double, rounded once), never from the platform.
public protocol TrainingScalar: BinaryFloatingPoint, Codable, Sendable
where RawSignificand: FixedWidthInteger {
    /// C = start + op(A)·op(B) on row-major buffers, each output summed in the fixed order `MatrixProduct`
    /// defines from the start that `start` names.
    static func product(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        start: ProductStart<Self>, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: TrainingScalar {
    public static func product(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        start: ProductStart<Float>, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        MatrixProduct.multiply(
            MatrixProduct.Operands(a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb, transposeB: transposeB),
            m: m, n: n, k: k, start: start, c: c, ldc: ldc)
    }
}

extension Double: TrainingScalar {
    public static func product(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        start: ProductStart<Double>, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        MatrixProduct.reference(
            MatrixProduct.Operands(a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb, transposeB: transposeB),
            m: m, n: n, k: k, start: start, c: c, ldc: ldc)
    }
}
