import XCTest
@testable import GradCore

final class DatasetGeneratorTests: XCTestCase {
    private func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    func testEveryKindIsDeterministicPerSeed() throws {
        for kind in DatasetKind.allCases {
            var first = SeededGenerator(seed: 11)
            var second = SeededGenerator(seed: 11)
            var other = SeededGenerator(seed: 12)
            let a = try kind.generate(count: 200, using: &first)
            let b = try kind.generate(count: 200, using: &second)
            let c = try kind.generate(count: 200, using: &other)
            XCTAssertEqual(bits(a.features), bits(b.features), "\(kind) features")
            XCTAssertEqual(bits(a.targets), bits(b.targets), "\(kind) targets")
            XCTAssertEqual(first.next(), second.next(), "\(kind) leaves the stream in the same state")
            XCTAssertNotEqual(a.features, c.features, "\(kind) with another seed")
        }
    }

    func testNoiseLevelDoesNotShiftTheStream() throws {
        for kind in DatasetKind.allCases {
            var quiet = SeededGenerator(seed: 5)
            var noisy = SeededGenerator(seed: 5)
            _ = try kind.generate(count: 50, noise: 0, using: &quiet)
            _ = try kind.generate(count: 50, noise: 0.3, using: &noisy)
            XCTAssertEqual(quiet.next(), noisy.next(), "\(kind)")
        }
    }

    func testShapesLabelsAndBalance() throws {
        var rng = SeededGenerator(seed: 1)
        let expected: [DatasetKind: (inputs: Int, task: Dataset.Task, counts: [Int])] = [
            .spiral: (2, .classification(classes: 3), [333, 333, 333]),
            .moons: (2, .classification(classes: 2), [500, 500]),
            .circles: (2, .classification(classes: 2), [500, 500]),
            .xor: (2, .classification(classes: 2), [500, 500]),
            .blobs: (2, .classification(classes: 3), [334, 333, 333]),
            .checker: (2, .classification(classes: 2), [500, 500]),
            .sine: (1, .regression(outputs: 1), []),
            .chain: (8, .regression(outputs: 1), []),
        ]
        for kind in DatasetKind.allCases {
            let data = try kind.generate(count: 1000, using: &rng)
            guard let shape = expected[kind] else { return XCTFail("no expectation for \(kind)") }
            XCTAssertEqual(data.name, kind.rawValue)
            XCTAssertEqual(data.inputCount, shape.inputs, "\(kind)")
            XCTAssertEqual(data.task, shape.task, "\(kind)")
            XCTAssertEqual(data.classCounts, shape.counts, "\(kind)")
            XCTAssertEqual(data.count, shape.counts.isEmpty ? 1000 : shape.counts.reduce(0, +), "\(kind)")
            XCTAssertEqual(data.features.count, data.count * data.inputCount)
            XCTAssertEqual(data.targets.count, data.count * data.task.targetWidth)
            XCTAssertNil(data.indexOfFirstNonFiniteRow(), "\(kind)")
            if kind.isClassification {
                let labels = (0..<data.count).map { data.label(ofRow: $0) }
                XCTAssertEqual(labels, labels.sorted(), "\(kind) rows come class by class")
            }
        }
    }

    /// Reference rows printed by the PyTorch peer's own `spiral(11, 3, 0.0)` (float32, so 1e-6).
    func testSpiralMatchesThePyTorchPeer() throws {
        let torch: [[Double]] = [
            [0.0, 0.0],
            [0.4546487033367157, -0.2080734223127365],
            [-0.756802499294281, -0.6536436080932617],
            [-0.0, -0.0],
            [-0.1397077441215515, 0.4800851345062256],
            [0.9893582463264465, -0.1455000340938568],
            [0.0, -0.0],
            [-0.27201056480407715, -0.419535756111145],
            [-0.5365729331970215, 0.8438539505004883],
        ]
        var rng = SeededGenerator(seed: 0)
        let data = try Datasets.spiral(count: 11, classes: 3, noise: 0, using: &rng)
        XCTAssertEqual(data.count, 9, "11 // 3 = 3 rows per class, remainder dropped")
        XCTAssertEqual(data.targets, [0, 0, 0, 1, 1, 1, 2, 2, 2])
        for (row, point) in torch.enumerated() {
            XCTAssertEqual(data.features[2 * row], point[0], accuracy: 1e-6, "row \(row) x")
            XCTAssertEqual(data.features[2 * row + 1], point[1], accuracy: 1e-6, "row \(row) y")
        }
    }

    func testSpiralFollowsTheFormulaWithNoise() throws {
        // The noise enters the angle only: every point keeps radius linspace(0, 1, per)[i].
        var rng = SeededGenerator(seed: 3)
        let per = 50
        let data = try Datasets.spiral(count: 4 * per, classes: 4, noise: 0.2, using: &rng)
        for row in 0..<data.count {
            let i = row % per
            let radius = (data.features[2 * row] * data.features[2 * row] + data.features[2 * row + 1] * data.features[2 * row + 1]).squareRoot()
            XCTAssertEqual(radius, Double(i) / Double(per - 1), accuracy: 1e-12)
        }
        // And the angle noise is N(0, 0.2²) drawn in row order: reproduce it from the same seed.
        var replay = SeededGenerator(seed: 3)
        let noises = (0..<data.count).map { _ in 0.2 * replay.nextNormal() }
        let last = data.count - 1  // class 3, i = per - 1: r = 1, t = 16 + noise
        XCTAssertEqual(data.features[2 * last], GradMath.sin(16 + noises[last]), accuracy: 1e-12)
        XCTAssertEqual(data.features[2 * last + 1], GradMath.cos(16 + noises[last]), accuracy: 1e-12)
    }

    func testTorchLinspaceEndpointsAreExact() {
        XCTAssertEqual(Datasets.torchLinspace(4, 8, 7).first, 4)
        XCTAssertEqual(Datasets.torchLinspace(4, 8, 7).last, 8)
        XCTAssertEqual(Datasets.torchLinspace(0, 1, 1), [0])
        XCTAssertEqual(Datasets.numpyLinspace(0, 1, 4, endpoint: false), [0, 0.25, 0.5, 0.75])
    }

    func testMoonsAndCirclesGeometryWithoutNoise() throws {
        var rng = SeededGenerator(seed: 0)
        let moons = try Datasets.moons(count: 7, noise: 0, using: &rng)
        // 3 rows on the upper moon at s = 0, π/2, π; 4 on the lower at s = 0, π/3, 2π/3, π.
        let half = 3.0.squareRoot() / 2
        let expected: [Double] = [1, 0, 0, 1, -1, 0, 0, 0.5, 0.5, 0.5 - half, 1.5, 0.5 - half, 2, 0.5]
        for (value, reference) in zip(moons.features, expected) { XCTAssertEqual(value, reference, accuracy: 1e-12) }
        XCTAssertEqual(moons.targets, [0, 0, 0, 1, 1, 1, 1])

        let circles = try Datasets.circles(count: 8, noise: 0, factor: 0.5, using: &rng)
        for row in 0..<8 {
            let radius = (circles.features[2 * row] * circles.features[2 * row] + circles.features[2 * row + 1] * circles.features[2 * row + 1]).squareRoot()
            XCTAssertEqual(radius, row < 4 ? 1 : 0.5, accuracy: 1e-12)
        }
        XCTAssertEqual(circles.features[2], 0, accuracy: 1e-12, "angle 2π/4: endpoint excluded")
    }

    func testXorAndCheckerLabelsMatchTheirRegions() throws {
        var rng = SeededGenerator(seed: 4)
        let xor = try Datasets.xor(count: 400, noise: 0, using: &rng)
        for row in 0..<xor.count {
            let (x, y) = (xor.features[2 * row], xor.features[2 * row + 1])
            XCTAssertTrue(abs(x) <= 1 && abs(y) <= 1)
            XCTAssertEqual(xor.label(ofRow: row), x * y > 0 ? 1 : 0)
        }
        let checker = try Datasets.checker(count: 400, cells: 4, noise: 0, using: &rng)
        for row in 0..<checker.count {
            let column = Int(((checker.features[2 * row] + 1) / 0.5).rounded(.down))
            let line = Int(((checker.features[2 * row + 1] + 1) / 0.5).rounded(.down))
            XCTAssertEqual(checker.label(ofRow: row), (column + line) % 2)
        }
    }

    func testBlobsClusterAroundTheirCentres() throws {
        var rng = SeededGenerator(seed: 8)
        let blobs = try Datasets.blobs(count: 3000, classes: 4, noise: 0.1, radius: 2, using: &rng)
        for label in 0..<4 {
            let rows = (0..<blobs.count).filter { blobs.label(ofRow: $0) == label }
            let meanX = rows.map { blobs.features[2 * $0] }.reduce(0, +) / Double(rows.count)
            let meanY = rows.map { blobs.features[2 * $0 + 1] }.reduce(0, +) / Double(rows.count)
            XCTAssertEqual(meanX, 2 * GradMath.cos(Double(label) * .pi / 2), accuracy: 0.02)
            XCTAssertEqual(meanY, 2 * GradMath.sin(Double(label) * .pi / 2), accuracy: 0.02)
        }
    }

    func testSineIsSinePlusNoise() throws {
        var rng = SeededGenerator(seed: 2)
        let clean = try Datasets.sine(count: 500, noise: 0, using: &rng)
        for row in 0..<clean.count {
            XCTAssertTrue(clean.features[row] >= -.pi && clean.features[row] < .pi)
            XCTAssertEqual(clean.targets[row], GradMath.sin(clean.features[row]))
        }
    }

    func testChainTargetsAreStandardizedAndDependOnTheInput() throws {
        var rng = SeededGenerator(seed: 6)
        let chain = try Datasets.chain(count: 2000, using: &rng)
        let mean = chain.targets.reduce(0, +) / 2000
        let std = (chain.targets.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2000).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 1e-9)
        XCTAssertEqual(std, 1, accuracy: 1e-9)
        XCTAssertLessThan(chain.targets.map(abs).max() ?? .infinity, 10, "moderate scale")

        var other = SeededGenerator(seed: 6)
        let deeper = try Datasets.chain(count: 2000, depth: 1, using: &other)
        XCTAssertEqual(deeper.features, chain.features, "the map, not the inputs, depends on depth")
        XCTAssertNotEqual(deeper.targets, chain.targets)
    }

    func testInvalidArgumentsThrowClearErrors() {
        var rng = SeededGenerator(seed: 0)
        func message(_ body: (inout SeededGenerator) throws -> Dataset) -> String? {
            do { _ = try body(&rng); return nil } catch let error as DataError {
                XCTAssertEqual(error.kind, .invalidArgument)
                return error.description
            } catch { return "unexpected \(error)" }
        }
        XCTAssertEqual(message { try Datasets.spiral(count: 2, classes: 3, using: &$0) },
                       "spiral needs a count of at least 3 (one row per class), got 2")
        XCTAssertEqual(message { try Datasets.spiral(count: 10, classes: 1, using: &$0) },
                       "spiral needs at least 2 classes, got 1")
        XCTAssertEqual(message { try Datasets.moons(count: 10, noise: -1, using: &$0) },
                       "moons noise must be a finite number ≥ 0, got -1.0")
        XCTAssertEqual(message { try Datasets.circles(count: 10, factor: 1.5, using: &$0) },
                       "circles factor (inner radius / outer radius) must be in (0, 1), got 1.5")
        XCTAssertEqual(message { try Datasets.checker(count: 10, cells: 1, using: &$0) },
                       "checker needs between 2 and 64 cells per side, got 1")
        XCTAssertEqual(message { try Datasets.sine(count: 0, using: &$0) },
                       "sine needs a count of at least 1 (at least one row), got 0")
        XCTAssertNotNil(message { try Datasets.xor(count: .max, using: &$0) })
        XCTAssertNotNil(message { try Datasets.chain(count: 10, depth: 0, using: &$0) })
        XCTAssertNotNil(message { try Datasets.blobs(count: 10, noise: .nan, using: &$0) })
        XCTAssertEqual(message { try DatasetKind.moons.generate(classes: 3, using: &$0) },
                       "moons always has 2 classes, got 3\nnote: spiral and blobs take any number of classes")
        XCTAssertEqual(message { try DatasetKind.sine.generate(classes: 2, using: &$0) },
                       "sine is a regression data set; it takes no class count")
        XCTAssertNil(message { try DatasetKind.moons.generate(count: 10, classes: 2, using: &$0) })
    }

    func testRegistryUsesDefaultsAndClassCounts() throws {
        var rng = SeededGenerator(seed: 0)
        XCTAssertEqual(DatasetKind.allCases.map(\.rawValue),
                       ["spiral", "moons", "circles", "xor", "blobs", "checker", "sine", "chain"])
        XCTAssertEqual(try DatasetKind.spiral.generate(using: &rng).count, 1536)
        XCTAssertEqual(try DatasetKind.generate(.blobs, count: 50, classes: 5, using: &rng).task,
                       .classification(classes: 5))
        XCTAssertEqual(try DatasetKind.spiral.generate(count: 60, classes: 4, using: &rng).classCounts,
                       [15, 15, 15, 15])
        for kind in DatasetKind.allCases { XCTAssertFalse(kind.summary.isEmpty) }
    }
}
