import Foundation

/// Number formatting shared by every table and message, so the same value always reads the same way.
public enum Format {
    /// Short human form: integers plainly, ordinary magnitudes with up to 4 significant digits, tiny and
    /// huge ones in scientific notation (`1.2e-13`).
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e6 {
            var text = String(format: "%.4g", value)
            if text.contains("e") { text = String(format: "%.3e", value) }
            return text
        }
        return scientific(value)
    }

    /// Always scientific with 2 decimals (`3.41e-05` → `3.41e-5`): for norms spanning many decades.
    public static func scientific(_ value: Double) -> String {
        if value == 0 { return "0" }
        if !value.isFinite { return number(value) }
        let text = String(format: "%.2e", value)
        // Drop the exponent's leading zero and plus sign: 1.20e-05 → 1.20e-5, 3.00e+02 → 3.00e2.
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = text[..<e]
        var exponent = String(text[text.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop(while: { $0 == "-" || $0 == "+" || $0 == "0" }))
        if exponent.isEmpty { exponent = "0" }
        return "\(mantissa)e\(negative ? "-" : "")\(exponent)"
    }

    /// A fraction as a percentage with one decimal.
    public static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? String(format: "%.1f%%", fraction * 100) : number(fraction)
    }

    /// Fixed decimals, for losses; past a million, scientific (a diverging loss of 2.7e13 would otherwise
    /// print as 27123008176074.6758).
    public static func fixed(_ value: Double, _ decimals: Int = 4) -> String {
        guard value.isFinite else { return number(value) }
        return abs(value) < 1e6 ? String(format: "%.\(decimals)f", value) : scientific(value)
    }

    /// The shortest text that reads back as exactly `value` (`0.1`, `1.1028372526168823`, `3`): for
    /// comparing results digit for digit.
    public static func exact(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return value.isFinite ? "\(value)" : number(value)
    }

    /// "1 row", "3 rows": a count with its noun, plural when the count is not 1.
    public static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(value) \(value == 1 ? noun : plural ?? noun + "s")"
    }
}

/// A plain-text table with right-aligned numeric columns.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(_ header: [String]) { self.header = header }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The rendered lines: header, a rule, the rows. The first column is left-aligned, the rest right-aligned.
    public var lines: [String] {
        let columns = header.count
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.prefix(columns).enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func render(_ cells: [String]) -> String {
            cells.prefix(columns).enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return [render(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + rows.map(render)
    }
}

extension String {
    /// The string without the spaces at its end (a table row whose last cells are empty).
    public func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
