import Foundation
import XCTest

@testable import GradCore

/// Expected gradients are worked by hand from torch `clip_grad_norm_` / `clip_grad_value_` and
/// TensorFlow `clip_by_global_norm` / `clip_by_norm`; the torch ones match torch 2.x digit for digit.
final class ClippingTests: XCTestCase {
    let exact = 1e-12

    /// Layer 1: weight g = [3, 4] (‖g‖ = 5), bias g = [12]   → layer norm 13
    /// Layer 2: weight g = [0.6, 0.8] (‖g‖ = 1), bias g = [0] → layer norm 1
    /// Global norm √(25 + 144 + 1) = √170 = 13.038404810405298.
    private func network<Scalar: TrainingScalar>(_: Scalar.Type = Double.self) -> [Parameter<Scalar>] {
        [
            makeParameter([0, 0], gradient: [3, 4], layer: 1, role: .weight),
            makeParameter([0], gradient: [12], layer: 1, role: .bias),
            makeParameter([0, 0], gradient: [0.6, 0.8], layer: 2, role: .weight),
            makeParameter([0], gradient: [0], layer: 2, role: .bias),
        ]
    }

    private let root170 = 13.038404810405298

    private func gradients<Scalar>(_ parameters: [Parameter<Scalar>]) -> [[Scalar]] {
        parameters.map(\.gradient.values)
    }

    private func assertGradients<Scalar>(
        _ parameters: [Parameter<Scalar>], _ expected: [[Double]], relative: Double,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        for (parameter, values) in zip(parameters, expected) {
            assertClose(parameter.gradient.values, values, relative: relative, parameter.name, file: file, line: line)
        }
    }

    func testGlobalNormTorchStyle() throws {
        // coef = 1/(√170 + 1e-6) = 0.07669649300238456 < 1, so every gradient is scaled by it:
        // [3, 4] → [0.23008947900715365, 0.3067859720095382], [12] → [0.9203579160286146], …
        let parameters = network()
        let report = try GradientClipper(mode: .globalNorm(max: 1), parameters: parameters).clip()
        assertGradients(
            parameters,
            [
                [0.23008947900715365, 0.3067859720095382], [0.9203579160286146],
                [0.04601789580143073, 0.06135719440190765], [0],
            ], relative: exact)
        assertClose(report.normBefore, root170, relative: exact)
        assertClose(report.coefficient, 0.07669649300238456, relative: exact)
        assertClose(report.normAfter, 0.9999999233035071, relative: exact)  // just under 1 because of the 1e-6
        XCTAssertTrue(report.acted)
        XCTAssertEqual(report.changed, 3)  // the all-zero bias cannot change
        XCTAssertEqual(report.considered, 4)
    }

    func testTorchEpsilonScalesANormExactlyAtTheLimit() throws {
        // ‖[3, 4]‖ = 5 = max: coef = 5/(5 + 1e-6) = 0.99999980000004 < 1, so torch still scales (slightly).
        let parameter = makeParameter([0.0, 0], gradient: [3, 4])
        let report = try GradientClipper(mode: .globalNorm(max: 5, style: .torch), parameters: [parameter]).clip()
        assertClose(parameter.gradient.values, [2.99999940000012, 3.99999920000016], relative: exact)
        assertClose(report.coefficient, 0.99999980000004, relative: exact)
        XCTAssertTrue(report.acted)
        // TensorFlow's max/max(norm, max) is exactly 1 there: nothing changes.
        let same = makeParameter([0.0, 0], gradient: [3, 4])
        let tf = try GradientClipper(mode: .globalNorm(max: 5, style: .tensorflow), parameters: [same]).clip()
        XCTAssertEqual(same.gradient.values, [3, 4])
        XCTAssertFalse(tf.acted)
        XCTAssertEqual(tf.coefficient, 1)
    }

    func testNoScalingUnderTheThreshold() throws {
        // √170 ≈ 13.04 < 20: coef 20/(13.04 + 1e-6) > 1 is clamped to 1, gradients untouched bit for bit.
        let parameters = network()
        let report = try GradientClipper(mode: .globalNorm(max: 20), parameters: parameters).clip()
        XCTAssertEqual(gradients(parameters), [[3, 4], [12], [0.6, 0.8], [0]])
        XCTAssertEqual(
            report,
            ClipReport(normBefore: root170, normAfter: root170, coefficient: 1, changed: 0, considered: 4, acted: false)
        )
    }

    func testGlobalNormTensorFlowStyle() throws {
        // coef = 1/max(√170, 1) = 0.07669649888473704 (no epsilon), norm after exactly 1.
        let parameters = network()
        let report = try GradientClipper(mode: .globalNorm(max: 1, style: .tensorflow), parameters: parameters).clip()
        assertGradients(
            parameters,
            [
                [0.2300894966542111, 0.30678599553894814], [0.9203579866168444],
                [0.04601789933084222, 0.06135719910778963], [0],
            ], relative: exact)
        assertClose(report.coefficient, 0.07669649888473704, relative: exact)
        assertClose(report.normAfter, 1, relative: exact)
    }

    func testValueClamping() throws {
        // clip_grad_value_(2.5): [3, 4] → [2.5, 2.5], [12] → [2.5], [0.6, 0.8] and [0] untouched.
        // Norm after √(3·6.25 + 1) = √19.75 = 4.444097208657794; coefficient 4.444…/√170 = 0.3408466966074855.
        let parameters = network()
        let report = try GradientClipper(mode: .value(2.5), parameters: parameters).clip()
        XCTAssertEqual(gradients(parameters), [[2.5, 2.5], [2.5], [0.6, 0.8], [0]])
        assertClose(report.normBefore, root170, relative: exact)
        assertClose(report.normAfter, 4.444097208657794, relative: exact)
        assertClose(report.coefficient, 0.3408466966074855, relative: exact)
        XCTAssertEqual(report.changed, 2)
        XCTAssertTrue(report.acted)
        // Negative values clamp to −v; nothing within [−v, v] counts as acting.
        let negative = makeParameter([0.0, 0, 0], gradient: [-3, 0.5, -0.5])
        let clipper = try GradientClipper(mode: .value(1), parameters: [negative])
        XCTAssertTrue(clipper.clip().acted)
        XCTAssertEqual(negative.gradient.values, [-1, 0.5, -0.5])
        XCTAssertFalse(clipper.clip().acted)
    }

    func testLayerNormClipsOnlyTheLayerOverTheLimit() throws {
        // Layer 1 norm 13: coef 2/(13 + 1e-6) = 0.15384614201183525; layer 2 norm 1: 2/(1 + 1e-6) > 1, untouched.
        // Norm after √((13·coef)² + 1²) = 2.236067839895618.
        let parameters = network()
        let clipper = try GradientClipper(mode: .layerNorm(max: 2), parameters: parameters)
        XCTAssertEqual(clipper.layers, [1, 2])
        let report = clipper.clip()
        assertGradients(parameters, [[0.46153842603550577, 0.615384568047341], [1.846153704142023]], relative: exact)
        XCTAssertEqual(parameters[2].gradient.values, [0.6, 0.8])
        XCTAssertEqual(report.changed, 1)
        XCTAssertEqual(report.considered, 2)
        assertClose(report.coefficient, 0.15384614201183525, relative: exact)
        assertClose(report.normBefore, root170, relative: exact)
        assertClose(report.normAfter, 2.236067839895618, relative: exact)
    }

    func testLayerGroupingFollowsTheLayerNumberNotTheListOrder() throws {
        // Layer 2's tensors are split around layer 1's; layer 2 norm √(3² + 4²) = 5 → coef 1/(5 + 1e-6).
        let first = makeParameter([0.0], gradient: [3], layer: 2)
        let middle = makeParameter([0.0], gradient: [0.5], layer: 1)
        let last = makeParameter([0.0], gradient: [4], layer: 2, role: .bias)
        let clipper = try GradientClipper(mode: .layerNorm(max: 1), parameters: [first, middle, last])
        XCTAssertEqual(clipper.layers, [1, 2])
        let report = clipper.clip()
        assertClose(first.gradient.values, [0.599999880000024], relative: exact)  // 3/(5 + 1e-6)
        assertClose(last.gradient.values, [0.799999840000032], relative: exact)  // 4/(5 + 1e-6)
        XCTAssertEqual(middle.gradient.values, [0.5])
        XCTAssertEqual(report.changed, 1)
    }

    func testTensorNormUsesKerasClipnormPerTensor() throws {
        // tf.clip_by_norm(2) per tensor: [3, 4] (5) × 0.4 → [1.2, 1.6]; [12] × 1/6 → [2];
        // [0.6, 0.8] (1) and [0] untouched. Norm after √(4 + 4 + 1) = 3; smallest coefficient 1/6.
        let parameters = network()
        let report = try GradientClipper(mode: .tensorNorm(max: 2), parameters: parameters).clip()
        assertGradients(parameters, [[1.2, 1.6], [2], [0.6, 0.8], [0]], relative: exact)
        XCTAssertEqual(report.changed, 2)
        XCTAssertEqual(report.considered, 4)
        assertClose(report.coefficient, 1.0 / 6, relative: exact)
        assertClose(report.normAfter, 3, relative: exact)
    }

    func testMinimumNormRescalesUpAndKeepsLayerRatios() throws {
        // Layer norms 0.005 and 0.012, global √(0.000025 + 0.000144) = 0.013 < 0.13: scale by 10.
        let a = makeParameter([0.0, 0], gradient: [0.003, 0.004], layer: 1)
        let b = makeParameter([0.0], gradient: [0.012], layer: 2)
        let clipper = try GradientClipper(mode: .minimumNorm(min: 0.13), parameters: [a, b])
        let report = clipper.clip()
        assertClose(a.gradient.values, [0.03, 0.04], relative: exact)
        assertClose(b.gradient.values, [0.12], relative: exact)
        assertClose(report.coefficient, 10, relative: exact)
        assertClose(report.normAfter, 0.13, relative: exact)
        XCTAssertTrue(report.acted)
        // The first/last layer ratio 0.005/0.012 is exactly what it was.
        assertClose(
            a.gradient.squaredNorm.squareRoot() / b.gradient.squaredNorm.squareRoot(), 0.005 / 0.012, relative: exact)
        // Now at 0.13 (not below): nothing happens. An all-zero gradient is never rescaled either.
        XCTAssertFalse(clipper.clip().acted)
        setGradient(a, [0, 0])
        setGradient(b, [0])
        XCTAssertFalse(clipper.clip().acted)
        XCTAssertEqual(b.gradient.values, [0])
    }

    func testOffOnlyMeasures() throws {
        let parameters = network()
        let report = try GradientClipper(mode: .off, parameters: parameters).clip()
        XCTAssertEqual(gradients(parameters), [[3, 4], [12], [0.6, 0.8], [0]])
        assertClose(report.normBefore, root170, relative: exact)
        XCTAssertFalse(report.acted)
    }

    func testNonFiniteGradientsAreReportedNotScaled() throws {
        let parameter = makeParameter([0.0, 0], gradient: [.infinity, 1])
        let report = try GradientClipper(mode: .globalNorm(max: 1), parameters: [parameter]).clip()
        XCTAssertEqual(report.normBefore, .infinity)
        XCTAssertFalse(report.acted)
        XCTAssertEqual(parameter.gradient.values, [.infinity, 1])
    }

    func testFloatGlobalNorm() throws {
        let parameters = network(Float.self)
        let report = try GradientClipper(mode: .globalNorm(max: 1), parameters: parameters).clip()
        assertGradients(
            parameters,
            [
                [0.23008947900715365, 0.3067859720095382], [0.9203579160286146],
                [0.04601789580143073, 0.06135719440190765], [0],
            ], relative: 1e-5)
        assertClose(report.normBefore, root170, relative: 1e-6)  // accumulated in Double
    }

    func testStatisticsCountHowOftenAndHowHard() throws {
        // max 1, torch style. Norms 5 (coef 1/5.000001), 0.5 (no), 2 (coef 1/2.000001), 0.1 (no).
        let parameter = makeParameter([0.0, 0], gradient: [0, 0])
        let clipper = try GradientClipper(mode: .globalNorm(max: 1), parameters: [parameter])
        for gradient in [[3.0, 4], [0.3, 0.4], [1.2, 1.6], [0.06, 0.08]] {
            setGradient(parameter, gradient)
            clipper.clip()
        }
        let statistics = clipper.statistics
        XCTAssertEqual(statistics.stepsSeen, 4)
        XCTAssertEqual(statistics.stepsClipped, 2)
        XCTAssertEqual(statistics.clippedFraction, 0.5)
        assertClose(try XCTUnwrap(statistics.meanCoefficient), 0.3499998550000665, relative: exact)
        assertClose(try XCTUnwrap(statistics.minimumCoefficient), 0.199999960000008, relative: exact)
        assertClose(try XCTUnwrap(statistics.maximumCoefficient), 0.499999750000125, relative: exact)
        clipper.resetStatistics()
        XCTAssertEqual(clipper.statistics, ClipStatistics())
        XCTAssertNil(clipper.statistics.meanCoefficient)
        XCTAssertEqual(clipper.statistics.clippedFraction, 0)
    }

    func testStatisticsRecordReports() {
        var statistics = ClipStatistics()
        statistics.record(.unchanged(norm: 3, considered: 2))
        statistics.record(
            ClipReport(normBefore: 0.01, normAfter: 0.1, coefficient: 10, changed: 2, considered: 2, acted: true))
        statistics.record(
            ClipReport(normBefore: 4, normAfter: 1, coefficient: 0.25, changed: 1, considered: 2, acted: true))
        XCTAssertEqual(statistics.stepsSeen, 3)
        XCTAssertEqual(statistics.stepsClipped, 2)
        XCTAssertEqual(statistics.meanCoefficient, 5.125)
        XCTAssertEqual(statistics.minimumCoefficient, 0.25)
        XCTAssertEqual(statistics.maximumCoefficient, 10)
    }

    func testInvalidThresholdsAreRejectedWithAMessage() throws {
        let bad: [(ClipMode, String)] = [
            (.globalNorm(max: 0), "maximum norm"), (.layerNorm(max: -1), "maximum norm"),
            (.tensorNorm(max: .nan), "maximum norm"), (.value(0), "clip value"),
            (.minimumNorm(min: .infinity), "minimum norm"),
        ]
        for (mode, word) in bad {
            XCTAssertThrowsError(try GradientClipper<Double>(mode: mode, parameters: [])) { error in
                guard case ClipError.thresholdNotPositive(let what, _) = error else { return XCTFail("unexpected \(error)") }
                XCTAssertTrue(what.contains(word), "\(what) should name \(word)")
            }
        }
        let clipper = try GradientClipper<Double>(mode: .off, parameters: network())
        XCTAssertThrowsError(try clipper.setMode(.value(-1)))
        XCTAssertEqual(clipper.mode, .off)
        try clipper.setMode(.tensorNorm(max: 1))
        XCTAssertEqual(clipper.mode, .tensorNorm(max: 1, style: .tensorflow))
        XCTAssertEqual(clipper.mode.description, "tensor 1.0 (tf)")
    }
}
