import Foundation
import GradSyntax

/// The rectangle of raw input space a boundary picture covers, cut into cells; the network is evaluated
/// at each cell's centre. Cells are row-major with row 0 at the top (largest y), as pictures are drawn.
public struct BoundaryGrid: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>

    /// Creates a grid of at least one cell.
    public init(columns: Int, rows: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        self.xRange = xRange
        self.yRange = yRange
    }

    /// A grid over `xRange` × `yRange` that is `columns` wide and keeps the data's aspect ratio for cells
    /// `cellAspect` times as tall as wide (2 for terminal characters, 1 for SVG squares), with at most
    /// `maxRows` rows (fewer columns then, so the picture is not stretched).
    public static func sized(columns: Int, cellAspect: Double, maxRows: Int,
                             xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) -> BoundaryGrid {
        var aspect = (yRange.upperBound - yRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
        // Spans that overflow (data near ±1e308) or vanish give no usable ratio: draw such a plane square.
        if !(aspect.isFinite && aspect > 0) { aspect = 1 }
        var width = max(columns, 1)
        // Clamped before the conversion to Int, which would trap on an astronomically tall plane.
        var rows = Int(min((Double(width) * aspect / cellAspect).rounded(), Double(maxRows) + 1))
        if rows > maxRows {
            rows = maxRows
            width = min(width, max(1, Int((Double(maxRows) * cellAspect / aspect).rounded())))
        }
        return BoundaryGrid(columns: width, rows: max(rows, 2), xRange: xRange, yRange: yRange)
    }

    /// The smallest rectangle around row-major (x, y) `points` plus `margin` of each span on every side;
    /// a span of zero widens to 1 so a single point still gets a plane around it.
    public static func extent(of points: [Double], margin: Double = 0.05) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        func range(_ values: some Sequence<Double>) -> ClosedRange<Double> {
            let finite = values.filter(\.isFinite)
            let low = finite.min() ?? -1, high = finite.max() ?? 1
            let pad = high > low ? (high - low) * margin : 0.5
            return (low - pad)...(high + pad)
        }
        let xs = stride(from: 0, to: points.count - 1, by: 2).lazy.map { points[$0] }
        let ys = stride(from: 1, to: points.count, by: 2).lazy.map { points[$0] }
        return (range(xs), range(ys))
    }

    /// Cells in the grid.
    public var count: Int { columns * rows }

    /// The raw (x, y) at the centre of each cell, row-major from the top row: what the network is fed.
    public var centres: [Double] {
        var points: [Double] = []
        points.reserveCapacity(2 * count)
        for row in 0..<rows {
            for column in 0..<columns { points += [x(ofColumn: column), y(ofRow: row)] }
        }
        return points
    }

    /// The x at the centre of `column`.
    public func x(ofColumn column: Int) -> Double {
        xRange.lowerBound + (Double(column) + 0.5) / Double(columns) * (xRange.upperBound - xRange.lowerBound)
    }

    /// The y at the centre of `row` (row 0 is the top).
    public func y(ofRow row: Int) -> Double {
        yRange.upperBound - (Double(row) + 0.5) / Double(rows) * (yRange.upperBound - yRange.lowerBound)
    }

    /// The index of the cell holding the raw point (x, y), or nil outside the rectangle.
    public func cell(x: Double, y: Double) -> Int? {
        let u = (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
        let v = (yRange.upperBound - y) / (yRange.upperBound - yRange.lowerBound)
        guard u >= 0, u <= 1, v >= 0, v <= 1 else { return nil }
        let column = min(Int(u * Double(columns)), columns - 1), row = min(Int(v * Double(rows)), rows - 1)
        return row * columns + column
    }

    /// For each cell of a `columns × rows` grid over the same rectangle, the index of the cell of this
    /// grid under its centre: how a small panel samples a finer picture.
    public func sampling(columns newColumns: Int, rows newRows: Int) -> [Int] {
        (0..<newRows).flatMap { row in
            (0..<newColumns).map { column in
                let sourceRow = min(rows - 1, Int((Double(row) + 0.5) * Double(rows) / Double(newRows)))
                let sourceColumn = min(columns - 1, Int((Double(column) + 0.5) * Double(columns) / Double(newColumns)))
                return sourceRow * columns + sourceColumn
            }
        }
    }
}

/// What each cell of a boundary picture shows, row-major as `BoundaryGrid` orders cells.
public enum BoundaryCells: Sendable, Equatable {
    /// The predicted class of each cell and the probability the network gives it; `classes` names every
    /// class in order.
    case classes(predicted: [Int], confidence: [Double], classes: [String])
    /// A value per cell (a regression output or one unit's activation), shaded from `low` to `high`.
    case values([Double], low: Double, high: Double)

    /// The same cells picked by `indices` (see `BoundaryGrid.sampling`).
    func sampled(_ indices: [Int]) -> BoundaryCells {
        switch self {
        case .classes(let predicted, let confidence, let classes):
            .classes(predicted: indices.map { predicted[$0] }, confidence: indices.map { confidence[$0] }, classes: classes)
        case .values(let values, let low, let high):
            .values(indices.map { values[$0] }, low: low, high: high)
        }
    }
}

/// A data point drawn over a boundary picture, in raw coordinates.
public struct BoundaryPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// The point's class; nil for regression data.
    public var label: Int?
    /// Whether it is a test row (drawn hollow or in lower case).
    public var isTest: Bool

    /// Creates a point.
    public init(x: Double, y: Double, label: Int?, isTest: Bool) {
        self.x = x
        self.y = y
        self.label = label
        self.isTest = isTest
    }
}
