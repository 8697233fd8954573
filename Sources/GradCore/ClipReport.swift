/// What one call of `GradientClipper.clip()` found and did.
public struct ClipReport: Equatable, Sendable, Codable {
    /// The global gradient norm √(Σ‖g‖²) over all parameters, before clipping (NaN or ∞ if any
    /// gradient was not finite).
    public var normBefore: Double
    /// The global gradient norm after clipping, derived from the measured norms and the coefficients
    /// applied (for value clipping, measured while clamping).
    public var normAfter: Double
    /// The factor the gradients were scaled by: 1 when nothing acted; for layer and tensor modes the
    /// smallest factor any layer or tensor got; for value clipping normAfter / normBefore, the
    /// equivalent shrink of the global norm; above 1 for the minimum-norm rescale.
    public var coefficient: Double
    /// Tensors changed (global, tensor, value and minimum-norm modes) or layers changed (layer mode).
    public var changed: Int
    /// Tensors, or layers in layer mode, the rule looked at: the denominator for `changed`.
    public var considered: Int
    /// Whether any gradient value was changed.
    public var acted: Bool

    /// A report for a step where nothing was changed.
    public static func unchanged(norm: Double, considered: Int) -> ClipReport {
        ClipReport(normBefore: norm, normAfter: norm, coefficient: 1, changed: 0, considered: considered, acted: false)
    }
}

/// How often and by how much clipping acted, accumulated over steps.
public struct ClipStatistics: Equatable, Sendable, Codable {
    /// Steps recorded.
    public private(set) var stepsSeen = 0
    /// Steps on which clipping changed the gradient.
    public private(set) var stepsClipped = 0
    /// Sum of the coefficients of the acting steps (for the mean).
    public private(set) var coefficientSum = 0.0
    /// Smallest coefficient of an acting step (the hardest clip); nil until clipping first acts.
    public private(set) var minimumCoefficient: Double?
    /// Largest coefficient of an acting step (above 1 only for the minimum-norm rescale); nil until
    /// clipping first acts.
    public private(set) var maximumCoefficient: Double?

    /// Empty statistics.
    public init() {}

    /// Fraction of recorded steps on which clipping acted (0 before any step).
    public var clippedFraction: Double { stepsSeen == 0 ? 0 : Double(stepsClipped) / Double(stepsSeen) }

    /// Mean coefficient over the steps where clipping acted; nil if it never did. Steps where it did
    /// not act are left out, so this says "by how much, when it acted".
    public var meanCoefficient: Double? { stepsClipped == 0 ? nil : coefficientSum / Double(stepsClipped) }

    /// Adds one step.
    public mutating func record(_ report: ClipReport) {
        stepsSeen += 1
        guard report.acted else { return }
        stepsClipped += 1
        coefficientSum += report.coefficient
        minimumCoefficient = min(minimumCoefficient ?? report.coefficient, report.coefficient)
        maximumCoefficient = max(maximumCoefficient ?? report.coefficient, report.coefficient)
    }

    /// Forgets every recorded step.
    public mutating func reset() { self = ClipStatistics() }
}
