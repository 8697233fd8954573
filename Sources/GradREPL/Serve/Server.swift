#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GradCore
import GradLang
import GradSyntax

/// `grad --serve`: one interpreter session driven by JSON-line requests (see `ServeProtocol`). State
/// persists across requests exactly as across REPL entries.
public final class Server {
    private let interpreter: Interpreter
    private let output: ServeOutput
    private let writer: ReplyWriter
    private let reader: RequestReader
    private let signals: SignalMonitor

    /// A server reading requests from `input` and writing replies to `replies`; `seed` as `--seed`.
    public init(input: Int32, replies: TextStream, seed: UInt64?, arguments: [String],
                signals: SignalMonitor = .shared) {
        writer = ReplyWriter(stream: replies)
        output = ServeOutput(writer: writer)
        // As at a terminal: live progress (the client redraws it), expression values echoed, 80 columns, Unicode.
        let options = InterpreterOptions(seed: seed, arguments: arguments, interactiveProgress: true, echoExpressions: true,
                                        unicode: true)
        interpreter = Interpreter(options: options, output: output)
        self.signals = signals
        reader = RequestReader(descriptor: input, wakeDescriptor: signals.wakeDescriptor,
                               limit: ServeProtocol.maxRequestBytes) { signals.terminationRequested }
    }

    /// Asks a running request to stop at the end of its current training step. Safe from any thread.
    public func requestInterrupt() { interpreter.requestInterrupt() }

    /// Serves until end of input (exit 0) or SIGTERM (143).
    public func run() -> Int32 {
        writer.send(Ready(grad: GradCoreVersion.string), id: nil)
        while true {
            signals.enter(.idle)
            switch reader.next() {
            case .endOfInput:
                return ExitStatus.success
            case .stopped:
                return ExitStatus.code(forSignal: SIGTERM)
            case .tooLarge(let bytes):
                report(RequestProblem(code: .tooLarge,
                                      message: "a request of \(bytes) bytes is over the limit of \(ServeProtocol.maxRequestBytes)"))
            case .line(let line):
                // Blank lines between requests are harmless (a client's stray newline).
                guard line.contains(where: { !Self.blanks.contains($0) }) else { continue }
                switch ServeRequest.decode(line) {
                case .success(let (id, request)): answer(request, id: id)
                case .failure(let problem): report(problem)
                }
            }
            if signals.terminationRequested { return ExitStatus.code(forSignal: SIGTERM) }
        }
    }

    private static let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]

    private func report(_ problem: RequestProblem) {
        writer.send(ErrorReply(code: problem.code.rawValue, message: problem.message), id: problem.id)
    }

    private func answer(_ request: ServeRequest, id: RequestID) {
        switch request {
        case .run(let code): run(code, id: id)
        case .finish: finish(id: id)
        case .complete(let code, let cursor): complete(code, cursor: cursor, id: id)
        case .inspect(let code, let cursor): inspect(code, cursor: cursor, id: id)
        case .isComplete(let code):
            writer.send(StatusReply(type: "completeness", status: interpreter.isIncomplete(code) ? "incomplete" : "complete"), id: id)
        }
    }

    private func run(_ code: String, id: RequestID) {
        output.requestID = id
        defer { output.requestID = nil }
        let signalsBefore = signals.signalCount
        let expectationsBefore = interpreter.expectationResults.count
        signals.enter(.running)
        let status = interpreter.run(source: code, name: Self.sourceName)
        signals.enter(.idle)
        // A notebook has no end of script to print the table at: each cell shows the rows it added
        // (`finish` prints the whole table and the score).
        for result in interpreter.expectationResults.dropFirst(expectationsBefore) { output.line(result.row) }
        let interrupted = signals.signalCount != signalsBefore
        writer.send(StatusReply(type: "done", status: interrupted ? "interrupted" : Self.word(for: status)), id: id)
    }

    private func finish(id: RequestID) {
        output.requestID = id
        defer { output.requestID = nil }
        writer.send(StatusReply(type: "done", status: Self.word(for: interpreter.finish())), id: id)
    }

    private func complete(_ code: String, cursor: Int, id: RequestID) {
        let matches = Inspection.completions(in: code, at: cursor, variables: interpreter.variableNames)
        writer.send(Completions(matches: matches, start: Inspection.completionStart(in: code, at: cursor), end: cursor), id: id)
    }

    private func inspect(_ code: String, cursor: Int, id: RequestID) {
        let help = Inspection.help(in: code, at: cursor)
        writer.send(Help(found: help != nil, topic: help?.topic ?? "", text: help?.text ?? ""), id: id)
    }

    /// The name diagnostics give to cells: like the REPL's entries, line numbers count from the cell's first line.
    static let sourceName = "<cell>"

    private static func word(for status: RunStatus) -> String {
        switch status {
        case .success: "ok"
        case .failed: "error"
        case .expectationsFailed: "expectations_failed"
        }
    }
}
