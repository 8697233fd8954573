import XCTest
@testable import GradCore

/// The sequence generators against their definitions: positions, lengths, targets; and the success measure.
final class SequenceTaskTests: XCTestCase {
    private func generate(_ task: SequenceTask, count: Int = 300, length: Int) throws -> Dataset {
        var rng = SeededGenerator(seed: 5)
        return try task.generate(count: count, length: length, using: &rng)
    }

    /// Step t of row `row`: its `width` features.
    private func step(_ data: Dataset, row: Int, _ t: Int, width: Int) -> ArraySlice<Double> {
        let start = row * data.inputCount + t * width
        return data.features[start..<(start + width)]
    }

    func testAddingVariantsAndMultiplication() throws {
        let length = 50
        let cases: [(SequenceTask, ClosedRange<Double>, (Double, Double) -> Double)] = [
            (.adding(.pascanu), 0...1, { ($0 + $1) / 2 }),
            (.adding(.hochreiter), -1...1, { 0.5 + ($0 + $1) / 4 }),
            (.adding(.le), 0...1, { $0 + $1 }),
            (.multiplication, 0...1, { $0 * $1 }),
        ]
        for (task, range, combine) in cases {
            let data = try generate(task, length: length)
            XCTAssertEqual(data.inputCount, 100)
            XCTAssertEqual(data.task, .regression(outputs: 1))
            XCTAssertEqual(task.loss, .lastStepMSE)
            var sawNegative = false
            for row in 0..<data.count {
                let steps = (0..<length).map { step(data, row: row, $0, width: 2) }
                let marks = steps.indices.filter { steps[$0].first! == 1 }
                XCTAssertEqual(marks.count, 2)
                XCTAssertTrue((0..<5).contains(marks[0]), "first mark in the first 10%")
                XCTAssertTrue((5..<25).contains(marks[1]), "second mark in 10–50%")
                XCTAssertTrue(steps.allSatisfy { $0.first! == 0 || $0.first! == 1 })
                XCTAssertTrue(steps.allSatisfy { range.contains($0.last!) })
                sawNegative = sawNegative || steps.contains { $0.last! < 0 }
                let expected = combine(steps[marks[0]].last!, steps[marks[1]].last!)
                XCTAssertEqual(data.targets[row], expected, accuracy: 1e-15, "\(task)")
            }
            XCTAssertEqual(sawNegative, task == .adding(.hochreiter))
        }
    }

    func testTemporalOrderPlacesAAndB() throws {
        let length = 50
        for (task, windows, classes) in [(SequenceTask.temporalOrder, [5, 25], 4), (.temporalOrder3Bit, [5, 15, 30], 8)] {
            let data = try generate(task, length: length)
            XCTAssertEqual(data.task, .classification(classes: classes))
            XCTAssertEqual(data.inputCount, 300)
            var labels = Set<Int>()
            for row in 0..<data.count {
                let symbols = (0..<length).map { t -> Int in
                    let values = Array(step(data, row: row, t, width: 6))
                    XCTAssertEqual(values.reduce(0, +), 1, "one-hot")
                    return values.firstIndex(of: 1)!
                }
                let places = symbols.indices.filter { symbols[$0] < 2 }
                XCTAssertEqual(places.count, windows.count)
                for (place, start) in zip(places, windows) { XCTAssertTrue((start..<(start + 5)).contains(place)) }
                let label = places.enumerated().reduce(0) { $0 + symbols[$1.element] << $1.offset }
                XCTAssertEqual(data.label(ofRow: row), label)
                labels.insert(label)
            }
            XCTAssertEqual(labels.count, classes, "every order occurs")
        }
    }

    func testPermutationAsksForTheFirstSymbol() throws {
        let data = try generate(.permutation, length: 12)
        XCTAssertEqual(data.task, .classification(classes: 100))
        XCTAssertEqual(data.inputCount, 1200)
        for row in 0..<data.count {
            let symbols = (0..<12).map { step(data, row: row, $0, width: 100).firstIndex(of: 1)! - row * 1200 - $0 * 100 }
            XCTAssertEqual(data.label(ofRow: row), symbols[0])
            XCTAssertTrue(symbols[0] < 2)
            XCTAssertTrue(symbols.dropFirst().allSatisfy { (2..<100).contains($0) })
        }
    }

    func testMemorizationRecallsTheDigits() throws {
        let length = 5, steps = 25
        let data = try generate(.memorization, count: 50, length: length)
        XCTAssertEqual(data.inputCount, steps * 7)
        XCTAssertEqual(data.task, .regression(outputs: steps * 6))
        XCTAssertEqual(SequenceTask.memorization.loss, .everyStepSoftmax(classes: 6))
        for row in 0..<data.count {
            func input(_ t: Int) -> [Double] { Array(step(data, row: row, t, width: 7)) }
            func target(_ t: Int) -> Int { Array(data.targets[(row * steps * 6 + t * 6)..<(row * steps * 6 + t * 6 + 6)]).firstIndex(of: 1)! }
            let digits = (0..<10).map { input($0).firstIndex(of: 1)! }
            XCTAssertTrue(digits.allSatisfy { $0 < 5 })
            for t in 10..<steps {
                XCTAssertEqual(input(t), t == 15 ? [0, 0, 0, 0, 0, 0, 1] : [0, 0, 0, 0, 0, 1, 0], "step \(t)")
            }
            for t in 0..<15 { XCTAssertEqual(target(t), 5) }
            XCTAssertEqual((15..<25).map(target), digits)
        }
    }

    func testLengthsAreChecked() {
        var rng = SeededGenerator(seed: 1)
        XCTAssertThrowsError(try SequenceTask.adding(.pascanu).generate(count: 4, length: 9, using: &rng))
        XCTAssertThrowsError(try SequenceTask.temporalOrder.generate(count: 0, length: 20, using: &rng))
        XCTAssertNoThrow(try SequenceTask.temporalOrder.generate(count: 1, length: 10, using: &rng))
    }

    func testSuccessMeasure() throws {
        let task = SequenceTask.adding(.pascanu)
        XCTAssertFalse(task.isWrong(outputs: [0.5], target: [0.69]))
        XCTAssertTrue(task.isWrong(outputs: [0.5], target: [0.71]))
        XCTAssertTrue(SequenceTask.temporalOrder.isWrong(outputs: [0.1, 2, 0.3, 0], target: [2]))
        XCTAssertFalse(SequenceTask.temporalOrder.isWrong(outputs: [0.1, 0, 3, 0], target: [2]))
        let data = try generate(task, count: 200, length: 20)
        var outputs = data.targets
        XCTAssertEqual(task.score(outputs: outputs, dataset: data).solved, true)
        outputs[3] += 0.3
        XCTAssertEqual(task.score(outputs: outputs, dataset: data).wrongFraction, 0.005)
        XCTAssertTrue(task.score(outputs: outputs, dataset: data).solved)
        outputs[4] += 0.3
        XCTAssertFalse(task.score(outputs: outputs, dataset: data).solved, "2 of 200 is 1%, not under it")
        let memorized = try generate(.memorization, count: 2, length: 3)
        var recall = memorized.targets
        XCTAssertEqual(SequenceTask.memorization.score(outputs: recall, dataset: memorized).wrongFraction, 0)
        recall[recall.count - 6 ..< recall.count] = [1, 0, 0, 0, 0, 0][...]  // the last step recalls digit 0
        recall[recall.count - 6 + 5] = 0
        let last = memorized.targets[(memorized.targets.count - 6)...].firstIndex(of: 1)! - (memorized.targets.count - 6)
        XCTAssertEqual(SequenceTask.memorization.score(outputs: recall, dataset: memorized).wrongFraction, last == 0 ? 0 : 0.5)
    }
}
