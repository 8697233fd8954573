import XCTest
@testable import GradLang

/// Every chart is a pure function from numbers to lines: these pin the exact lines, in ASCII and Unicode.
final class ChartTests: XCTestCase {
    let ascii = ChartStyle(width: 40)
    let unicode = ChartStyle(width: 40, unicode: true)

    func testLineChartOfTwoSeries() {
        let chart = LineChart(
            title: "loss", xLabel: "step",
            series: [
                LineChart.Series("train", xs: [1, 2, 3, 4, 5, 6, 7, 8], ys: [2, 1.6, 1.3, 1.1, 1, 0.9, 0.85, 0.8]),
                LineChart.Series("test", xs: [4, 8], ys: [1.2, 1]),
            ],
            height: 5)
        assertLines(chart.lines(ascii), [
            "loss",
            "  2 +*",
            "    |     *",
            "1.4 +          *",
            "    |               *   *              o",
            "0.8 +                        *    *    *",
            "    +-----------------------------------",
            "     1                4.5              8",
            "     * train  o test   x: step",
        ])
        assertLines(chart.lines(unicode), [
            "loss",
            "  2 ┤●",
            "    │     ●",
            "1.4 ┤          ●",
            "    │               ●   ●              ○",
            "0.8 ┤                        ●    ●    ●",
            "    └───────────────────────────────────",
            "     1                4.5              8",
            "     ● train  ○ test   x: step",
        ])
    }

    func testLineChartOnALogScaleSkipsNonPositiveValues() {
        let chart = LineChart(title: "norm", xLabel: "step",
                              series: [LineChart.Series("g", xs: [0, 1, 2, 3], ys: [1e-3, 0, 1e-1, 10])],
                              logScale: true, height: 3)
        assertLines(chart.lines(ascii), [
            "norm",
            " 1.00e1 +                              *",
            "1.00e-1 +                    *",
            "1.00e-3 +*",
            "        +-------------------------------",
            "         0              1.5            3",
            "         * g   x: step, y: log scale",
        ])
    }

    func testEmptyLineChart() {
        assertLines(LineChart(title: "t", xLabel: "x", series: []).lines(ascii), ["t", "  (nothing to plot yet)"])
    }

    func testLogBarChartSpansDecades() {
        let chart = LogBarChart(title: "grads", bars: [
            LogBarChart.Bar("layer 1", 3e-7, note: "vanishing"), LogBarChart.Bar("layer 2", 2e-4),
            LogBarChart.Bar("layer 3", 0.05), LogBarChart.Bar("layer 4", 0),
        ])
        assertLines(chart.lines(ascii), [
            "grads",
            "layer 1 |#            3.00e-7  vanishing",
            "layer 2 |#######      2.00e-4",
            "layer 3 |###########  5.00e-2",
            "layer 4 |                   0",
            "        +------+----+",
            "         1e-7  1e-4 1e-1",
        ])
        assertLines(chart.lines(unicode), [
            "grads",
            "layer 1 │█            3.00e-7  vanishing",
            "layer 2 │██████▋      2.00e-4",
            "layer 3 │███████████▍ 5.00e-2",
            "layer 4 │                   0",
            "        └──────┬────┬",
            "         1e-7  1e-4 1e-1",
        ])
    }

    func testHeatMapShadesLogValues() {
        let map = HeatMap(title: "heat", rowLabels: ["L1", "L2", "L3"],
                          values: [[1e-6, 1e-6, 1e-5, 1e-5], [1e-3, 1e-3, 1e-3, .nan], [1, 1, 10, 100]],
                          xs: [1, 2, 3, 4], xLabel: "step")
        assertLines(map.lines(ascii), [
            "heat",
            "L1 |..::",
            "L2 |===!",
            "L3 |##%@",
            "   +----",
            "    1  4",
            "    x: step  scale: 1.00e-6 .:-=+*#%@",
            "    1.00e2 (log10 mean per cell; ! = NaN",
            "    or inf)",
        ])
        assertLines(map.lines(unicode), [
            "heat",
            "L1 │··░░",
            "L2 │▒▒▒!",
            "L3 │▓▓██",
            "   └────",
            "    1  4",
            "    x: step  scale: 1.00e-6 ·░▒▓█ 1.00e2",
            "    (log₁₀ mean per cell; ! = NaN or",
            "    inf)",
        ])
    }

    func testHistogramStripsSetTheZonesApart() {
        let chart = HistogramStrips(title: "acts", strips: [
            HistogramStrips.Strip(label: "1 tanh", below: 10, bins: [0, 1, 4, 8, 4, 1, 0, 0], above: 2, range: "-1..1", note: "sat 40%"),
            HistogramStrips.Strip(label: "2 relu", below: 30, bins: [8, 4, 2, 1, 0, 0, 0, 1], above: nil, range: "0..3", note: "zero 60%"),
            HistogramStrips.Strip(label: "3 elu", below: nil, bins: [1, 1, 1, 1, 1, 1, 1, 1], above: nil, range: "-1..2", note: ""),
        ], footer: "legend")
        assertLines(chart.lines(ascii), [
            "acts",
            "1 tanh [-| .+@+.  |.] -1..1  sat 40%",
            "2 relu [*|@+:.   .  ] 0..3   zero 60%",
            "3 elu  [  @@@@@@@@  ] -1..2",
            "legend",
        ])
        assertLines(chart.lines(unicode), [
            "acts",
            "1 tanh [▃┃ ▁▄█▄▁  ┃▁] -1..1  sat 40%",
            "2 relu [▅┃█▄▂▁   ▁  ] 0..3   zero 60%",
            "3 elu  [  ████████  ] -1..2",
            "legend",
        ])
        XCTAssertEqual(HistogramStrips.binCount(ascii, labelWidth: 6, suffixWidth: 12), 14)
    }

    func testColourWrapsMarksOnlyWhenAsked() {
        let chart = LogBarChart(title: "t", bars: [LogBarChart.Bar("a", 1, note: "exploding")])
        XCTAssertFalse(chart.lines(ascii).joined().contains("\u{1B}"))
        XCTAssertTrue(chart.lines(ChartStyle(width: 40, color: true)).joined().contains("\u{1B}[31m"))
    }

    func testChartsFitTheWidth() {
        let series = LineChart.Series("s", xs: (0..<500).map(Double.init), ys: (0..<500).map { sin(Double($0) / 20) })
        for width in [40, 80, 123] {
            let style = ChartStyle(width: width, unicode: true)
            let lines = LineChart(title: "t", xLabel: "x", series: [series]).lines(style)
                + HeatMap(title: "h", rowLabels: ["a"], values: [(0..<500).map { Double($0) + 1 }], xs: (0..<500).map(Double.init),
                          xLabel: "x").lines(style)
            for line in lines { XCTAssertLessThanOrEqual(line.count, width, line) }
        }
    }
}
