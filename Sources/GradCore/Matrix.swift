/// A row-major, batch-first buffer of `rows × cols` scalars with a stable address.
///
/// Training allocates every matrix once per (network, batch size) and reuses it, so the steady-state
/// step never touches the heap; this is why it is a class over a raw pointer rather than an Array.
public final class Matrix<Scalar: TrainingScalar> {
    public let rows: Int
    public let cols: Int
    public let pointer: UnsafeMutablePointer<Scalar>

    public var count: Int { rows * cols }

    /// A zero-filled matrix.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        pointer = CacheLines.allocate(Scalar.self, count: max(rows * cols, 1))
        pointer.initialize(repeating: 0, count: max(rows * cols, 1))
    }

    /// A matrix holding `values` (row-major); `values.count` must equal `rows * cols`.
    public convenience init(rows: Int, cols: Int, values: [Scalar]) {
        precondition(values.count == rows * cols, "expected \(rows * cols) values, got \(values.count)")
        self.init(rows: rows, cols: cols)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    public var buffer: UnsafeMutableBufferPointer<Scalar> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    /// The values as an array (a copy), row-major.
    public var values: [Scalar] { Array(buffer) }

    public subscript(row: Int, col: Int) -> Scalar {
        get { pointer[row * cols + col] }
        set { pointer[row * cols + col] = newValue }
    }

    public func fill(_ value: Scalar) { pointer.update(repeating: value, count: count) }

    /// Copies every value from `other`, which must have the same shape.
    public func copy(from other: Matrix<Scalar>) {
        precondition(other.rows == rows && other.cols == cols, "shape mismatch in copy")
        pointer.update(from: other.pointer, count: count)
    }

    /// An independent matrix with the same shape and values.
    public func clone() -> Matrix<Scalar> {
        let copy = Matrix(rows: rows, cols: cols)
        copy.copy(from: self)
        return copy
    }

    /// The same values in another precision (used to run finite-difference checks in Double).
    public func converted<Other: TrainingScalar>(to _: Other.Type = Other.self) -> Matrix<Other> {
        let result = Matrix<Other>(rows: rows, cols: cols)
        for index in 0..<count { result.pointer[index] = Other(pointer[index]) }
        return result
    }

    /// Sum of squares of all values, accumulated in Double so long buffers do not lose precision.
    public var squaredNorm: Double {
        var total = 0.0
        for index in 0..<count {
            let value = Double(pointer[index])
            total += value * value
        }
        return total
    }

    /// True when every value is finite.
    public var isFinite: Bool {
        for index in 0..<count where !pointer[index].isFinite { return false }
        return true
    }
}
