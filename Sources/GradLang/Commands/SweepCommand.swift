import Foundation
import GradCore
import GradSyntax

/// `sweep`: the block once per cell of a grid of settings, cells in parallel, each kept as a run.
///
/// Every cell starts from a copy of the session as it is (data, seed, random state, settings, the
/// network plan with the cell's values applied) in an interpreter of its own, so cells cannot affect
/// each other and each one's result is the same whatever order or thread it runs in.
extension Interpreter {
    /// The most cells one sweep may have.
    static let maximumSweepCells = 64

    /// One cell: its name, its values for the table, and the changes to apply.
    struct SweepCell {
        var name: String
        var values: [String]
        var changes: [SweepChange]
    }

    /// What running one cell produced.
    struct SweepOutcome {
        var run: NamedRun?
        var lines: [(text: String, isDiagnostic: Bool)]
        /// Optimizer steps the cell took, counted against the session's total allowance.
        var steps = 0
    }

    func runSweep(_ spec: SweepSpec, range: SourceRange, directory: URL?) throws {
        guard session.plan != nil, session.trainData != nil else {
            throw RuntimeError(.notReady, "'sweep' needs data and a network to start each cell from", at: range,
                               notes: [Note("e.g. 'data spiral 1536 classes 3' and 'net dense 10x64 relu init he' first")])
        }
        let cells = try sweepCells(spec)
        guard cells.count <= Self.maximumSweepCells else {
            throw RuntimeError(.limitExceeded, "\(cells.count) cells is more than the limit of \(Self.maximumSweepCells) per sweep", at: range)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let outcomes = Locked(Array(repeating: SweepOutcome(run: nil, lines: []), count: cells.count))
        DispatchQueue.concurrentPerform(iterations: cells.count) { index in
            let outcome = runCell(cells[index], body: spec.body, directory: directory, cells: cells.count)
            outcomes.update { $0[index] = outcome }
        }
        let results = outcomes.value
        for (cell, outcome) in zip(cells, results) where !outcome.lines.isEmpty {
            for line in outcome.lines {
                if line.isDiagnostic { output.diagnostic(line.text) } else { output.line("[\(cell.name)] \(line.text)") }
            }
        }
        let recurrent = results.contains { $0.run?.timeRatio != nil }
        let ratios = ["layer 1 / last ‖∇W‖"] + (recurrent ? [NamedRun.timeRatioHeader] : [])
        var table = TextTable(spec.dimensions.map(\.dimension.value.rawValue) + ["steps", "loss", "acc", "test acc"] + ratios + ["stop"])
        for (cell, outcome) in zip(cells, results) {
            guard let run = outcome.run else {
                table.add(cell.values + Array(repeating: "-", count: 4 + ratios.count) + ["error"])
                continue
            }
            let row = ["\(run.steps)", run.loss.map { Format.fixed($0) } ?? "-", run.accuracy.map(Format.percent) ?? "-",
                       run.testAccuracy.map(Format.percent) ?? "-", run.layerRatioText]
            table.add(cell.values + row + (recurrent ? [run.timeRatioText] : []) + [run.stopText])
        }
        let shape = spec.dimensions.map(\.dimension.value.rawValue).joined(separator: " × ")
        var summary = "sweep: \(cells.count) cells (\(shape))"
        if options.timings {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            summary += ", up to \(ProcessInfo.processInfo.activeProcessorCount) at a time, \(Format.fixed(seconds, 1)) s"
        }
        output.line(summary)
        for line in table.lines { output.line(line) }
        let kept = results.compactMap(\.run)
        session.keep(kept)
        // The cells leave the model as it was but add runs for 'compare': 'save session' replays the sweep
        // as written (its values resolved when they are literal, as they usually are).
        commandLog.append(.sweep(spec))
        session.stepsTaken += results.reduce(0) { $0 + $1.steps }
        output.line("kept \(kept.count) runs (\(kept.first.map { "e.g. '\($0.name)'" } ?? "none")); 'compare' shows them all, 'compare A B' two")
        let failed = cells.count - kept.count
        if failed > 0 { throw RuntimeError(.cellsFailed, "\(failed) of \(cells.count) sweep cells failed (their errors are above)", at: range) }
    }

    /// The grid, first dimension outermost, each value checked and resolved before any cell runs.
    private func sweepCells(_ spec: SweepSpec) throws -> [SweepCell] {
        var cells = [SweepCell(name: "", values: [], changes: [])]
        for axis in spec.dimensions {
            let items = try sweepValues(axis)
            var next: [SweepCell] = []
            for cell in cells {
                for (label, change) in items {
                    next.append(SweepCell(
                        name: cell.name.isEmpty ? label.name : "\(cell.name)_\(label.name)",
                        values: cell.values + [label.shown], changes: cell.changes + [change]))
                }
            }
            cells = next
        }
        return cells
    }

    /// An axis's values as (name part, table text) and the change each makes.
    private func sweepValues(_ axis: SweepSpec.Axis) throws -> [((name: String, shown: String), SweepChange)] {
        let range = axis.list?.range ?? axis.dimension.range
        var values: [(Value, SourceRange)] = try axis.values.map { (try evaluate($0), $0.range) }
        if let list = axis.list {
            guard case .list(let items) = try evaluate(list) else {
                throw RuntimeError(.typeMismatch, "'\(axis.dimension.value.rawValue)' needs a list of values, e.g. [1, 2]", at: list.range)
            }
            values = items.map { ($0, list.range) }
        }
        guard !values.isEmpty else { throw RuntimeError(.invalidValue, "the list of values is empty", at: range) }
        return try values.map { value, where_ in
            let word = Expr.string(segments: [.text(value.description, range: where_)], range: where_)
            switch axis.dimension.value {
            case .act:
                return ((value.description, value.description), .activation(try activation(.interpolated(word))))
            case .`init`:
                return ((value.description, value.description), .initializer(try initializer(.interpolated(word))))
            case .depth, .width:
                guard case .number(let number) = value, number == number.rounded(), number >= 1, number <= 10_000 else {
                    throw RuntimeError(.invalidValue, "'\(axis.dimension.value.rawValue)' values must be whole numbers from 1 to 10000, got \(value.description)", at: where_)
                }
                let isDepth = axis.dimension.value == .depth
                return ((isDepth ? "d\(Int(number))" : "w\(Int(number))", "\(Int(number))"), isDepth ? .depth(Int(number)) : .width(Int(number)))
            case .lr:
                guard case .number(let rate) = value, rate > 0, rate.isFinite else {
                    throw RuntimeError(.invalidValue, "'lr' values must be positive numbers, got \(value.description)", at: where_)
                }
                return (("lr\(Format.number(rate))", Format.number(rate)), .learningRate(rate))
            }
        }
    }

    /// Runs `body` for one cell in an interpreter of its own (on any thread) and collects what it printed.
    private func runCell(_ cell: SweepCell, body: Block, directory: URL?, cells: Int) -> SweepOutcome {
        let sink = CellTranscript()
        guard !interrupted else { return SweepOutcome(run: nil, lines: [("skipped: interrupted", false)]) }
        let child = Interpreter(
            options: InterpreterOptions(color: options.color, quiet: true, arguments: options.arguments, timings: false,
                                        width: options.width, unicode: options.unicode),
            output: sink)
        child.environment.inherit(from: environment)
        child.fileAccess = fileAccess
        child.sources = sources
        child.session.shouldStop = { [unowned self] in self.interrupted }
        // A cell obeys the session's caps. Cells run side by side, up to one per core, so each gets its
        // share of the memory limit; the training allowance left is shared equally between all cells.
        child.session.limits = session.limits
        let concurrent = max(1, min(cells, ProcessInfo.processInfo.activeProcessorCount))
        child.session.limits.memoryBytes = session.limits.memoryBytes / Double(concurrent)
        if let total = session.limits.totalSteps {
            child.session.limits.totalSteps = max(0, total - session.stepsTaken) / cells
        }
        do {
            try runSession(at: body.range) { try child.session.adopt(session, changes: cell.changes) }
            _ = try child.executeBlock(body, directory: directory)
            let run = try runSession(at: body.range) { try child.session.snapshotRun(named: cell.name) }
            return SweepOutcome(run: run, lines: sink.lines, steps: child.session.stepsTaken)
        } catch let error as RuntimeError {
            child.report([error.diagnostic])
        } catch let stop as ScriptStop {
            child.report([stop.diagnostic])
        } catch is ScriptInterrupted {
            return SweepOutcome(run: nil, lines: [("interrupted", false)], steps: child.session.stepsTaken)
        } catch {
            sink.diagnostic("\(error)")
        }
        return SweepOutcome(run: nil, lines: [("failed:", false)] + sink.lines, steps: child.session.stepsTaken)
    }
}

/// What a sweep cell printed, in order, to be shown after every cell has finished.
private final class CellTranscript: OutputSink {
    var lines: [(text: String, isDiagnostic: Bool)] = []
    func line(_ text: String) { lines.append((text, false)) }
    func diagnostic(_ text: String) { lines.append((text, true)) }
    func progress(_ text: String, final: Bool) {}
}

/// A value shared between sweep threads, changed only under its lock.
private final class Locked<Wrapped>: @unchecked Sendable {
    private var wrapped: Wrapped
    private let lock = NSLock()

    init(_ value: Wrapped) { wrapped = value }

    var value: Wrapped { lock.withLock { wrapped } }

    func update(_ change: (inout Wrapped) -> Void) { lock.withLock { change(&wrapped) } }
}

extension Session {
    /// Adds `kept` to the named runs, replacing runs of the same names.
    func keep(_ kept: [NamedRun]) {
        let names = Set(kept.map(\.name))
        runs.removeAll { names.contains($0.name) }
        runs.append(contentsOf: kept)
    }
}
