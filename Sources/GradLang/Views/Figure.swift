import Plot
import GradSyntax

/// A chart as two renderings: the text a terminal shows, and markup (SVG, or an HTML page) for clients
/// that can show pictures, such as the notebook kernel behind `grad --serve`.
public struct Figure {
    /// What `markup` returns.
    public enum MarkupKind: String, Sendable {
        /// A standalone `<svg>` element.
        case svg
        /// A standalone HTML fragment.
        case html
    }

    /// The terminal rendering, line by line: what every sink falls back to.
    public let text: [String]
    /// The kind of markup `markup` returns.
    public let format: MarkupKind
    /// Renders the markup. Only sinks that show pictures call it, so the terminal pays nothing for it.
    public let markup: () throws -> String

    /// A figure whose picture is the report's SVG for the same data.
    init(text: [String], svg node: @escaping () throws -> BodyNode) {
        self.text = text
        format = .svg
        markup = { try node().render() }
    }

    /// A figure whose picture is an HTML fragment.
    init(text: [String], html: @escaping () throws -> String) {
        self.text = text
        format = .html
        markup = html
    }
}

extension OutputSink {
    /// The terminal's way to show a figure: its text lines.
    public func figure(_ figure: Figure) {
        for line in figure.text { self.line(line) }
    }
}
