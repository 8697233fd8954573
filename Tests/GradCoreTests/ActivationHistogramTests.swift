import XCTest
@testable import GradCore

/// Activation histograms are computed on demand from the activation buffers, with the saturated and
/// zero outputs counted apart.
final class ActivationHistogramTests: XCTestCase {
    /// Five rows, x = -10, -0.5, 0, 0.5, 10, through two units with weight 1 and bias 0.
    func network(_ activation: Activation) throws -> (Network<Float>, Dataset) {
        let spec = NetworkSpec(
            inputWidth: 1, hidden: [HiddenLayerSpec(width: 2, activation: activation, initializer: Initializer(.constant(1)))],
            outputWidth: 2)
        let network = try Network<Float>(spec: spec)
        var rng = SeededGenerator(seed: 1)
        network.initialize(using: &rng)
        let data = try Dataset(name: "t", task: .classification(classes: 2), inputCount: 1,
                               features: [-10, -0.5, 0, 0.5, 10], targets: [0, 1, 0, 1, 0])
        return (network, data)
    }

    func testTanhSaturatedOutputsAreCountedBeyondTheBins() throws {
        let (network, data) = try network(.tanh)
        XCTAssertNil(network.activationHistogram(layer: 1, bins: 4), "no forward pass yet")
        network.probe(data, rows: 100)
        let histogram = try XCTUnwrap(network.activationHistogram(layer: 1, bins: 4))
        XCTAssertEqual(histogram.rows, 5)
        XCTAssertEqual(histogram.count, 10)
        XCTAssertEqual(histogram.below, 2)
        XCTAssertEqual(histogram.above, 2)
        XCTAssertEqual(histogram.bins, [0, 2, 4, 0])
        XCTAssertEqual(histogram.lower, -0.99, accuracy: 1e-12)
        XCTAssertEqual(histogram.upper, 0.99, accuracy: 1e-12)
        XCTAssertTrue(histogram.hasLowerZone && histogram.hasUpperZone)
    }

    func testReluZerosAreCountedApartAndTheRangeStopsAtThe99thPercentile() throws {
        let (network, data) = try network(.relu)
        network.probe(data, rows: 5)
        let histogram = try XCTUnwrap(network.activationHistogram(layer: 1, bins: 4))
        XCTAssertEqual(histogram.below, 6)
        XCTAssertEqual(histogram.above, 0)
        XCTAssertEqual(histogram.bins, [2, 0, 0, 2])
        XCTAssertEqual(histogram.upper, 10)
        XCTAssertEqual(histogram.maximum, 10)
        XCTAssertFalse(histogram.hasUpperZone)
    }

    func testOnlyTheRowsOfTheLatestForwardPassCount() throws {
        let (network, data) = try network(.tanh)
        network.probe(data, rows: 5)
        network.probe(data, rows: 2)  // the buffers still hold rows 3–5 of the first pass beyond row 2
        let histogram = try XCTUnwrap(network.activationHistogram(layer: 1, bins: 4))
        XCTAssertEqual(histogram.count, 4)
        XCTAssertEqual(histogram.below, 2)
        XCTAssertEqual(histogram.bins, [0, 2, 0, 0])
    }

    func testTheEpochLogKeepsEveryEpochUntilReset() throws {
        let (network, data) = try network(.relu)
        let trainer = try Trainer(network: network, settings: TrainingSettings(batchSize: 2))
        var rng = SeededGenerator(seed: 3)
        _ = try trainer.train(on: data, test: data, budget: .epochs(3), using: &rng)
        XCTAssertEqual(trainer.epochLog.map(\.epoch), [1, 2, 3])
        XCTAssertNotNil(trainer.epochLog.last?.testLoss)
        _ = try trainer.train(on: data, test: nil, budget: .epochs(1), using: &rng)
        XCTAssertEqual(trainer.epochLog.count, 4)
        trainer.resetProgress()
        XCTAssertTrue(trainer.epochLog.isEmpty)
    }
}
