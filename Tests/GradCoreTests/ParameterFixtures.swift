import XCTest

@testable import GradCore

/// A parameter holding `values` with gradient `gradients` (a single row), for hand-checked tests.
func makeParameter<Scalar: TrainingScalar>(
    _ values: [Scalar], gradient gradients: [Scalar], layer: Int = 1, role: Parameter<Scalar>.Role = .weight
) -> Parameter<Scalar> {
    let parameter = Parameter<Scalar>(
        name: "\(layer - 1).\(role.rawValue)", role: role, layer: layer, rows: 1, cols: values.count)
    for (index, value) in values.enumerated() { parameter.value.pointer[index] = value }
    setGradient(parameter, gradients)
    return parameter
}

/// Overwrites a parameter's gradient, as a backward pass would before the next step.
func setGradient<Scalar: TrainingScalar>(_ parameter: Parameter<Scalar>, _ gradients: [Scalar]) {
    precondition(gradients.count == parameter.count)
    for (index, value) in gradients.enumerated() { parameter.gradient.pointer[index] = value }
}

/// Asserts |actual − expected| ≤ relative·|expected| (or ≤ relative when expected is 0), element-wise.
func assertClose<Scalar: TrainingScalar>(
    _ actual: [Scalar], _ expected: [Double], relative: Double, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "count \(message)", file: file, line: line)
    for (a, e) in zip(actual, expected) {
        let tolerance = relative * max(abs(e), 1e-300)
        XCTAssertEqual(Double(a), e, accuracy: e == 0 ? relative : tolerance, message, file: file, line: line)
    }
}

/// Scalar form of `assertClose`.
func assertClose(
    _ actual: Double, _ expected: Double, relative: Double, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(
        actual, expected, accuracy: expected == 0 ? relative : relative * abs(expected), message, file: file, line: line
    )
}
