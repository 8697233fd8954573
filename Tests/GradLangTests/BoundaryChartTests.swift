import XCTest
@testable import GradLang

/// The boundary pictures are pure functions from a grid of numbers to lines: these pin exact small grids.
final class BoundaryChartTests: XCTestCase {
    let ascii = ChartStyle(width: 40)
    let unicode = ChartStyle(width: 40, unicode: true)

    /// 6 × 3 cells over [-1, 1]²: class 0 on the left, class 1 on the right, a diagonal between.
    let grid = BoundaryGrid(columns: 6, rows: 3, xRange: -1...1, yRange: -1...1)
    var regions: BoundaryCells {
        .classes(predicted: [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1],
                 confidence: [0.9, 0.9, 0.6, 0.6, 0.9, 0.9, 0.9, 0.6, 0.6, 0.9, 0.9, 0.9, 0.6, 0.6, 0.9, 0.9, 0.9, 0.9],
                 classes: ["class 0", "class 1"])
    }
    let points = [
        BoundaryPoint(x: -0.9, y: 0.9, label: 0, isTest: false),
        BoundaryPoint(x: 0.9, y: 0.9, label: 0, isTest: false),
        BoundaryPoint(x: 0.9, y: -0.9, label: 1, isTest: true),
    ]

    func testDecisionRegionsWithTrainAndTestPoints() {
        let map = BoundaryMap(title: "regions", grid: grid, cells: regions, points: points, xName: "x1", yName: "x2")
        assertLines(map.lines(ascii), [
            "regions",
            " 1 +A..--A",
            " 0 +..----",
            "-1 +.----b",
            "   +------",
            "    -1 0 1",
            "    . A a class 0   - B b class 1",
            "    (region, train, test)   x: x1, y: x2",
        ])
        assertLines(map.lines(unicode), [
            "regions",
            " 1 ┤●··--●",
            " 0 ┤··----",
            "-1 ┤·----◇",
            "   └──────",
            "    -1 0 1",
            "    · ● ○ class 0   - ◆ ◇ class 1",
            "    (region, train, test)   x: x1, y: x2",
        ])
    }

    func testColourDimsTheCellsTheNetworkIsUnsureOf() {
        let style = ChartStyle(width: 40, color: true)
        XCTAssertEqual(style.regionCell(1, sure: true), "\u{1B}[33m-\u{1B}[0m")
        XCTAssertEqual(style.regionCell(1, sure: false), "\u{1B}[2;33m-\u{1B}[0m")
        XCTAssertEqual(style.pointCell(0, test: true), "\u{1B}[1;36ma\u{1B}[0m")
        XCTAssertTrue(BoundaryCells.isSure(0.75, classes: 2))
        XCTAssertFalse(BoundaryCells.isSure(0.74, classes: 2))
        XCTAssertTrue(BoundaryCells.isSure(0.67, classes: 3))
    }

    func testPointsAreThinnedSoRegionsStayVisible() {
        let dense = (0..<40).map { BoundaryPoint(x: -0.95 + Double($0) * 0.05, y: 0.9, label: 0, isTest: false) }
        let lines = BoundaryMap(title: "dense", grid: grid, cells: regions, points: dense).lines(ascii)
        XCTAssertTrue(lines.contains { $0.contains("every 10th point shown") }, lines.joined(separator: "\n"))
    }

    func testAUnitPictureSaysWhenItIsFlat() {
        let dead = BoundaryMap(title: "dead", grid: BoundaryGrid(columns: 4, rows: 2, xRange: 0...2, yRange: 0...1),
                               cells: .values([0, 0, 0, 0, 0, 0, 0, 0], low: 0, high: 0))
        assertLines(dead.lines(ascii), [
            "dead",
            "  1 +++++",
            "  0 +++++",
            "    +----",
            "     0 1",
            "     shade: 0 [ .:-=+*#%@] 0   x: x, y:",
            "     y",
            "     flat: all values within 0..0",
        ])
        let saturated = BoundaryCells.values([0.995, 0.996, 0.997, 0.998, 0.999, 0.999, 1, 1], low: 0, high: 1)
        let lines = BoundaryMap(title: "sat", grid: BoundaryGrid(columns: 4, rows: 2, xRange: 0...2, yRange: 0...1), cells: saturated)
            .lines(ascii)
        XCTAssertEqual(lines.last, "     flat: all values within 0.995..1")
        let ramp = BoundaryCells.values([-1, -0.5, 0, 0.5, 1, 0.75, 0.25, -0.25], low: -1, high: 1)
        assertLines(BoundaryMap(title: "tanh", grid: BoundaryGrid(columns: 4, rows: 2, xRange: 0...2, yRange: 0...1), cells: ramp)
            .lines(unicode), [
                "tanh",
                "  1 ┤ ·▒▓",
                "  0 ┤█▓▒░",
                "    └────",
                "     0 1",
                "     shade: -1 [ ·░▒▓█] 1   x: x, y: y",
                "     values -1…1",
            ])
    }

    func testSnapshotPanelsSideBySide() {
        let wide = BoundaryGrid(columns: 24, rows: 4, xRange: -1...1, yRange: -1...1)
        let early = BoundaryCells.classes(predicted: Array(repeating: 0, count: 96), confidence: Array(repeating: 0.5, count: 96),
                                          classes: ["a", "b"])
        let late = BoundaryCells.classes(predicted: (0..<96).map { $0 % 24 < 12 ? 0 : 1 }, confidence: Array(repeating: 1, count: 96),
                                         classes: ["a", "b"])
        let panels = BoundaryPanels(title: "over time", panels: [
            BoundaryPanels.Panel(caption: "step 0", grid: wide, cells: early),
            BoundaryPanels.Panel(caption: "step 100", grid: wide, cells: late),
        ])
        assertLines(panels.lines(ascii), [
            "over time",
            "step 0               step 100",
            "...................  .........----------",
            "...................  .........----------",
            "...................  .........----------",
            ". a   - b   x -1..1, y -1..1",
        ])
        assertLines(BoundaryPanels(title: "none", panels: []).lines(ascii), ["none", "  (nothing captured yet)"])
    }

    func testGridGeometry() {
        for (actual, expected) in zip(grid.centres.prefix(4), [-5.0 / 6, 2.0 / 3, -0.5, 2.0 / 3]) {
            XCTAssertEqual(actual, expected, accuracy: 1e-12)
        }
        XCTAssertEqual(grid.cell(x: -1, y: 1), 0)
        XCTAssertEqual(grid.cell(x: 1, y: -1), 17)
        XCTAssertEqual(grid.cell(x: 0.01, y: 0.01), 9)
        XCTAssertNil(grid.cell(x: 1.5, y: 0))
        XCTAssertEqual(grid.sampling(columns: 3, rows: 1), [7, 9, 11])
        let extent = BoundaryGrid.extent(of: [0, 0, 10, 2, 5, 1])
        XCTAssertEqual(extent.x, -0.5...10.5)
        XCTAssertEqual(extent.y, -0.1...2.1)
        XCTAssertEqual(BoundaryGrid.extent(of: [3, 3]).x, 2.5...3.5, "a single point still gets a plane")
        // Terminal cells are twice as tall as wide: a square plane 60 columns wide is 30 rows.
        XCTAssertEqual(BoundaryGrid.sized(columns: 60, cellAspect: 2, maxRows: 40, xRange: 0...1, yRange: 0...1).rows, 30)
        let capped = BoundaryGrid.sized(columns: 60, cellAspect: 2, maxRows: 10, xRange: 0...1, yRange: 0...1)
        XCTAssertEqual([capped.columns, capped.rows], [20, 10], "capped rows narrow the picture instead of stretching it")
        XCTAssertEqual(BoundaryMap.roundMiddle(-1.31...1.32), 0)
        XCTAssertEqual(BoundaryMap.roundMiddle(2...12), 7)
    }
}
