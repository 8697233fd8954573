/// Which formula turns a measured norm into a scale factor.
public enum ClipStyle: String, Equatable, Sendable, Codable {
    /// torch `clip_grad_norm_`: coef = max / (norm + 1e-6), applied only when coef < 1. The 1e-6 keeps
    /// the division safe at norm 0, and means a norm a hair under `max` is still (very slightly) scaled.
    case torch
    /// TensorFlow `clip_by_global_norm` / `clip_by_norm`: coef = max / max(norm, max), so only norms
    /// strictly above `max` are scaled, and exactly onto `max`.
    case tensorflow = "tf"
}

/// How gradients are clipped before the optimizer step.
public enum ClipMode: Equatable, Sendable, Codable, CustomStringConvertible {
    /// No clipping (the norm is still measured for the report).
    case off
    /// Scale every gradient by one factor so the global norm √(Σ‖g‖²) is at most `max`.
    case globalNorm(max: Double, style: ClipStyle = .torch)
    /// torch `clip_grad_value_`: clamp every gradient element to [−v, v]. This changes the gradient's
    /// direction, unlike the norm modes.
    case value(Double)
    /// The global-norm rule applied separately to each user layer (all parameters sharing
    /// `Parameter.layer`), so one exploding layer is tamed without shrinking the others.
    case layerNorm(max: Double, style: ClipStyle = .torch)
    /// The norm rule applied to each parameter tensor on its own (Keras `clipnorm`, which is
    /// `tf.clip_by_norm` per tensor; hence TensorFlow style by default).
    case tensorNorm(max: Double, style: ClipStyle = .tensorflow)
    /// Experimental, not in any framework: when 0 < global norm < `min`, scale every gradient UP by
    /// min / norm. It amplifies whatever the small gradient holds, noise included, and since every
    /// layer gets the same factor it leaves the first/last layer ratio of a vanishing gradient exactly
    /// as it was; it only changes the effective step size.
    case minimumNorm(min: Double)

    /// Throws `ClipError.thresholdNotPositive` unless every threshold is a finite number > 0.
    public func validate() throws {
        switch self {
        case .off:
            break
        case .globalNorm(let limit, _), .layerNorm(let limit, _), .tensorNorm(let limit, _):
            try Self.check(limit, "the maximum norm")
        case .value(let limit):
            try Self.check(limit, "the clip value")
        case .minimumNorm(let floor):
            try Self.check(floor, "the minimum norm")
        }
    }

    private static func check(_ threshold: Double, _ what: String) throws {
        guard threshold.isFinite && threshold > 0 else {
            throw ClipError.thresholdNotPositive(what: what, got: threshold)
        }
    }

    /// A short form for `show settings`, e.g. `norm 1.0 (torch)`.
    public var description: String {
        switch self {
        case .off: "off"
        case .globalNorm(let limit, let style): "norm \(limit) (\(style.rawValue))"
        case .value(let limit): "value \(limit)"
        case .layerNorm(let limit, let style): "layer \(limit) (\(style.rawValue))"
        case .tensorNorm(let limit, let style): "tensor \(limit) (\(style.rawValue))"
        case .minimumNorm(let floor): "min \(floor)"
        }
    }
}

/// A clipping setting a user asked for that cannot be used.
public enum ClipError: Error, Equatable, CustomStringConvertible {
    /// A threshold that is not a finite number > 0; `what` names it ("the maximum norm").
    case thresholdNotPositive(what: String, got: Double)

    public var description: String {
        switch self {
        case .thresholdNotPositive(let what, let value): "\(what) must be a finite number > 0 (got \(value))"
        }
    }
}

/// Clips the gradients of a fixed list of parameters in place and keeps statistics of how it acted.
///
/// The layer grouping and all scratch space are prepared in `init`, so `clip()` allocates nothing.
/// Each tensor's Σg² is `BufferSummary.sumOfSquares` (Float lanes widened to Double every 4096 values, as
/// precise as PyTorch's float norm); tensors and groups are combined in Double. A non-finite global norm is left
/// alone (reported, never "clipped"): PyTorch would multiply by 0 or NaN and turn every gradient into
/// NaN, hiding which layer blew up.
public final class GradientClipper<Scalar: TrainingScalar> {
    public private(set) var mode: ClipMode
    public let parameters: [Parameter<Scalar>]
    /// The distinct user layers among the parameters, ascending; layer mode's group g is `layers[g]`.
    public let layers: [Int]
    /// Every step clipped since creation or `resetStatistics()`.
    public private(set) var statistics = ClipStatistics()

    private let gradients: [UnsafeMutablePointer<Scalar>]
    private let counts: [Int]
    private let layerGroup: [Int]  // parameter index → index into `layers`
    private let tensorShares: WorkShares  // every tensor, dealt to the two cores for its Σg²
    private let tensorSquares: UnsafeMutablePointer<Double>  // ‖g‖² per parameter
    private let groupSquares: UnsafeMutablePointer<Double>  // ‖g‖² per group (layer or tensor)
    private let groupCoefficients: UnsafeMutablePointer<Double>

    /// Validates `mode` and prepares the grouping of `parameters` by `Parameter.layer`.
    public init(mode: ClipMode, parameters: [Parameter<Scalar>]) throws {
        try mode.validate()
        self.mode = mode
        self.parameters = parameters
        gradients = parameters.map { $0.gradient.pointer }
        counts = parameters.map { $0.count }
        tensorShares = WorkShares(sizes: counts)
        let layers = Array(Set(parameters.map(\.layer))).sorted()
        let position = Dictionary(uniqueKeysWithValues: layers.enumerated().map { ($1, $0) })
        self.layers = layers
        layerGroup = parameters.map { position[$0.layer] ?? 0 }
        let capacity = max(parameters.count, 1)  // a group per tensor is the most there can be
        tensorSquares = .allocate(capacity: capacity)
        tensorSquares.initialize(repeating: 0, count: capacity)
        groupSquares = .allocate(capacity: capacity)
        groupSquares.initialize(repeating: 0, count: capacity)
        groupCoefficients = .allocate(capacity: capacity)
        groupCoefficients.initialize(repeating: 1, count: capacity)
    }

    deinit {
        tensorSquares.deallocate()
        groupSquares.deallocate()
        groupCoefficients.deallocate()
    }

    /// Switches to another mode (validated), keeping the statistics.
    public func setMode(_ mode: ClipMode) throws {
        try mode.validate()
        self.mode = mode
    }

    /// Forgets the accumulated statistics.
    public func resetStatistics() { statistics.reset() }

    /// Clips every parameter's gradient in place according to `mode`, records the step in
    /// `statistics`, and reports what happened. Allocates nothing.
    @discardableResult
    public func clip() -> ClipReport { clip(measured: nil) }

    /// `clip()`, taking each gradient's Σg² from `summaries` (one per parameter, in order) when given: a step
    /// that records statistics has just summarized every gradient, with the same arithmetic.
    @_specialize(where Scalar == Float)
    @discardableResult
    func clip(measured summaries: UnsafePointer<BufferSummary>?) -> ClipReport {
        if let summaries {
            for i in gradients.indices { tensorSquares[i] = summaries[i].sumOfSquares }
        } else if PairedWork.shared.isParallel && tensorShares.total >= Optimizer<Scalar>.dealingMinimum {
            PairedWork.shared.run(
                TensorSquares(gradients: gradients, counts: counts, tensors: tensorShares.mine, into: tensorSquares),
                alongside: TensorSquares(gradients: gradients, counts: counts, tensors: tensorShares.theirs, into: tensorSquares))
        } else {
            for i in gradients.indices { tensorSquares[i] = BufferSummary.sumOfSquares(gradients[i], count: counts[i]) }
        }
        let report: ClipReport
        switch mode {
        case .off:
            report = .unchanged(norm: globalNorm(), considered: parameters.count)
        case .globalNorm(let limit, let style):
            let norm = globalNorm()
            report = scaleAll(norm: norm, coefficient: Self.coefficient(norm: norm, limit: limit, style: style))
        case .minimumNorm(let floor):
            let norm = globalNorm()
            report = scaleAll(norm: norm, coefficient: norm.isFinite && norm > 0 && norm < floor ? floor / norm : 1)
        case .layerNorm(let limit, let style):
            report = clipGroups(limit: limit, style: style, byLayer: true)
        case .tensorNorm(let limit, let style):
            report = clipGroups(limit: limit, style: style, byLayer: false)
        case .value(let limit):
            report = clampValues(limit: Scalar(limit))
        }
        statistics.record(report)
        return report
    }

    /// The factor `style` applies to a group of norm `norm` under threshold `limit` (1 = leave alone).
    static func coefficient(norm: Double, limit: Double, style: ClipStyle) -> Double {
        guard norm.isFinite else { return 1 }
        switch style {
        case .torch: return min(limit / (norm + 1e-6), 1)  // clip_coef_clamped = clamp(clip_coef, max=1)
        case .tensorflow: return limit / max(norm, limit)
        }
    }

    /// The global norm, from the per-tensor squares `clip(measured:)` filled in.
    private func globalNorm() -> Double {
        var total = 0.0
        for i in gradients.indices { total += tensorSquares[i] }
        return total.squareRoot()
    }

    /// Multiplies every gradient by `coefficient` unless it is 1.
    private func scaleAll(norm: Double, coefficient: Double) -> ClipReport {
        guard coefficient != 1 else { return .unchanged(norm: norm, considered: parameters.count) }
        let factor = Scalar(coefficient)
        var changed = 0
        for i in gradients.indices where tensorSquares[i] > 0 {
            Self.scale(gradients[i], count: counts[i], by: factor)
            changed += 1
        }
        return ClipReport(
            normBefore: norm, normAfter: norm * coefficient, coefficient: coefficient,
            changed: changed, considered: parameters.count, acted: changed > 0)
    }

    /// The norm rule applied to each layer (`byLayer`) or each tensor on its own.
    private func clipGroups(limit: Double, style: ClipStyle, byLayer: Bool) -> ClipReport {
        let norm = globalNorm()
        let groupCount = byLayer ? layers.count : parameters.count
        groupSquares.update(repeating: 0, count: max(groupCount, 1))
        for i in gradients.indices { groupSquares[byLayer ? layerGroup[i] : i] += tensorSquares[i] }
        var changed = 0
        var smallest = 1.0
        var squaresAfter = 0.0
        for g in 0..<groupCount {
            let coefficient = Self.coefficient(norm: groupSquares[g].squareRoot(), limit: limit, style: style)
            groupCoefficients[g] = coefficient
            squaresAfter += groupSquares[g] * coefficient * coefficient
            if coefficient < 1 {
                changed += 1
                smallest = min(smallest, coefficient)
            }
        }
        guard changed > 0 else { return .unchanged(norm: norm, considered: groupCount) }
        for i in gradients.indices {
            let coefficient = groupCoefficients[byLayer ? layerGroup[i] : i]
            if coefficient < 1 { Self.scale(gradients[i], count: counts[i], by: Scalar(coefficient)) }
        }
        return ClipReport(
            normBefore: norm, normAfter: squaresAfter.squareRoot(), coefficient: smallest,
            changed: changed, considered: groupCount, acted: true)
    }

    /// clip_grad_value_: clamps to [−limit, limit]. Three branch-free passes (measure, clamp, measure)
    /// vectorize; one fused pass with a branch per element ran several times slower.
    private func clampValues(limit: Scalar) -> ClipReport {
        let normBefore = globalNorm()
        var changed = 0
        var squaresAfter = 0.0
        for i in gradients.indices {
            let g = gradients[i]
            let clamped = Self.clamp(g, count: counts[i], limit: limit)
            if clamped { changed += 1 }
            squaresAfter += !clamped ? tensorSquares[i] : BufferSummary.sumOfSquares(g, count: counts[i])
        }
        guard changed > 0 else { return .unchanged(norm: normBefore, considered: parameters.count) }
        let normAfter = squaresAfter.squareRoot()
        return ClipReport(
            normBefore: normBefore, normAfter: normAfter, coefficient: normAfter / normBefore,
            changed: changed, considered: parameters.count, acted: true)
    }

    /// Clamps to [−limit, limit] in place; true if any element was outside. Comparisons are false for
    /// NaN, so a NaN passes through unchanged (as in torch.clamp) and does not count as clamped.
    /// Kept out of line, as selects and an OR, because inlined into `clampValues` LLVM turned the
    /// selects back into branches and left the loop scalar.
    @inline(never)
    private static func clamp(_ pointer: UnsafeMutablePointer<Scalar>, count: Int, limit: Scalar) -> Bool {
        var clamped: Int32 = 0
        for j in 0..<count {
            let x = pointer[j]
            let y = x > limit ? limit : (x < -limit ? -limit : x)
            clamped |= (x > limit ? 1 : 0) | (x < -limit ? 1 : 0)
            pointer[j] = y
        }
        return clamped != 0
    }

    @inline(__always)
    private static func scale(_ pointer: UnsafeMutablePointer<Scalar>, count: Int, by factor: Scalar) {
        for j in 0..<count { pointer[j] *= factor }
    }
}

/// Σg² of some of the tensors, for one core.
private struct TensorSquares<Scalar: TrainingScalar>: PairedJob {
    let gradients: [UnsafeMutablePointer<Scalar>]
    let counts: [Int]
    let tensors: [Int]
    let into: UnsafeMutablePointer<Double>

    @_specialize(where Scalar == Float)
    func run() {
        for i in tensors { into[i] = BufferSummary.sumOfSquares(gradients[i], count: counts[i]) }
    }
}
