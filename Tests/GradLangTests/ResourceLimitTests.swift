import Foundation
import GradCore
import GradTestSupport
import XCTest
@testable import GradLang
@testable import GradSyntax

/// Every cap a session checks before it allocates or recurses: each is triggered here, and its message
/// must carry the numbers a person needs (the estimate and the limit, the row, the depth).
final class ResourceLimitTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try makeTemporaryFolder("grad-limits")
    }

    private func session(memory: Double = 1e9) -> (Interpreter, Lines) { cappedSession(memory: memory) }

    private func run(_ interpreter: Interpreter, _ text: String) -> RunStatus {
        interpreter.run(source: text, name: folder.appendingPathComponent("t.grad").path)
    }

    /// Asserts that the last run failed with the one error `id`, and that its message says `expected`.
    private func assertLast(_ interpreter: Interpreter, _ output: Lines, _ id: MessageID = .limitExceeded,
                            contains expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let last = output.lines.last ?? ""
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [id], last, file: file, line: line)
        XCTAssertTrue(last.contains(expected), "expected '\(expected)' in:\n\(last)", file: file, line: line)
    }

    func testANetworkOverTheLimitIsRefusedWithItsEstimateAndTheLimit() {
        let (interpreter, output) = session()
        XCTAssertEqual(run(interpreter, "data moons 100\nnet dense 3x20000\n"), .failed)
        assertLast(interpreter, output,
                   contains: "this network (64-row batches) would need about 16.1 GB of memory, over the limit of 1 GB")
        assertLast(interpreter, output, contains: "note: use fewer or narrower layers, or a smaller batch (test limit)")
        XCTAssertEqual(run(interpreter, "net dense 3x64\ntrain 1\n"), .success, output.lines.joined(separator: "\n"))
    }

    func testTheDefaultLimitSaysWhereItComesFrom() {
        XCTAssertEqual(SessionLimits().memoryBytes, ResourceLimits.memoryBytes)
        let note = SessionLimits().memoryNote
        XCTAssertTrue(note.contains("GRAD_MEMORY_LIMIT_MB"), note)
        XCTAssertEqual(Format.bytes(64e6), "64 MB")
        XCTAssertEqual(Format.bytes(12_600_000_000), "12.6 GB")
        XCTAssertEqual(Format.bytes(512), "512 bytes")
        XCTAssertEqual(Format.bytes(2e25), "2.00e25 bytes")
    }

    func testAHugeBatchIsRefusedForTheRowsItWouldReallyHold() {
        let (interpreter, output) = session()
        // Batches never hold more rows than the data has: a batch of 10⁶ on 100 rows is fine.
        XCTAssertEqual(run(interpreter, "data moons 100\nbatch 1000000\nnet dense 2x2000\ntrain 1\n"), .success,
                       output.lines.joined(separator: "\n"))
        // On 100000 rows the same batch needs 100000-row buffers for 2000 units in three layers.
        XCTAssertEqual(run(interpreter, "data moons 100000\ntrain 1\n"), .failed)
        assertLast(interpreter, output,
                   contains: "a batch of 100000 rows on this network would need about 14.5 GB of memory, over the limit of 1 GB")
        assertLast(interpreter, output, contains: "use a smaller 'batch'")
        XCTAssertEqual(run(interpreter, "batch 64\ntrain 1 steps\n"), .success, output.lines.joined(separator: "\n"))
        // Setting the batch itself is refused too, and leaves the old size.
        XCTAssertEqual(run(interpreter, "batch 100000\n"), .failed)
        assertLast(interpreter, output, contains: "a batch of 100000 rows on this network would need about")
        XCTAssertEqual(interpreter.session.settings.batchSize, 64)
    }

    func testNewDataWhoseNetworkWouldNotFitLeavesTheOldDataAndNetwork() {
        let (interpreter, output) = session()
        XCTAssertEqual(run(interpreter, "data moons 100\nbatch 1000000\nnet dense 2x2000\n"), .success)
        let network = interpreter.session.network
        // Three spiral classes mean a new output layer, built for 100000-row batches: over the limit.
        XCTAssertEqual(run(interpreter, "data spiral 100000\n"), .failed)
        assertLast(interpreter, output, contains: "this network (99999-row batches) would need about 14.5 GB")
        XCTAssertEqual(interpreter.session.fullData?.count, 100)
        XCTAssertTrue(interpreter.session.network === network, "the network was replaced")
        XCTAssertEqual(run(interpreter, "train 1\n"), .success, output.lines.joined(separator: "\n"))
    }

    func testGeneratedRowsAndCSVFilesOverTheLimitAreRefusedBeforeTheyAreMade() throws {
        let (interpreter, output) = session(memory: 1e6)
        XCTAssertEqual(run(interpreter, "data spiral 100000\n"), .failed)
        assertLast(interpreter, output, contains: "100000 rows would need about 12.8 MB of memory, over the limit of 1 MB")
        let csv = folder.appendingPathComponent("big.csv")
        try ("x,y\n" + String(repeating: "0.5,1\n", count: 20_000)).write(to: csv, atomically: true, encoding: .utf8)
        XCTAssertEqual(run(interpreter, "data csv \"big.csv\" target y\n"), .failed)
        assertLast(interpreter, output,
                   contains: "reading 'big.csv' (120 kB) would need about 1.44 MB of memory, over the limit of 1 MB")
    }

    func testTrainingThatWouldRecordTooMuchHistoryIsRefusedWithTheStepCount() {
        let (interpreter, output) = session()
        XCTAssertEqual(run(interpreter, "data moons 100\nnet dense 2x8\nbatch 1\n"), .success)
        XCTAssertEqual(run(interpreter, "train 5000000\n"), .failed)
        assertLast(interpreter, output,
                   contains: "recording 500000000 training steps would need about 200 GB of memory, over the limit of 1 GB")
        XCTAssertEqual(run(interpreter, "train 2\n"), .success)
    }

    func testNonFiniteDataIsRefusedWithTheRowNumber() {
        let (interpreter, output) = session()
        // Noise of 1e308 overflows the generated points to infinity.
        XCTAssertEqual(run(interpreter, "seed 1\ndata moons 20 noise 1e308\nnet dense 1x4\ntrain 1\n"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.dataMismatch], output.lines.joined(separator: "\n"))
        let last = output.lines.last ?? ""
        XCTAssertNotNil(last.range(of: "row [0-9]+ of the data has a non-finite value; training would produce NaN",
                                    options: .regularExpression), last)
    }

    func testRunawayRecursionStopsWithAMessageOnTheMainThreadAndInSweepCells() {
        let (interpreter, output) = session()
        // Each call also nests blocks and parentheses, the deepest the parser allows per call.
        let nested = String(repeating: "(", count: 20) + "down(n + 1)" + String(repeating: ")", count: 20)
        let body = "if true { if true { return \(nested) } }"
        XCTAssertEqual(run(interpreter, "def down(n) { \(body) }\nprint down(0)\n"), .failed)
        // Optimized, the cap of 200 calls comes first; a debug sanitizer build runs short of stack before.
        assertLast(interpreter, output, contains: "calls are nested ")
        assertLast(interpreter, output, contains: " deep")
        assertLast(interpreter, output, contains: "runaway recursion?)")
        // Sweep cells run on worker threads, whose stacks may be smaller than the main thread's.
        XCTAssertEqual(run(interpreter, "data moons 50\nnet dense 1x4\nsweep lr [0.1 0.2 0.3] { print down(0) }\n"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.cellsFailed], output.lines.joined(separator: "\n"))
        XCTAssertEqual(output.lines.filter { $0.contains("calls are nested ") }.count, 4,
                       output.lines.joined(separator: "\n"))
    }

    func testRecursionOnAThreadWithASmallStackStopsBeforeTheStackEnds() {
        let (interpreter, output) = session()
        let nested = String(repeating: "(", count: 20) + "down(n + 1)" + String(repeating: ")", count: 20)
        // Defined (parsed) here on the main thread: the parser has its own nesting cap, sized for the
        // main thread's stack; the small thread only runs the calls.
        XCTAssertEqual(run(interpreter, "def down(n) { if true { if true { return \(nested) } } }\n"), .success)
        let script = "print down(0)\n"
        final class Outcome: @unchecked Sendable { var status: RunStatus? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        // 256 kB: a fraction of a main thread's 8 MB, so the call cap of 200 is not reached first.
        let thread = Thread {
            outcome.status = self.run(interpreter, script)
            done.signal()
        }
        thread.stackSize = 1 << 18
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(outcome.status, .failed)
        assertLast(interpreter, output, contains: "calls are nested too deeply for this thread's stack (")
    }

    func testRangesAndIncludesHaveCaps() throws {
        let (interpreter, output) = session()
        XCTAssertEqual(run(interpreter, "print len(1..20000000)\n"), .failed)
        assertLast(interpreter, output, contains: "the range 1..20000000 is longer than 10000000 items")
        for level in 0...33 {
            try "include \"level\(level + 1).grad\"\n".write(to: folder.appendingPathComponent("level\(level).grad"),
                                                              atomically: true, encoding: .utf8)
        }
        try "print \"bottom\"\n".write(to: folder.appendingPathComponent("level34.grad"), atomically: true, encoding: .utf8)
        XCTAssertEqual(run(interpreter, "include \"level0.grad\"\n"), .failed)
        XCTAssertEqual(interpreter.lastDiagnosticIDs, [.includeFailed], output.lines.joined(separator: "\n"))
        XCTAssertTrue(output.lines.contains { $0.contains("includes are nested more than 32 deep") }, output.lines.joined(separator: "\n"))
        XCTAssertFalse(output.lines.contains("bottom"))
    }
}
