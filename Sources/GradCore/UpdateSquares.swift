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
        for i in 0..<count {
            let current = Double(new[i]), difference = Double(new[i] - old[i])
            value += current * current
            change += difference * difference
        }
    }

    /// Eight Float lanes (a chunk is short, so Float partial sums keep their digits), widened to Double at the end.
    private mutating func addFloats(new: UnsafePointer<Float>, old: UnsafePointer<Float>, count: Int) {
        var squares = SIMD8<Float>(repeating: 0), changes = SIMD8<Float>(repeating: 0)
        let vectors = count / 8
        let rawNew = UnsafeRawPointer(new), rawOld = UnsafeRawPointer(old)
        for v in 0..<vectors {
            let x = rawNew.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
            let d = x - rawOld.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
            squares += x * x
            changes += d * d
        }
        for lane in 0..<8 {
            value += Double(squares[lane])
            change += Double(changes[lane])
        }
        for i in (vectors * 8)..<count {
            let current = Double(new[i]), difference = Double(new[i] - old[i])
            value += current * current
            change += difference * difference
        }
    }
}
