import Foundation
import Plot
import GradSyntax

/// Nodes of the HTML body, where the report's SVG charts live.
typealias BodyNode = Node<HTML.BodyContext>

/// A small SVG vocabulary on top of Plot's nodes, so charts are built from elements rather than strings.
///
/// Plot writes attribute values as given, so every value passes through `escaped` here; text goes in
/// as escaped raw text (Plot's own escaping keeps `&name;` sequences, which user text may contain).
enum SVG {
    /// A chart canvas of `width` × `height` user units that scales to the page width.
    static func canvas(width: Double, height: Double, label: String, _ content: [BodyNode]) -> BodyNode {
        .element(named: "svg", nodes: [
            attribute("xmlns", "http://www.w3.org/2000/svg"),
            attribute("viewBox", "0 0 \(number(width)) \(number(height))"),
            attribute("width", number(width)),
            attribute("height", number(height)),
            attribute("role", "img"),
            attribute("aria-label", label),
        ] + content)
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil) -> BodyNode {
        .element(named: "rect", nodes: [
            attribute("x", number(x)), attribute("y", number(y)),
            attribute("width", number(max(width, 0))), attribute("height", number(max(height, 0))),
            attribute("fill", fill),
        ] + (tooltip.map { [title($0)] } ?? []))
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#999",
                     width: Double = 1, dashed: Bool = false) -> BodyNode {
        .element(named: "line", nodes: [
            attribute("x1", number(x1)), attribute("y1", number(y1)), attribute("x2", number(x2)), attribute("y2", number(y2)),
            attribute("stroke", stroke), attribute("stroke-width", number(width)),
        ] + (dashed ? [attribute("stroke-dasharray", "3 3")] : []))
    }

    static func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5) -> BodyNode {
        .element(named: "polyline", nodes: [
            attribute("points", points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")),
            attribute("fill", "none"), attribute("stroke", stroke), attribute("stroke-width", number(width)),
            attribute("stroke-linejoin", "round"),
        ])
    }

    /// A dot; with `stroke`, outlined in that colour (`fill` "none" makes it hollow).
    static func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil, strokeWidth: Double = 1.2) -> BodyNode {
        .element(named: "circle", nodes: [
            attribute("cx", number(x)), attribute("cy", number(y)), attribute("r", number(radius)), attribute("fill", fill),
        ] + (stroke.map { [attribute("stroke", $0), attribute("stroke-width", String(strokeWidth))] } ?? []))
    }

    /// Text anchored at (x, y): `start`, `middle` or `end`.
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Double = 11,
                     fill: String = "#333") -> BodyNode {
        .element(named: "text", nodes: [
            attribute("x", number(x)), attribute("y", number(y)), attribute("text-anchor", anchor),
            attribute("font-size", number(size)), attribute("fill", fill), .raw(escaped(content)),
        ])
    }

    /// A tooltip for its parent element.
    static func title(_ content: String) -> BodyNode {
        .element(named: "title", nodes: [.raw(escaped(content))])
    }

    static func attribute(_ name: String, _ value: String) -> BodyNode {
        .attribute(named: name, value: escaped(value), ignoreIfValueIsEmpty: false)
    }

    /// A coordinate with one decimal, without a trailing `.0`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    /// `text` with the five XML special characters replaced, safe in text and attribute values.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Series colours, in the order series are given.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    /// `color` (`#rrggbb`) as it looks at `opacity` over a white page, as an opaque colour.
    static func tint(_ color: String, opacity: Double) -> String {
        guard color.count == 7, let value = Int(color.dropFirst(), radix: 16) else { return color }
        let channels = [value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff].map { channel in
            Int((255 - (255 - Double(channel)) * min(max(opacity, 0), 1)).rounded())
        }
        return String(format: "#%02x%02x%02x", channels[0], channels[1], channels[2])
    }

    /// A colour from cold (small) to hot (large) for `fraction` in [0, 1]: dark blue → teal → yellow → red.
    static func heat(_ fraction: Double) -> String {
        let stops: [(Double, Double, Double)] = [(13, 8, 135), (33, 145, 140), (253, 231, 37), (215, 48, 39)]
        let clamped = min(max(fraction.isFinite ? fraction : 0, 0), 1) * Double(stops.count - 1)
        let index = min(Int(clamped), stops.count - 2)
        let t = clamped - Double(index)
        let (a, b) = (stops[index], stops[index + 1])
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
