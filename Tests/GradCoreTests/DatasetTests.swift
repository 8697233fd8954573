import XCTest
@testable import GradCore

final class DatasetTests: XCTestCase {
    /// Row r has features (r, 10·r) and label r mod 3, so rows can be recognised after shuffling.
    private func numbered(_ count: Int) throws -> Dataset {
        try Dataset(name: "numbered", task: .classification(classes: 3), inputCount: 2,
                    features: (0..<count).flatMap { [Double($0), 10 * Double($0)] },
                    targets: (0..<count).map { Double($0 % 3) })
    }

    func testInitChecksShapesAndLabels() throws {
        let data = try numbered(5)
        XCTAssertEqual(data.count, 5)
        XCTAssertEqual(data.featureNames, ["x1", "x2"])
        XCTAssertNil(data.classNames)
        XCTAssertEqual(data.classCounts, [2, 2, 1])

        func kind(_ body: () throws -> Dataset) -> DataError.Kind? {
            do { _ = try body(); return nil } catch { return (error as? DataError)?.kind }
        }
        XCTAssertEqual(kind { try Dataset(name: "a", task: .regression(outputs: 1), inputCount: 2, features: [1, 2, 3], targets: [1]) }, .shapeMismatch)
        XCTAssertEqual(kind { try Dataset(name: "a", task: .regression(outputs: 2), inputCount: 1, features: [1, 2], targets: [1, 2]) }, .shapeMismatch)
        XCTAssertEqual(kind { try Dataset(name: "a", task: .classification(classes: 2), inputCount: 1, features: [1], targets: [2]) }, .shapeMismatch)
        XCTAssertEqual(kind { try Dataset(name: "a", task: .classification(classes: 2), inputCount: 1, features: [1], targets: [0.5]) }, .shapeMismatch)
        XCTAssertEqual(kind { try Dataset(name: "a", task: .classification(classes: 2), inputCount: 1, features: [1], targets: [0], classNames: ["only"]) }, .shapeMismatch)
        XCTAssertEqual(kind { try Dataset(name: "a", task: .regression(outputs: 1), inputCount: 1, features: [1], targets: [0], featureNames: ["a", "b"]) }, .shapeMismatch)
        XCTAssertNil(kind { try Dataset(name: "a", task: .regression(outputs: 2), inputCount: 1, features: [1, 2], targets: [1, 2, 3, 4]) })
    }

    func testNonFiniteCheckReportsTheFirstBadRow() throws {
        XCTAssertNil(try numbered(4).indexOfFirstNonFiniteRow())
        let badFeature = try Dataset(name: "f", task: .regression(outputs: 1), inputCount: 2,
                                     features: [0, 1, 2, 3, 4, .nan, 6, .infinity], targets: [0, 0, 0, 0])
        XCTAssertEqual(badFeature.indexOfFirstNonFiniteRow(), 2)
        let badTarget = try Dataset(name: "t", task: .regression(outputs: 1), inputCount: 1,
                                    features: [0, 1, 2], targets: [0, -.infinity, .nan])
        XCTAssertEqual(badTarget.indexOfFirstNonFiniteRow(), 1)
    }

    func testSplitSizesDisjointnessAndDeterminism() throws {
        let data = try numbered(101)
        var rng = SeededGenerator(seed: 9)
        let (train, test) = try data.split(trainFraction: 0.8, using: &rng)
        XCTAssertEqual(train.count, 81, "round(0.8 · 101)")
        XCTAssertEqual(test.count, 20)
        let trainRows = Set((0..<train.count).map { Int(train.features[2 * $0]) })
        let testRows = Set((0..<test.count).map { Int(test.features[2 * $0]) })
        XCTAssertTrue(trainRows.isDisjoint(with: testRows))
        XCTAssertEqual(trainRows.union(testRows), Set(0..<101))
        // Each row keeps its own features and label.
        for row in 0..<train.count {
            let original = Int(train.features[2 * row])
            XCTAssertEqual(train.features[2 * row + 1], 10 * Double(original))
            XCTAssertEqual(train.label(ofRow: row), original % 3)
        }
        XCTAssertNotEqual(Array(trainRows).sorted(), Array(0..<81), "the split is shuffled")

        var again = SeededGenerator(seed: 9)
        XCTAssertEqual(try data.split(trainFraction: 0.8, using: &again).train, train)
        var other = SeededGenerator(seed: 10)
        XCTAssertNotEqual(try data.split(trainFraction: 0.8, using: &other).train, train)
    }

    func testSplitKeepsBothPartsNonEmptyAndRejectsBadFractions() throws {
        var rng = SeededGenerator(seed: 1)
        let two = try numbered(2)
        let (train, test) = try two.split(trainFraction: 0.99, using: &rng)
        XCTAssertEqual([train.count, test.count], [1, 1])
        for fraction in [0, 1, -0.5, 1.5, .nan] {
            XCTAssertThrowsError(try two.split(trainFraction: fraction, using: &rng)) { error in
                XCTAssertEqual((error as? DataError)?.kind, .invalidArgument)
            }
        }
        XCTAssertThrowsError(try numbered(1).split(trainFraction: 0.5, using: &rng))
    }

    func testStandardizationUsesTrainStatisticsForTest() throws {
        let train = try Dataset(name: "train", task: .regression(outputs: 1), inputCount: 3,
                                features: [1, 5, 2,  3, 5, 4,  5, 5, 9,  7, 5, 1], targets: [1, 2, 3, 4])
        let (scaled, stats) = train.standardized()
        // Feature 1: values 1, 3, 5, 7 → mean 4, population std √5 (not the sample std √(20/3)).
        XCTAssertEqual(stats.mean, [4, 5, 4])
        XCTAssertEqual(stats.std[0], 5.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(stats.std[1], 1, "a constant feature keeps std 1")
        XCTAssertEqual(stats.std[2], 9.5.squareRoot(), accuracy: 1e-15, "values 2, 4, 9, 1: squares 4 + 0 + 25 + 9 over 4")
        for feature in 0..<3 {
            let column = (0..<4).map { scaled.features[3 * $0 + feature] }
            let mean = column.reduce(0, +) / 4
            let std = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
            XCTAssertEqual(mean, 0, accuracy: 1e-12)
            XCTAssertEqual(std, feature == 1 ? 0 : 1, accuracy: 1e-12)
        }
        XCTAssertEqual(scaled.targets, train.targets, "targets are not scaled")

        let test = try Dataset(name: "test", task: .regression(outputs: 1), inputCount: 3,
                               features: [4, 5, 4,  9, 6, 0], targets: [0, 0])
        let scaledTest = try stats.apply(to: test)
        XCTAssertEqual(scaledTest.features[0], 0, accuracy: 1e-15, "the train mean maps to 0")
        XCTAssertEqual(scaledTest.features[3], 5 / 5.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(scaledTest.features[4], 1, "(6 − 5) / 1 for the constant feature")

        XCTAssertThrowsError(try stats.apply(to: try numbered(3))) { error in
            XCTAssertEqual((error as? DataError)?.kind, .invalidArgument)
        }
    }

    func testConstantFeatureWithRoundingResidueStillGetsStdOne() throws {
        // 0.1 + 0.1 + 0.1 is not 0.3: a computed std would be a tiny residue, not zero.
        let data = try Dataset(name: "c", task: .regression(outputs: 1), inputCount: 1,
                               features: [0.1, 0.1, 0.1], targets: [0, 0, 0])
        let (scaled, stats) = data.standardized()
        XCTAssertEqual(stats.std, [1])
        XCTAssertEqual(scaled.features, [0, 0, 0])
    }

    func testStandardizationFromGivenValuesIsChecked() throws {
        XCTAssertNoThrow(try Standardization(mean: [0, 1], std: [1, 2]))
        XCTAssertThrowsError(try Standardization(mean: [0], std: [1, 2]))
        XCTAssertThrowsError(try Standardization(mean: [0], std: [0]))
    }

    func testShuffledKeepsRowsTogether() throws {
        let data = try numbered(30)
        var rng = SeededGenerator(seed: 4)
        let shuffled = data.shuffled(using: &rng)
        XCTAssertNotEqual(shuffled.features, data.features)
        XCTAssertEqual(Set(shuffled.features), Set(data.features))
        for row in 0..<30 { XCTAssertEqual(shuffled.label(ofRow: row), Int(shuffled.features[2 * row]) % 3) }
    }
}
