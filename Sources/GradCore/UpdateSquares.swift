/// Σθ² and Σ(θ − θ_before)² of one stretch of parameters: what ‖W‖ and the update ratio ‖ΔW‖/‖W‖ need.
///
/// The optimizer measures them while it updates, a cache-sized chunk at a time (see
/// `Optimizer.step(learningRate:measuringUpdates:)`), so recording statistics needs neither a copy of every
/// weight before the step nor a second pass over them after it.
struct UpdateSquares: Equatable {
    var value = 0.0
    var change = 0.0

    static func + (a: UpdateSquares, b: UpdateSquares) -> UpdateSquares {
        UpdateSquares(value: a.value + b.value, change: a.change + b.change)
    }

    /// Adds the squares of `count` updated values `new` and of their differences from `old`.
    mutating func add<Scalar: TrainingScalar>(new: UnsafePointer<Scalar>, old: UnsafePointer<Scalar>, count: Int) {
        if Scalar.self == Float.self {
            new.withMemoryRebound(to: Float.self, capacity: count) { newFloats in
                old.withMemoryRebound(to: Float.self, capacity: count) { oldFloats in
                    addFloats(new: newFloats, old: oldFloats, count: count)
                }
            }
            return
        }
        for i in 0..<count { add(new: new[i], old: old[i]) }
    }

    /// Eight Float lanes (a chunk is short, so Float partial sums keep their digits), widened to Double at the end.
    private mutating func addFloats(new: UnsafePointer<Float>, old: UnsafePointer<Float>, count: Int) {
        var lanes = UpdateLanes()
        let vectors = count / 8
        let rawNew = UnsafeRawPointer(new), rawOld = UnsafeRawPointer(old)
        for v in 0..<vectors {
            lanes.add(
                new: rawNew.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self),
                old: rawOld.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self))
        }
        lanes.flush(into: &self)
        for i in (vectors * 8)..<count { add(new: new[i], old: old[i]) }
    }

    /// One value: each Double value, and each Float after the last whole vector of a chunk.
    @inline(__always)
    mutating func add<Scalar: TrainingScalar>(new: Scalar, old: Scalar) {
        let current = Double(new), difference = Double(new - old)
        value += current * current
        change += difference * difference
    }
}

/// The Float lanes of one chunk of `UpdateSquares`: vector v of the chunk goes into the lanes in order, and
/// the lanes go into the Double totals in lane order at the end of the chunk. An update rule that has the
/// new and old values in registers feeds them here directly (`OptimizerKernels.sgdMeasuring`), with the
/// same sums as copying the old values aside and comparing after.
struct UpdateLanes {
    var squares = SIMD8<Float>.zero
    var changes = SIMD8<Float>.zero

    @inline(__always)
    mutating func add(new x: SIMD8<Float>, old: SIMD8<Float>) {
        let d = x - old
        squares += x * x
        changes += d * d
    }

    @inline(__always)
    func flush(into total: inout UpdateSquares) {
        for lane in 0..<8 {
            total.value += Double(squares[lane])
            total.change += Double(changes[lane])
        }
    }
}
