import XCTest
@testable import GradCore

final class BatchIteratorTests: XCTestCase {
    /// Row r has features (r, −r) and label r mod 4, so each copied row can be traced to its source.
    private func numbered(_ count: Int) throws -> Dataset {
        try Dataset(name: "numbered", task: .classification(classes: 4), inputCount: 2,
                    features: (0..<count).flatMap { [Double($0), -Double($0)] },
                    targets: (0..<count).map { Double($0 % 4) })
    }

    /// The source rows of the batch just filled, checking features and labels agree on each.
    private func rows(of batch: Batch<Float>, file: StaticString = #filePath, line: UInt = #line) -> [Int] {
        (0..<batch.count).map { row in
            let source = Int(batch.inputs[row, 0])
            XCTAssertEqual(batch.inputs[row, 1], -Float(source), file: file, line: line)
            XCTAssertEqual(Int(batch.labels[row]), source % 4, file: file, line: line)
            return source
        }
    }

    func testShuffledEpochsCoverEveryRowExactlyOnce() throws {
        let data = try numbered(103)
        let iterator = try BatchIterator(dataset: data, batchSize: 10, order: .shuffled)
        let batch = Batch<Float>(capacity: 10, for: data)
        var rng = SeededGenerator(seed: 21)
        XCTAssertEqual(iterator.batchesPerEpoch, 11)
        var epochs: [[Int]] = []
        for _ in 0..<3 {
            var seen: [Int] = []
            var sizes: [Int] = []
            repeat {
                sizes.append(try iterator.next(into: batch, using: &rng))
                seen += rows(of: batch)
            } while !iterator.isEndOfEpoch
            XCTAssertEqual(sizes, Array(repeating: 10, count: 10) + [3], "the last batch is partial")
            XCTAssertEqual(seen.sorted(), Array(0..<103))
            epochs.append(seen)
        }
        XCTAssertEqual(iterator.epoch, 3)
        XCTAssertEqual(iterator.step, 33)
        XCTAssertNotEqual(epochs[0], Array(0..<103), "rows are shuffled")
        XCTAssertNotEqual(epochs[0], epochs[1], "each epoch draws a new order")
    }

    func testShuffleIsDeterministicPerSeed() throws {
        let data = try numbered(50)
        func firstBatch(seed: UInt64) throws -> [Int] {
            let iterator = try BatchIterator(dataset: data, batchSize: 8, order: .shuffled)
            let batch = Batch<Float>(capacity: 8, for: data)
            var rng = SeededGenerator(seed: seed)
            _ = try iterator.next(into: batch, using: &rng)
            return rows(of: batch)
        }
        XCTAssertEqual(try firstBatch(seed: 1), try firstBatch(seed: 1))
        XCTAssertNotEqual(try firstBatch(seed: 1), try firstBatch(seed: 2))
    }

    func testSequentialEpochsAndDroppingThePartialBatch() throws {
        let data = try numbered(10)
        var rng = SeededGenerator(seed: 0)
        let batch = Batch<Float>(capacity: 4, for: data)
        let sequential = try BatchIterator(dataset: data, batchSize: 4, order: .sequential)
        var seen: [[Int]] = []
        for _ in 0..<4 {
            _ = try sequential.next(into: batch, using: &rng)
            seen.append(rows(of: batch))
        }
        XCTAssertEqual(seen, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9], [0, 1, 2, 3]])

        let dropping = try BatchIterator(dataset: data, batchSize: 4, order: .sequential, dropsPartialBatch: true)
        XCTAssertEqual(dropping.batchesPerEpoch, 2)
        seen = []
        for _ in 0..<3 {
            XCTAssertEqual(try dropping.next(into: batch, using: &rng), 4)
            seen.append(rows(of: batch))
        }
        XCTAssertEqual(seen, [[0, 1, 2, 3], [4, 5, 6, 7], [0, 1, 2, 3]])
        XCTAssertEqual(dropping.epoch, 1)
    }

    func testCyclingMatchesThePyTorchBenchmarkSlicing() throws {
        // i = (step · bs) mod n, rows i..<min(i + bs, n): with n = 10, bs = 4 the starts are 0, 4, 8, 2, 6, 0.
        let data = try numbered(10)
        let iterator = try BatchIterator(dataset: data, batchSize: 4, order: .cycling)
        let batch = Batch<Float>(capacity: 4, for: data)
        var rng = SeededGenerator(seed: 0)
        let before = rng
        var seen: [[Int]] = []
        for step in 0..<6 {
            let count = try iterator.next(into: batch, using: &rng)
            let start = (step * 4) % 10
            XCTAssertEqual(count, min(4, 10 - start))
            seen.append(rows(of: batch))
        }
        XCTAssertEqual(seen, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9], [2, 3, 4, 5], [6, 7, 8, 9], [0, 1, 2, 3]])
        XCTAssertEqual(iterator.epoch, 2, "batches ending at row 9 close an epoch")
        var untouched = before
        XCTAssertEqual(untouched.next(), rng.next(), "cycling draws no random numbers")
    }

    func testCyclingWithADividingBatchSizeIsTheRowsInOrder() throws {
        let data = try numbered(1536)
        let iterator = try BatchIterator(dataset: data, batchSize: 64, order: .cycling)
        let batch = Batch<Float>(capacity: 64, for: data)
        var rng = SeededGenerator(seed: 0)
        for step in 0..<50 {
            XCTAssertEqual(try iterator.next(into: batch, using: &rng), 64)
            XCTAssertEqual(rows(of: batch).first, (step * 64) % 1536)
            XCTAssertEqual(iterator.isEndOfEpoch, step % 24 == 23)
        }
    }

    func testRegressionTargetsAndDoublePrecision() throws {
        let data = try Dataset(name: "r", task: .regression(outputs: 2), inputCount: 1,
                               features: [0.1, 0.2, 0.3], targets: [1, 2, 3, 4, 5, 6])
        let iterator = try BatchIterator(dataset: data, batchSize: 2, order: .sequential)
        let batch = Batch<Double>(capacity: 2, for: data)
        var rng = SeededGenerator(seed: 0)
        XCTAssertEqual(try iterator.next(into: batch, using: &rng), 2)
        XCTAssertEqual(batch.inputs.values, [0.1, 0.2])
        XCTAssertEqual(batch.targets.values, [1, 2, 3, 4])
        XCTAssertEqual(batch.labels.count, 0)
        XCTAssertEqual(try iterator.next(into: batch, using: &rng), 1)
        XCTAssertEqual(batch.count, 1)
        XCTAssertEqual(batch.inputs[0, 0], 0.3)
        XCTAssertEqual([batch.targets[0, 0], batch.targets[0, 1]], [5, 6])
    }

    func testCallerOwnedBuffersAreCheckedBeforeAnythingMoves() throws {
        let data = try numbered(10)
        let iterator = try BatchIterator(dataset: data, batchSize: 4, order: .sequential)
        var rng = SeededGenerator(seed: 0)
        let labels = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 4)
        defer { labels.deallocate() }
        XCTAssertThrowsError(try iterator.next(inputs: Matrix<Float>(rows: 3, cols: 2), labels: labels, using: &rng))
        XCTAssertThrowsError(try iterator.next(inputs: Matrix<Float>(rows: 4, cols: 3), labels: labels, using: &rng))
        XCTAssertThrowsError(try iterator.next(inputs: Matrix<Float>(rows: 4, cols: 2),
                                               targets: Matrix<Float>(rows: 4, cols: 1), using: &rng))
        XCTAssertEqual(iterator.step, 0)
        let inputs = Matrix<Float>(rows: 8, cols: 2)
        XCTAssertEqual(try iterator.next(inputs: inputs, labels: labels, using: &rng), 4, "a larger buffer is fine")
        XCTAssertEqual(Array(labels), [0, 1, 2, 3])
    }

    func testInvalidSettingsThrow() throws {
        let data = try numbered(5)
        XCTAssertThrowsError(try BatchIterator(dataset: data, batchSize: 0))
        XCTAssertThrowsError(try BatchIterator(dataset: data, batchSize: 6, order: .shuffled, dropsPartialBatch: true))
        XCTAssertThrowsError(try BatchIterator(dataset: data, batchSize: 2, order: .cycling, dropsPartialBatch: true))
        XCTAssertNoThrow(try BatchIterator(dataset: data, batchSize: 6, order: .shuffled))
    }

    func testResetStartsOver() throws {
        let data = try numbered(6)
        let iterator = try BatchIterator(dataset: data, batchSize: 4, order: .sequential)
        let batch = Batch<Float>(capacity: 4, for: data)
        var rng = SeededGenerator(seed: 0)
        _ = try iterator.next(into: batch, using: &rng)
        _ = try iterator.next(into: batch, using: &rng)
        iterator.reset()
        XCTAssertEqual([iterator.step, iterator.epoch], [0, 0])
        _ = try iterator.next(into: batch, using: &rng)
        XCTAssertEqual(rows(of: batch), [0, 1, 2, 3])
    }
}
