import XCTest
@testable import GradLang
@testable import GradSyntax

/// Scripting statements and expressions produce the expected AST.
final class ParserScriptingTests: XCTestCase {
    func testLetAndReassignment() {
        XCTAssertEqual(dump("let x = 1\nx = x + 1"), "let x = 1\nset x = (x + 1)")
        XCTAssertEqual(dump("let lr = 0.1; lr lr"), "let lr = 0.1\nlr(lr)")
    }

    func testArithmeticPrecedence() {
        XCTAssertEqual(dump("print 1 + 2 * 3 - 4 / 2 % 3"), "print(((1 + (2 * 3)) - ((4 / 2) % 3)))")
        XCTAssertEqual(dump("print -2 ^ 2"), "print((-(2 ^ 2)))")
        XCTAssertEqual(dump("print 2 ^ 3 ^ 2"), "print((2 ^ (3 ^ 2)))")
        XCTAssertEqual(dump("print 2 ** -1"), "print((2 ^ (-1)))")
        XCTAssertEqual(dump("print (1 + 2) * 3"), "print(((1 + 2) * 3))")
    }

    func testLogicAndComparison() {
        XCTAssertEqual(dump("print not loss < 1 and acc >= 0.9 or nan"),
                       "print((((not (@loss < 1)) and (@acc >= 0.9)) or @nan))")
        XCTAssertEqual(dump("print (1 == 1) != false"), "print(((1 == 1) != false))")
        XCTAssertEqual(dump("print true, false"), "print(true, false)")
    }

    func testListsRangesAndIndexing() {
        XCTAssertEqual(dump("let xs = [1, 2,\n 3,]"), "let xs = [1, 2, 3]")
        XCTAssertEqual(dump("print []"), "print([])")
        XCTAssertEqual(dump("print 1..n+1", knownNames: ["n"]), "print((1..(n + 1)))")
        XCTAssertEqual(dump("print args[0] args[-1]"), "print(@args[0], @args[(-1)])")
        XCTAssertEqual(dump("let xs = [1]; print xs [0]"), "let xs = [1]\nprint(xs, [0])")
    }

    func testArgumentsSplitOnSpacedSigns() {
        XCTAssertEqual(dump("print a -1", knownNames: ["a"]), "print(a, (-1))")
        XCTAssertEqual(dump("print a - 1", knownNames: ["a"]), "print((a - 1))")
        XCTAssertEqual(dump("print a-1", knownNames: ["a"]), "print((a - 1))")
        XCTAssertEqual(dump("let y = a -1", knownNames: ["a"]), "let y = (a - 1)")
    }

    func testCallsOfBuiltinsAndUserFunctions() {
        XCTAssertEqual(dump("print grad(1) grad(-1) log10(x) min(1, 2, 3) round(x, 2) len([1])", knownNames: ["x"]),
                       "print(@grad(1), @grad((-1)), @log10(x), @min(1, 2, 3), @round(x, 2), @len([1]))")
        XCTAssertEqual(dump("def f(a) { return a }\nf(2)"), "def f(a) { return a }\nexpr f(2)")
    }

    func testSessionValuesByBareName() {
        let names = SessionValue.allCases.map(\.rawValue)
        XCTAssertEqual(dump("print " + names.joined(separator: " ")), "print(" + names.map { "@" + $0 }.joined(separator: ", ") + ")")
    }

    func testForIfDef() {
        XCTAssertEqual(dump("""
        for d in [5, 10] {
          net dense ${d}x32 relu
          train 2
        }
        """), "for d in [5, 10] { net(dx32, act: relu); train(2, epochs) }")
        XCTAssertEqual(dump("for i in 1..3 { print i }"), "for i in (1..3) { print(i) }")
        XCTAssertEqual(dump("if acc > 0.9 { print \"ok\" }"), "if (@acc > 0.9) { print(\"ok\") }")
        XCTAssertEqual(dump("if x { print 1 } else if y { print 2 } else { print 3 }", knownNames: ["x", "y"]),
                       "if x { print(1) } else { if y { print(2) } else { print(3) } }")
        XCTAssertEqual(dump("if x {\n print 1\n}\nelse {\n print 2\n}", knownNames: ["x"]),
                       "if x { print(1) } else { print(2) }")
        XCTAssertEqual(dump("def add(a, b) {\n  let c = a + b\n  return c\n}\nprint add(1, 2)"),
                       "def add(a, b) { let c = (a + b); return c }\nprint(add(1, 2))")
        XCTAssertEqual(dump("def hello() { print \"hi\"; return }"), "def hello() { print(\"hi\"); return }")
    }

    func testIncludePrintAssertExpect() {
        XCTAssertEqual(dump("include \"setup.grad\""), "include \"setup.grad\"")
        XCTAssertEqual(dump("print"), "print()")
        XCTAssertEqual(dump("print \"loss\", loss"), "print(\"loss\", @loss)")
        XCTAssertEqual(dump("assert acc > 0.5"), "assert((@acc > 0.5))")
        XCTAssertEqual(dump("assert acc > 0.5 \"learns\""), "assert((@acc > 0.5), \"learns\")")
        XCTAssertEqual(dump("expect gradratio < 10 \"balanced\" points 2"),
                       "expect((@gradratio < 10), \"balanced\", points: 2)")
        XCTAssertEqual(dump("expect nan == false points 1 \"finite\""),
                       "expect((@nan == false), \"finite\", points: 1)")
        XCTAssertEqual(dump("expect acc > 0.5"), "expect((@acc > 0.5))")
    }

    func testExpectVisibilityAndLeaderboard() {
        XCTAssertEqual(dump("expect acc > 0.5 \"learns\" points 2 hidden"),
                       "expect((@acc > 0.5), \"learns\", points: 2, hidden)")
        XCTAssertEqual(dump("expect acc > 0.5 after_published points 1"),
                       "expect((@acc > 0.5), points: 1, after_published)")
        XCTAssertEqual(dump("expect acc > 0.5 visible"), "expect((@acc > 0.5))", "visible is the default")
        XCTAssertEqual(diagnosticIDs("expect acc > 0.5 hidden after_due_date"), [.conflictingOption])
        XCTAssertEqual(diagnosticIDs("expect acc > 0.5 hiden"), [.unknownKeyword])
        XCTAssertEqual(dump("leaderboard \"accuracy\" test_acc"), "leaderboard(\"accuracy\", @test_acc, desc)")
        XCTAssertEqual(dump("leaderboard \"loss\" loss asc"), "leaderboard(\"loss\", @loss, asc)")
        XCTAssertEqual(diagnosticIDs("leaderboard \"loss\""), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("leaderboard \"loss\" loss up"), [.unknownKeyword])
    }

    func testStringInterpolation() {
        XCTAssertEqual(dump(#"print "depth $d: ${grad(1) / grad(-1)}""#, knownNames: ["d"]),
                       #"print("depth ${d}: ${(@grad(1) / @grad((-1)))}")"#)
        XCTAssertEqual(dump(#"print "${"nested ${1 + 1}"}""#), #"print("${"nested ${(1 + 1)}"}")"#)
        XCTAssertEqual(dump(#"print "$loss""#), #"print("${@loss}")"#)
    }

    func testExpressionStatements() {
        XCTAssertEqual(dump("x", knownNames: ["x"]), "expr x")
        XCTAssertEqual(dump("gradratio"), "expr @gradratio")
        XCTAssertEqual(dump("1 + 2"), "expr (1 + 2)")
        XCTAssertEqual(dump("let t = 1\nt * 2"), "let t = 1\nexpr (t * 2)")
    }

    func testSeparatorsAndComments() {
        XCTAssertEqual(dump("seed 1; seed 2 # two\n\n;; seed 3"), "seed(1)\nseed(2)\nseed(3)")
        XCTAssertEqual(dump(""), "")
        XCTAssertEqual(dump("# only a comment"), "")
    }

    func testRangesOfNodes() throws {
        let (program, _) = Parser.parse("let total = grad(1) + 2", name: "r.grad")
        guard case .letBinding(let name, let value, let range) = try XCTUnwrap(program.statements.first),
              case .binary(_, let lhs, _, _) = value else {
            return XCTFail("unexpected AST")
        }
        XCTAssertEqual(name.range.start.column, 5)
        XCTAssertEqual(name.range.length, 5)
        XCTAssertEqual(lhs.range.start.column, 13)
        XCTAssertEqual(lhs.range.length, 7)
        XCTAssertEqual(value.range.length, 11)
        XCTAssertEqual(range.start.column, 1)
        XCTAssertEqual(range.end.column, 24)
        XCTAssertEqual(range.file, "r.grad")
    }

    func testParenthesesWidenTheRange() throws {
        let (program, _) = Parser.parse("print (a)", name: "r", knownNames: ["a"])
        guard case .print(let items, _) = try XCTUnwrap(program.statements.first) else { return XCTFail() }
        XCTAssertEqual(items[0].range.start.column, 7)
        XCTAssertEqual(items[0].range.length, 3)
    }
}
