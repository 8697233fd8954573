import XCTest
@testable import GradLang
@testable import GradSyntax

/// Text broken to a terminal's width: between words, with continuation lines under the text they continue.
final class TextWrapTests: XCTestCase {
    func testLinesBreakBetweenWordsWithAHangingIndent() {
        XCTAssertEqual(TextWrap.lines("one two three four five", width: 10, indent: "- ", hanging: "  "),
                       ["- one two", "  three", "  four", "  five"])
        XCTAssertEqual(TextWrap.lines("a  b", width: 10), ["a  b"], "double spaces inside a line stay")
    }

    func testOnlyAWordWiderThanTheLineIsCut() {
        XCTAssertEqual(TextWrap.lines("see /a/very/long/path/name.csv now", width: 12),
                       ["see", "/a/very/long", "/path/name.c", "sv now"])
        XCTAssertEqual(TextWrap.lines("show net|grads|acts|weights", width: 16, hanging: "  "),
                       ["show", "  net|grads|", "  acts|weights"])
    }

    func testFitKeepsAFittingLineAndHangsListItemsAndTableRows() {
        XCTAssertEqual(TextWrap.fit("short", width: 10), ["short"])
        XCTAssertEqual(TextWrap.fit("   - layer 1's gradient norm is tiny", width: 20),
                       ["   - layer 1's", "     gradient norm", "     is tiny"])
        XCTAssertEqual(TextWrap.fit("    grads       each layer's weight-gradient norm", width: 36),
                       ["    grads       each layer's", "                weight-gradient norm"])
        XCTAssertEqual(TextWrap.fit("12. exploding gradients here", width: 16), ["12. exploding", "    gradients", "    here"])
    }

    func testEscapesTakeNoRoom() {
        let red = "\u{1B}[31mred\u{1B}[0m"
        XCTAssertEqual(TextWrap.fit("\(red) \(red)", width: 7), ["\(red) \(red)"])
        XCTAssertEqual(TextWrap.visibleCount(red), 3)
    }

    /// Every word of `text` appears whole in `lines`, and no line is wider than `width`.
    private func assertWrapped(_ lines: [String], of text: String, width: Int, file: StaticString = #filePath, line: UInt = #line) {
        for shown in lines { XCTAssertLessThanOrEqual(TextWrap.visibleCount(shown), width, shown, file: file, line: line) }
        let shownWords = Set(lines.flatMap { $0.split(separator: " ") })
        let shownChoices = Set(shownWords.flatMap { $0.split(separator: "|") })
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            // A list of choices wider than a line breaks after one of its bars.
            let whole = shownWords.contains(word) || word.count > width / 2 && word.split(separator: "|").allSatisfy(shownChoices.contains)
            XCTAssertTrue(whole, "'\(word)' was cut", file: file, line: line)
        }
    }

    func testHelpFitsSixtyColumnsWithoutCuttingWords() {
        for topic in HelpTopic.all {
            let entry = CommandHelp.entry(for: topic)
            assertWrapped(entry.text(width: 60).split(separator: "\n").map(String.init),
                          of: entry.syntax + " " + entry.summary, width: 60)
        }
        let overview = CommandHelp.overview(width: 60).split(separator: "\n").map(String.init)
        assertWrapped(overview, of: CommandHelp.all.map(\.syntax).joined(separator: " "), width: 60)
    }

    func testPlotHelpRowsHangUnderTheirDescriptions() {
        let lines = CommandHelp.entry(for: .command(.plot)).text(width: 60).split(separator: "\n").map(String.init)
        let row = try! XCTUnwrap(lines.firstIndex { $0.hasPrefix("      loss, acc   train per recorded step") })
        XCTAssertTrue(lines[row + 1].hasPrefix("                  "), lines[row + 1])
        // The source's own line breaks inside a row are re-flowed, not kept as short or stray lines.
        XCTAssertFalse(lines.contains { $0.hasPrefix("      when dense") || $0.hasSuffix("(the data's") }, lines.joined(separator: "\n"))
        XCTAssertEqual(lines.last, "  example: plot grads over time")
    }

    func testDiagnosisAndExplanationsFitTheWidth() {
        let finding = Finding(.vanishing, "vanishing gradients",
                              evidence: ["layer 1's weight-gradient norm is 1.58e-13 × layer 21's (6.49e-14 vs 4.11e-1; threshold 0.001)"],
                              fixes: ["net dense 20x64 relu init he"])
        let lines = DiagnosisRenderer.lines([finding], context: "step 20, 20 hidden layers", width: 60)
        assertWrapped(lines, of: finding.evidence[0], width: 60)
        XCTAssertTrue(lines.contains("     threshold 0.001)") || lines.contains { $0.hasPrefix("     ") }, "\(lines)")
        let session = Session()
        for topic in ExplainTopic.allCases {
            let text = Explanation.concept(topic).joined(separator: " ")
            assertWrapped(Explanation(session).explain(topic, width: 60), of: text, width: 60)
        }
    }

    func testLongChartTitlesAndFootersBreakBetweenWords() {
        let title = "hidden-layer outputs on the first 256 training rows (evaluation mode, dead as of the latest step)"
        let footer = "cells beyond |: outputs within 0.01 of a bound (saturated, slope ~0) or exactly 0 (ReLU, no gradient)"
        let strips = HistogramStrips(title: title, strips: [
            HistogramStrips.Strip(label: "layer 1", below: 1, bins: [1, 2, 3], above: 1, range: "0..1", note: ""),
        ], footer: footer)
        let series = LineChart.Series("s", xs: [1, 2, 3], ys: [1, 2, 3])
        let style = ChartStyle(width: 60)
        assertWrapped(strips.lines(style).filter { !$0.hasPrefix("layer 1") }, of: title + " " + footer, width: 60)
        assertWrapped(Array(LineChart(title: title, xLabel: "step", series: [series]).lines(style).prefix(2)), of: title, width: 60)
    }
}
