import GradLang
import GradSyntax

/// The interpreter's `OutputSink` under `grad --serve`: every line, diagnostic, progress update and chart
/// of the running request becomes an event tagged with its `id`.
final class ServeOutput: OutputSink {
    private let writer: ReplyWriter
    private let clock: () -> Double
    private var lastProgressTime = -Double.infinity
    /// The request whose output this is; nil between requests (nothing is written then).
    var requestID: RequestID?

    init(writer: ReplyWriter, clock: @escaping () -> Double = TerminalOutput.monotonicSeconds) {
        self.writer = writer
        self.clock = clock
    }

    func line(_ text: String) {
        writer.send(TextReply(type: "text", text: text + "\n"), id: requestID)
    }

    func diagnostic(_ text: String) {
        writer.send(TextReply(type: "diagnostic", text: text.hasSuffix("\n") ? text : text + "\n"), id: requestID)
    }

    func progress(_ text: String, final: Bool) {
        let now = clock()
        guard final || now - lastProgressTime >= 1 / ServeProtocol.progressPerSecond else { return }
        lastProgressTime = final ? -Double.infinity : now
        writer.send(ProgressEvent(text: text, final: final), id: requestID)
    }

    /// Sends the chart's markup with its text as the `text/plain` fallback; a chart whose markup cannot be
    /// drawn is sent as text alone.
    func figure(_ figure: Figure) {
        var data = ["text/plain": figure.text.joined(separator: "\n")]
        if let markup = try? figure.markup() {
            switch figure.format {
            case .svg: data["image/svg+xml"] = markup
            case .html: data["text/html"] = markup
            }
        }
        writer.send(FigureEvent(data: data), id: requestID)
    }
}
