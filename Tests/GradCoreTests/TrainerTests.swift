import XCTest
@testable import GradCore

/// The seed's claims about vanishing and exploding gradients, as behaviour of the real trainer.
final class TrainerTests: XCTestCase {
    private func spiral(seed: UInt64 = 1) throws -> Dataset {
        var rng = SeededGenerator(seed: seed)
        return try Datasets.spiral(count: 1536, classes: 3, noise: 0.2, using: &rng)
    }

    private func trainer(
        activation: Activation, initializer: Initializer, batchNorm: Bool = false, settings: TrainingSettings,
        seed: UInt64 = 1
    ) throws -> (Trainer, Dataset, SeededGenerator) {
        var rng = SeededGenerator(seed: seed)
        let data = try Datasets.spiral(count: 1536, classes: 3, noise: 0.2, using: &rng)
        let spec = NetworkSpec.uniform(
            inputWidth: 2, depth: 20, width: 64, outputWidth: 3, activation: activation, initializer: initializer,
            batchNorm: batchNorm)
        let network = try Network<Float>(spec: spec)
        network.initialize(using: &rng)
        return (try Trainer(network: network, settings: settings), data, rng)
    }

    func testSigmoidXavierGradientsVanishAtInit() throws {
        var (trainer, data, rng) = try trainer(activation: .sigmoid, initializer: .xavier, settings: TrainingSettings())
        _ = try trainer.computeGradients(on: data, using: &rng)
        let layers = trainer.latestLayers
        let ratio = layers[0].weightGradientNorm / layers[19].weightGradientNorm
        XCTAssertLessThan(ratio, 1e-6, "layer 1 / layer 20 gradient norm")
        XCTAssertGreaterThan(layers[0].weightGradientNorm, 0)
    }

    func testReluHeGradientsDoNotVanish() throws {
        var (trainer, data, rng) = try trainer(activation: .relu, initializer: .he, settings: TrainingSettings())
        _ = try trainer.computeGradients(on: data, using: &rng)
        let layers = trainer.latestLayers
        XCTAssertGreaterThan(layers[0].weightGradientNorm / layers[19].weightGradientNorm, 0.01)
    }

    func testNormalInitExplodesAndStopsOnTheLastFiniteWeights() throws {
        let settings = TrainingSettings(optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1), statisticsInterval: 1)
        var (trainer, data, rng) = try trainer(
            activation: .relu, initializer: Initializer(.normal(mean: 0, std: 1)), settings: settings)
        // Train one step at a time so the weights before the failing step can be compared exactly.
        var previous = trainer.network.parameters.map(\.value.values)
        var report: NonFiniteReport?
        for _ in 0..<(5 * 24) {
            let outcome = try trainer.train(on: data, test: nil, budget: .steps(1), using: &rng)
            if case .nonFinite(let failure) = outcome.stop {
                report = failure
                break
            }
            previous = trainer.network.parameters.map(\.value.values)
        }
        let failure = try XCTUnwrap(report, "normal(0,1) ReLU 20x64 at lr 0.1 should blow up within a few epochs")
        XCTAssertEqual(failure.step, trainer.stepCount + 1, "the report names the refused step")
        XCTAssertEqual(trainer.network.parameters.map(\.value.values), previous, "weights are those of the last finite step")
        XCTAssertTrue(trainer.network.parameters.allSatisfy { $0.value.isFinite })
        XCTAssertEqual(trainer.lastStop, .nonFinite(failure))
    }

    func testClippingKeepsTheExplodingNetworkLearning() throws {
        let settings = TrainingSettings(
            optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1), clip: .globalNorm(max: 1.0, style: .torch),
            statisticsInterval: 0)
        var (trainer, data, rng) = try trainer(
            activation: .relu, initializer: Initializer(.normal(mean: 0, std: 1)), settings: settings)
        let outcome = try trainer.train(on: data, test: nil, budget: .epochs(60), using: &rng)
        XCTAssertEqual(outcome.stop, .finished)
        XCTAssertGreaterThan(trainer.evaluate(data).accuracy ?? 0, 0.9)
        XCTAssertGreaterThan(trainer.clipStatistics.clippedFraction, 0.5, "clipping acted on most steps")
    }

    /// Over three seeds, so that the claim does not rest on one trajectory: the median with batch norm is
    /// well above chance, and without it every run stays at chance.
    func testBatchNormRescuesDeepSigmoid() throws {
        let settings = TrainingSettings(
            optimizer: OptimizerSettings(kind: .adam(), learningRate: 0.01), statisticsInterval: 0)
        var normed: [Double] = [], plain: [Double] = []
        for seed: UInt64 in 1...3 {
            var (withNorm, data, rngA) = try trainer(
                activation: .sigmoid, initializer: .xavier, batchNorm: true, settings: settings, seed: seed)
            _ = try withNorm.train(on: data, test: nil, budget: .epochs(30), using: &rngA)
            var (without, _, rngB) = try trainer(activation: .sigmoid, initializer: .xavier, settings: settings, seed: seed)
            _ = try without.train(on: data, test: nil, budget: .epochs(30), using: &rngB)
            normed.append(withNorm.evaluate(data).accuracy ?? 0)
            plain.append(without.evaluate(data).accuracy ?? 0)
        }
        XCTAssertGreaterThan(normed.sorted()[1], 0.6, "batch norm trains well above chance: \(normed)")
        XCTAssertLessThan(plain.max() ?? 1, 0.4, "without batch norm the net stays at chance: \(plain)")
    }

    func testSameSeedGivesIdenticalBits() throws {
        func run(seed: UInt64) throws -> ([[Float]], [Double]) {
            let settings = TrainingSettings(optimizer: OptimizerSettings(kind: .adam(), learningRate: 0.01))
            var (trainer, data, rng) = try trainer(activation: .tanh, initializer: .xavier, settings: settings, seed: seed)
            _ = try trainer.train(on: data, test: nil, budget: .steps(40), using: &rng)
            return (trainer.network.parameters.map(\.value.values), trainer.history.records.map(\.loss))
        }
        let first = try run(seed: 3), second = try run(seed: 3), other = try run(seed: 4)
        XCTAssertEqual(first.0.map { $0.map(\.bitPattern) }, second.0.map { $0.map(\.bitPattern) })
        XCTAssertEqual(first.1.map(\.bitPattern), second.1.map(\.bitPattern))
        XCTAssertNotEqual(first.0, other.0)
    }

    func testMismatchedDataIsRefusedWithoutChanges() throws {
        var (trainer, _, rng) = try trainer(activation: .relu, initializer: .he, settings: TrainingSettings())
        let moons = try Datasets.moons(count: 100, noise: 0.1, using: &rng)
        XCTAssertThrowsError(try trainer.train(on: moons, test: nil, budget: .epochs(1), using: &rng)) { error in
            XCTAssertTrue("\(error)".contains("outputs"), "\(error)")
        }
        XCTAssertEqual(trainer.stepCount, 0)
    }

    /// The recorded ‖W‖ and ‖ΔW‖/‖W‖ of every layer match the weights before and after the step.
    func testRecordedUpdateRatiosMatchTheWeights() throws {
        var (trainer, data, rng) = try trainer(
            activation: .relu, initializer: .he, settings: TrainingSettings(optimizer: OptimizerSettings(kind: .adam())))
        _ = try trainer.train(on: data, test: nil, budget: .steps(2), using: &rng)
        let weights = trainer.network.dense.map(\.weight)
        let before = weights.map(\.value.values)
        _ = try trainer.train(on: data, test: nil, budget: .steps(1), using: &rng)
        let layers = trainer.history.record(at: trainer.history.count - 1).layers
        XCTAssertEqual(layers.count, weights.count)
        for (index, weight) in weights.enumerated() {
            let after = weight.value.values
            let norm = after.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let change = zip(after, before[index]).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
            assertClose(layers[index].weightNorm, norm, relative: 1e-5, "layer \(index + 1)")
            assertClose(layers[index].updateRatio, change.squareRoot() / norm, relative: 1e-4, "layer \(index + 1)")
        }
    }

    /// Recorded steps hand the clipper the statistics' gradient squares instead of measuring again; the
    /// weights must come out bit-identical to training without statistics, with clipping acting.
    func testRecordingStatisticsDoesNotChangeClippedTraining() throws {
        func run(statisticsInterval: Int) throws -> ([[Float]], Int) {
            let settings = TrainingSettings(clip: .globalNorm(max: 0.5), statisticsInterval: statisticsInterval)
            var (trainer, data, rng) = try trainer(activation: .relu, initializer: .he, batchNorm: true, settings: settings)
            _ = try trainer.train(on: data, test: nil, budget: .steps(15), using: &rng)
            return (trainer.network.parameters.map(\.value.values), trainer.clipper.statistics.stepsClipped)
        }
        let (recorded, clipped) = try run(statisticsInterval: 1)
        let (unrecorded, _) = try run(statisticsInterval: 0)
        XCTAssertGreaterThan(clipped, 0, "clipping never acted, so the test shows nothing")
        XCTAssertEqual(recorded, unrecorded)
    }

    /// A loop of one-step `train` commands reserves room for one record at a time; the history must still
    /// grow geometrically, or every command would copy all that was recorded before it.
    func testShortTrainCommandsGrowTheHistoryGeometrically() throws {
        var (trainer, data, rng) = try trainer(activation: .relu, initializer: .he, settings: TrainingSettings())
        var capacities = Set<Int>()
        for _ in 0..<300 {
            _ = try trainer.train(on: data, test: nil, budget: .steps(1), using: &rng)
            capacities.insert(trainer.history.capacity)
        }
        XCTAssertEqual(trainer.history.count, 300)
        XCTAssertLessThanOrEqual(capacities.count, 12, "the history was reallocated \(capacities.count) times")
    }

    func testInterruptStopsAtAStepBoundary() throws {
        var (trainer, data, rng) = try trainer(activation: .relu, initializer: .he, settings: TrainingSettings())
        var polls = 0
        let outcome = try trainer.train(on: data, test: nil, budget: .epochs(10), using: &rng, shouldStop: {
            polls += 1
            return polls > 7
        })
        XCTAssertEqual(outcome.stop, .interrupted)
        XCTAssertEqual(outcome.stepsTaken, 7)
        XCTAssertEqual(trainer.stepCount, 7)
        XCTAssertEqual(trainer.history.count, 7)
    }

    func testSaveAndLoadRoundTrip() throws {
        var (trainer, data, rng) = try trainer(
            activation: .sigmoid, initializer: .xavier, batchNorm: true, settings: TrainingSettings())
        _ = try trainer.train(on: data, test: nil, budget: .steps(5), using: &rng)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("grad-model-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try ModelFile(network: trainer.network, training: trainer.settings, seed: 1).write(to: url)
        let loaded = try ModelFile.read(from: url)
        XCTAssertEqual(loaded.network.parameters.map(\.value.values), trainer.network.parameters.map(\.value.values))
        XCTAssertEqual(loaded.network.batchNorms[0]?.runningMean.values, trainer.network.batchNorms[0]?.runningMean.values)
        XCTAssertEqual(loaded.file.training, trainer.settings)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.contains("\"0.weight\"") && text.contains("\"1.running_var\""), "PyTorch state_dict names")
        // A truncated file is refused with a reason.
        try Data(text.utf8.prefix(text.utf8.count / 2)).write(to: url)
        XCTAssertThrowsError(try ModelFile.read(from: url)) { XCTAssertTrue("\($0)".contains("not a valid grad model"), "\($0)") }
    }

    /// Found by scripts/fuzz: 3e84 is a finite Double but infinity as a Float weight, which loaded and
    /// then could not be saved again.
    func testAWeightBeyondFloatRangeIsRefusedOnLoad() throws {
        let network = try Network<Float>(spec: .uniform(
            inputWidth: 2, depth: 1, width: 2, outputWidth: 2, activation: .tanh, initializer: .xavier))
        var rng = SeededGenerator(seed: 1)
        network.initialize(using: &rng)
        var file = ModelFile(network: network, training: TrainingSettings(), seed: 1)
        file.stateDict.tensors["0.weight"] = .matrix([[0.5, 3e84], [0.1, 0.2]])
        XCTAssertThrowsError(try ModelFile.read(data: try file.encoded(), path: "big.json")) {
            XCTAssertTrue("\($0)".contains("tensor '0.weight' has the value 3e+84, too large for a Float weight, at position 1"), "\($0)")
        }
    }
}

/// Regressions found by fuzzing the evaluator.
final class TrainerRegressionTests: XCTestCase {
    func testTestSetSmallerThanTheBatchDoesNotShrinkTrainingBuffers() throws {
        var rng = SeededGenerator(seed: 1)
        let data = try Datasets.moons(count: 200, noise: 0.1, using: &rng)
        let (train, test) = try data.split(trainFraction: 0.9, using: &rng)  // 20 test rows < batch 64
        let network = try Network<Float>(spec: .uniform(
            inputWidth: 2, depth: 2, width: 8, outputWidth: 2, activation: .relu, initializer: .he))
        network.initialize(using: &rng)
        let trainer = try Trainer(network: network, settings: TrainingSettings(batchSize: 64))
        let outcome = try trainer.train(on: train, test: test, budget: .epochs(3), using: &rng)
        XCTAssertEqual(outcome.stop, .finished)
        XCTAssertEqual(outcome.epochs.count, 3)
        XCTAssertNotNil(outcome.epochs.last?.testAccuracy)
    }
}

/// An update that overflows the weights is rolled back to the values before it.
final class OverflowRollbackTests: XCTestCase {
    func testOverflowingUpdateIsRestored() throws {
        var rng = SeededGenerator(seed: 9)
        let data = try Datasets.spiral(count: 96, classes: 3, noise: 0.1, using: &rng)
        let network = try Network<Float>(spec: .uniform(
            inputWidth: 2, depth: 3, width: 16, outputWidth: 3, activation: .relu,
            initializer: Initializer(.normal(mean: 0, std: 3))))
        network.initialize(using: &rng)
        // Gradients of a few units times the largest Float learning rate overflow to ±∞ in the update itself.
        let settings = TrainingSettings(
            optimizer: OptimizerSettings(kind: .sgd, learningRate: Double(Float.greatestFiniteMagnitude)),
            batchSize: 32, statisticsInterval: 0)
        let trainer = try Trainer(network: network, settings: settings)
        let before = network.parameters.map(\.value.values)
        let outcome = try trainer.train(on: data, test: nil, budget: .steps(5), using: &rng)
        guard case .nonFinite(let report) = outcome.stop else { return XCTFail("lr 3e38 must overflow") }
        XCTAssertTrue(report.restoredWeights, "the overflowing update is undone")
        XCTAssertEqual(trainer.stepCount, 0)
        XCTAssertEqual(network.parameters.map(\.value.values), before, "the weights are the last finite ones")
    }
}
