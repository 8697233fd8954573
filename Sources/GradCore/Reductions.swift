/// Sum, sum of squares and largest magnitude of a buffer in one pass.
///
/// Statistics run on every recorded step over every gradient and activation, so this is written to
/// vectorize: eight independent SIMD lanes for Float (a scalar loop's single accumulator would serialize
/// on the add latency). Partial sums are widened to Double before they are combined.
public struct BufferSummary: Sendable, Equatable {
    public var count: Int
    public var sum: Double
    public var sumOfSquares: Double
    public var maxMagnitude: Double

    public static let empty = BufferSummary(count: 0, sum: 0, sumOfSquares: 0, maxMagnitude: 0)

    public var norm: Double { sumOfSquares.squareRoot() }
    public var mean: Double { count == 0 ? 0 : sum / Double(count) }
    /// Population standard deviation.
    public var std: Double {
        guard count > 0 else { return 0 }
        let m = mean
        return max(sumOfSquares / Double(count) - m * m, 0).squareRoot()
    }
    /// False when any value was NaN or ±∞ (they propagate into the sums).
    public var isFinite: Bool { sum.isFinite && sumOfSquares.isFinite && maxMagnitude.isFinite }

    /// Summarizes `count` values starting at `pointer`.
    public static func of<S: TrainingScalar>(_ pointer: UnsafePointer<S>, count: Int) -> BufferSummary {
        if S.self == Float.self {
            return pointer.withMemoryRebound(to: Float.self, capacity: count) { ofFloats($0, count: count) }
        }
        var sum = 0.0, squares = 0.0, largest = 0.0
        for i in 0..<count {
            let value = Double(pointer[i])
            sum += value
            squares += value * value
            // `!(a <= b)` rather than `a > b` so a NaN is kept rather than skipped.
            if !(abs(value) <= largest) { largest = abs(value) }
        }
        return BufferSummary(count: count, sum: sum, sumOfSquares: squares, maxMagnitude: largest)
    }

    private static func ofFloats(_ pointer: UnsafePointer<Float>, count: Int) -> BufferSummary {
        // Two independent sets of accumulators (even and odd vectors) so consecutive adds do not wait on
        // each other's latency; merged when flushed.
        var sum = (SIMD8<Float>.zero, SIMD8<Float>.zero), squares = (SIMD8<Float>.zero, SIMD8<Float>.zero)
        var largest = (SIMD8<Float>.zero, SIMD8<Float>.zero)
        var nonFinite = false
        let vectorCount = count / 8
        // Float lanes are flushed into Double every 512 vectors so long buffers keep ~7 digits.
        var totalSum = 0.0, totalSquares = 0.0
        let raw = UnsafeRawPointer(pointer)
        var v = 0
        while v < vectorCount {
            let end = min(v + 512, vectorCount)
            while v + 1 < end {
                let x = raw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
                let y = raw.loadUnaligned(fromByteOffset: v * 32 + 32, as: SIMD8<Float>.self)
                sum.0 += x
                sum.1 += y
                squares.0 += x * x
                squares.1 += y * y
                let mx = x.replacing(with: -x, where: x .< 0), my = y.replacing(with: -y, where: y .< 0)
                largest.0.replace(with: mx, where: mx .> largest.0)
                largest.1.replace(with: my, where: my .> largest.1)
                v += 2
            }
            if v < end {
                let x = raw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
                sum.0 += x
                squares.0 += x * x
                let mx = x.replacing(with: -x, where: x .< 0)
                largest.0.replace(with: mx, where: mx .> largest.0)
                v += 1
            }
            for lane in 0..<8 {
                totalSum += Double(sum.0[lane]) + Double(sum.1[lane])
                totalSquares += Double(squares.0[lane]) + Double(squares.1[lane])
            }
            sum = (.zero, .zero)
            squares = (.zero, .zero)
        }
        largest.0.replace(with: largest.1, where: largest.1 .> largest.0)
        let lanes = largest.0
        var maximum = 0.0
        for lane in 0..<8 { maximum = max(maximum, Double(lanes[lane])) }  // lanes never hold NaN: see below
        for i in (vectorCount * 8)..<count {
            let value = Double(pointer[i])
            totalSum += value
            totalSquares += value * value
            maximum = max(maximum, abs(value))
        }
        // The comparisons above skip NaN, so let the sums (where NaN and ∞ propagate) speak for finiteness.
        if !totalSum.isFinite || !totalSquares.isFinite { nonFinite = true }
        return BufferSummary(
            count: count, sum: totalSum, sumOfSquares: totalSquares, maxMagnitude: nonFinite ? .nan : maximum)
    }
}
