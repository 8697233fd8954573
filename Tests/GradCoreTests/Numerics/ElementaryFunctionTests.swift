import Foundation
import XCTest

@testable import GradCore

/// grad's own elementary functions against 400-bit references (`scripts/numerics/elementary_reference.py`
/// wrote the table), and their exact answers at the edges.
final class ElementaryFunctionTests: XCTestCase {
    /// The bound each function is held to, in ulps of the true value (GradMath's table states them).
    private static let bounds: [String: Double] = [
        "exp": 0.7, "expm1": 1.4, "tanh": 2.2, "sigmoid": 1.6, "log": 0.52, "log1p": 0.52, "log10": 0.52,
        "sin": 0.7, "cos": 0.7, "erf": 7.5, "pow": 1,
    ]

    private static func evaluate(_ name: String, _ arguments: [Double]) -> Double {
        let x = arguments[0]
        switch name {
        case "exp": return GradMath.exp(x)
        case "expm1": return GradMath.expMinusOne(x)
        case "tanh": return GradMath.tanh(x)
        case "sigmoid": return GradMath.sigmoid(x)
        case "log": return GradMath.log(x)
        case "log1p": return GradMath.log1p(x)
        case "log10": return GradMath.log10(x)
        case "sin": return GradMath.sin(x)
        case "cos": return GradMath.cos(x)
        case "erf": return GradMath.erf(x)
        case "pow": return GradMath.pow(x, arguments[1])
        default: preconditionFailure("no function \(name)")
        }
    }

    /// Error of `computed` against the reference hi + lo, in ulps of hi (subnormal ulps below the normals).
    private static func ulps(_ computed: Double, hi: Double, lo: Double) -> Double {
        if computed == hi && lo == 0 { return 0 }
        let ulp = max(hi.ulp, Double.leastNonzeroMagnitude)
        return abs((computed - hi) - lo) / ulp
    }

    func testEveryFunctionStaysWithinItsStatedErrorAgainstTheReference() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("elementary_reference.tsv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        var worst: [String: (error: Double, arguments: [Double])] = [:]
        var counts: [String: Int] = [:]
        for line in lines {
            let fields = line.split(separator: "\t").map(String.init)
            let arguments = fields[1].split(separator: ",").map { Double(String($0))! }
            let hi = Double(fields[2])!, lo = Double(fields[3])!
            let error = Self.ulps(Self.evaluate(fields[0], arguments), hi: hi, lo: lo)
            counts[fields[0], default: 0] += 1
            if error > worst[fields[0]]?.error ?? -1 { worst[fields[0]] = (error, arguments) }
        }
        XCTAssertEqual(Set(counts.keys), Set(Self.bounds.keys))
        for (name, bound) in Self.bounds.sorted(by: { $0.key < $1.key }) {
            let (error, arguments) = worst[name] ?? (.infinity, [])
            print("\(name): \(counts[name] ?? 0) arguments, max error \(String(format: "%.3f", error)) ulp at \(arguments)")
            XCTAssertLessThanOrEqual(error, bound, "\(name) at \(arguments)")
        }
    }

    func testExactAnswersAtTheEdges() {
        let nan = Double.nan, inf = Double.infinity
        XCTAssertEqual(GradMath.exp(0), 1)
        XCTAssertEqual(GradMath.exp(-inf), 0)
        XCTAssertEqual(GradMath.exp(inf), inf)
        XCTAssertTrue(GradMath.exp(nan).isNaN)
        XCTAssertEqual(GradMath.exp(709.782712893384), 0x1.fffffffffff2ap1023)  // the last finite result
        XCTAssertEqual(GradMath.exp(709.7827128933841), inf)
        XCTAssertEqual(GradMath.exp(-745.1332191019411), Double.leastNonzeroMagnitude)
        XCTAssertEqual(GradMath.exp(-745.2), 0)
        XCTAssertEqual(GradMath.expMinusOne(0).sign, .plus)
        XCTAssertEqual(GradMath.expMinusOne(-0.0).sign, .minus)
        XCTAssertEqual(GradMath.expMinusOne(-inf), -1)
        XCTAssertEqual(GradMath.expMinusOne(inf), inf)
        XCTAssertEqual(GradMath.tanh(-0.0).sign, .minus)
        XCTAssertEqual(GradMath.tanh(inf), 1)
        XCTAssertEqual(GradMath.tanh(-inf), -1)
        XCTAssertTrue(GradMath.tanh(nan).isNaN)
        XCTAssertEqual(GradMath.sigmoid(-inf), 0)
        XCTAssertEqual(GradMath.sigmoid(inf), 1)
        XCTAssertEqual(GradMath.log(1), 0)
        XCTAssertEqual(GradMath.log(0), -inf)
        XCTAssertEqual(GradMath.log(-0.0), -inf)
        XCTAssertTrue(GradMath.log(-1).isNaN)
        XCTAssertEqual(GradMath.log(inf), inf)
        XCTAssertEqual(GradMath.log(Double.leastNonzeroMagnitude), -744.4400719213812)
        XCTAssertEqual(GradMath.log1p(-1), -inf)
        XCTAssertEqual(GradMath.log1p(-0.0).sign, .minus)
        XCTAssertTrue(GradMath.log1p(-2).isNaN)
        for n in 0...22 { XCTAssertEqual(GradMath.log10(GradMath.pow(10, Double(n))), Double(n), "10^\(n)") }
        XCTAssertEqual(GradMath.sin(-0.0).sign, .minus)
        XCTAssertEqual(GradMath.cos(0), 1)
        XCTAssertTrue(GradMath.sin(inf).isNaN)
        XCTAssertTrue(GradMath.cos(-inf).isNaN)
        XCTAssertEqual(GradMath.erf(-0.0).sign, .minus)
        XCTAssertEqual(GradMath.erf(inf), 1)
        XCTAssertEqual(GradMath.erf(-inf), -1)
    }

    func testPowerFollowsC99SpecialCases() {
        let nan = Double.nan, inf = Double.infinity
        XCTAssertEqual(GradMath.pow(nan, 0), 1)
        XCTAssertEqual(GradMath.pow(1, nan), 1)
        XCTAssertTrue(GradMath.pow(nan, 1).isNaN)
        XCTAssertEqual(GradMath.pow(-1, inf), 1)
        XCTAssertEqual(GradMath.pow(0.5, -inf), inf)
        XCTAssertEqual(GradMath.pow(2, -inf), 0)
        XCTAssertEqual(GradMath.pow(-0.0, -3), -inf)
        XCTAssertEqual(GradMath.pow(-0.0, -2), inf)
        XCTAssertEqual(GradMath.pow(-0.0, 3).sign, .minus)
        XCTAssertEqual(GradMath.pow(-inf, 3), -inf)
        XCTAssertEqual(GradMath.pow(-inf, -3).sign, .minus)
        XCTAssertEqual(GradMath.pow(-inf, 2), inf)
        XCTAssertTrue(GradMath.pow(-2, 0.5).isNaN)
        XCTAssertEqual(GradMath.pow(-2, 3), -8)
        XCTAssertEqual(GradMath.pow(2, 1024), inf)
        XCTAssertEqual(GradMath.pow(2, -1074), Double.leastNonzeroMagnitude)
        XCTAssertEqual(GradMath.pow(10, -3), 0.001)
    }
}

extension ElementaryFunctionTests {
    /// Float sigmoid and tanh (`FloatExponentialLanes`) against the Double functions, which are exact to
    /// far below a Float ulp, over every 251st Float bit pattern (both signs, all magnitudes, subnormals
    /// included), with the exact answers at the edges.
    func testFloatLanesStayWithinTheirStatedErrorOverEveryMagnitude() {
        typealias Lanes = FloatExponentialLanes.Lanes
        var worst = (sigmoid: 0.0, tanh: 0.0)
        func ulps(_ computed: Float, _ exact: Double) -> Double {
            let rounded = Float(exact)
            let ulp = Double(max(rounded.magnitude.ulp, Float.leastNonzeroMagnitude))
            return abs(Double(computed) - exact) / ulp
        }
        var batch = Lanes.zero, filled = 0
        func flush() {
            let s = FloatExponentialLanes.sigmoid(batch), t = FloatExponentialLanes.tanh(batch)
            for lane in 0..<filled {
                let x = Double(batch[lane])
                worst.sigmoid = max(worst.sigmoid, ulps(s[lane], GradMath.sigmoid(x)))
                worst.tanh = max(worst.tanh, ulps(t[lane], GradMath.tanh(x)))
            }
            filled = 0
        }
        for bits in stride(from: UInt32(0), to: 0x7f80_0000, by: 251) {
            for sign in [UInt32(0), 0x8000_0000] {
                batch[filled] = Float(bitPattern: bits | sign)
                filled += 1
                if filled == 16 { flush() }
            }
        }
        flush()
        XCTAssertLessThanOrEqual(worst.sigmoid, 2.2, "sigmoid")
        XCTAssertLessThanOrEqual(worst.tanh, 2.5, "tanh")
        print("Float lanes: sigmoid max error \(worst.sigmoid) ulp, tanh \(worst.tanh) ulp")

        var edges = Lanes.zero
        let inputs: [Float] = [0, -0, .infinity, -.infinity, .nan, 200, -200, 1e-30, -1e-30, 88, -88, 20, -20]
        for (lane, x) in inputs.enumerated() { edges[lane] = x }
        let s = FloatExponentialLanes.sigmoid(edges), t = FloatExponentialLanes.tanh(edges)
        XCTAssertEqual([s[0], s[1], s[2], s[3], s[5], s[6]], [0.5, 0.5, 1, 0, 1, 0])
        XCTAssertEqual([t[0], t[2], t[3], t[5], t[6], t[11], t[12]], [0, 1, -1, 1, -1, 1, -1])
        XCTAssertEqual(t[1].bitPattern, (-0 as Float).bitPattern, "tanh(−0) = −0")
        XCTAssertTrue(s[4].isNaN && t[4].isNaN)
        XCTAssertEqual(t[7], 1e-30)
        XCTAssertEqual(t[8], -1e-30)
        XCTAssertEqual(s[10], Float(GradMath.sigmoid(-88)), "the negative tail keeps its relative precision")
    }
}
