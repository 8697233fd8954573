import XCTest
@testable import GradCore

/// Playground's input features: each one's value at known points, the row layout, and what is refused.
final class FeatureMapTests: XCTestCase {
    func testEachFeatureAtAKnownPoint() {
        let expected: [InputFeature: Double] = [
            .x: 2, .y: -3, .xSquared: 4, .ySquared: 9, .xTimesY: -6, .sinX: sin(2.0), .sinY: sin(-3.0),
        ]
        for feature in InputFeature.allCases {
            XCTAssertEqual(feature.value(x: 2, y: -3), expected[feature] ?? .nan, accuracy: 1e-15, feature.rawValue)
        }
        XCTAssertEqual(InputFeature.allCases.map(\.rawValue), ["x", "y", "x^2", "y^2", "x*y", "sin(x)", "sin(y)"])
    }

    func testMapKeepsRowsAndFeatureOrder() throws {
        let map = try FeatureMap([.ySquared, .x, .xTimesY])
        XCTAssertEqual(map.width, 3)
        XCTAssertFalse(map.isIdentity)
        XCTAssertEqual(map.map([1, 2, -0.5, 4]), [4, 1, 2, 16, -0.5, -2])
        XCTAssertTrue(try FeatureMap([.x, .y]).isIdentity)
        XCTAssertFalse(try FeatureMap([.y, .x]).isIdentity, "order matters: y x swaps the network's inputs")
    }

    func testApplyReplacesTheTwoColumnsAndKeepsTargets() throws {
        let data = try Dataset(name: "pts", task: .classification(classes: 2), inputCount: 2,
                               features: [1, 2, 3, -1], targets: [0, 1], classNames: ["a", "b"])
        let featured = try FeatureMap([.xSquared, .ySquared, .sinX]).apply(to: data)
        XCTAssertEqual(featured.inputCount, 3)
        XCTAssertEqual(featured.count, 2)
        XCTAssertEqual(featured.featureNames, ["x^2", "y^2", "sin(x)"])
        XCTAssertEqual(featured.features, [1, 4, sin(1.0), 9, 1, sin(3.0)])
        XCTAssertEqual(featured.targets, data.targets)
        XCTAssertEqual(featured.classNames, ["a", "b"])
    }

    func testRefusesEmptyDuplicatesAndDataThatIsNot2D() throws {
        XCTAssertThrowsError(try FeatureMap([]))
        XCTAssertThrowsError(try FeatureMap([.x, .xSquared, .x])) { error in
            XCTAssertEqual((error as? DataError)?.message, "the feature 'x' is listed twice")
        }
        let wide = try Dataset(name: "wide", task: .regression(outputs: 1), inputCount: 3, features: [1, 2, 3], targets: [0])
        XCTAssertThrowsError(try FeatureMap([.x]).apply(to: wide)) { error in
            XCTAssertEqual((error as? DataError)?.message,
                           "input features are computed from 2-D points (x, y); 'wide' has 3 input columns")
        }
    }

    func testStandardizationScalesLooseValuesAsItScalesRows() throws {
        let data = try Dataset(name: "pts", task: .regression(outputs: 1), inputCount: 2,
                               features: [0, 10, 2, 30, 4, 20], targets: [0, 0, 0])
        let statistics = Standardization(fittedTo: data)
        XCTAssertEqual(statistics.scale(data.features), try statistics.apply(to: data).features)
        XCTAssertEqual(statistics.scale([2, 20]), [0, 0])
    }
}
