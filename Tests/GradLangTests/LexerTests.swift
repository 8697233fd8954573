import XCTest
@testable import GradLang
@testable import GradSyntax

final class LexerTests: XCTestCase {
    func testNumbers() {
        XCTAssertEqual(tokenKinds("42 0.5 1e-3 2.5E+2 7e"), [
            .number(42), .number(0.5), .number(0.001), .number(250), .number(7), .identifier("e"),
        ])
    }

    func testRangeIsNotADecimalPoint() {
        XCTAssertEqual(tokenKinds("1..5"), [.number(1), .dotDot, .number(5)])
    }

    func testNegativeNumbersAreAnOperatorAndANumber() {
        XCTAssertEqual(tokenKinds("-0.5"), [.minus, .number(0.5)])
    }

    func testShapeWordsLexAsAdjacentTokens() {
        let (tokens, diagnostics) = Lexer.tokenize(Source(name: "t", text: "20x64 64-32-16"))
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(tokens.map(\.kind), [
            .number(20), .identifier("x64"), .number(64), .minus, .number(32), .minus, .number(16), .endOfInput,
        ])
        XCTAssertTrue(tokens[0].isAdjacent(to: tokens[1]))
        XCTAssertFalse(tokens[1].isAdjacent(to: tokens[2]))
        XCTAssertTrue(tokens[3].isAdjacent(to: tokens[4]))
    }

    func testOperatorsAndPunctuation() {
        XCTAssertEqual(tokenKinds("{ } ( ) [ ] , ; = == != < <= > >= + - * / % ^ **"), [
            .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .semicolon,
            .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual,
            .plus, .minus, .star, .slash, .percent, .caret, .caret,
        ])
    }

    func testTwoCharacterOperatorsCoverBothCharacters() {
        let (tokens, _) = Lexer.tokenize(Source(name: "t", text: "a==b<=c>=d**e"))
        XCTAssertEqual(tokens.map(\.text), ["a", "==", "b", "<=", "c", ">=", "d", "**", "e", ""])
        XCTAssertTrue(zip(tokens, tokens.dropFirst()).dropLast().allSatisfy { $0.isAdjacent(to: $1) })
    }

    func testIdentifiersKeepUnderscoresAndDigits() {
        XCTAssertEqual(tokenKinds("fan_in test_acc x2"), [
            .identifier("fan_in"), .identifier("test_acc"), .identifier("x2"),
        ])
    }

    func testCommentsAndNewlines() {
        XCTAssertEqual(tokenKinds("seed 1 # the seed\n\ntrain 2"), [
            .identifier("seed"), .number(1), .newline, .newline, .identifier("train"), .number(2),
        ])
    }

    func testBackslashNewlineContinuesTheLine() {
        XCTAssertEqual(tokenKinds("train \\\n 5"), [.identifier("train"), .number(5)])
    }

    func testDollarForms() {
        XCTAssertEqual(tokenKinds("$depth ${"), [.dollarIdentifier("depth"), .dollarBrace])
    }

    func testStringEscapes() throws {
        let kinds = tokenKinds(#""a\n\t\"\\\$b""#)
        guard case .string(let parts, terminated: true) = try XCTUnwrap(kinds.first) else {
            return XCTFail("expected a string, got \(kinds)")
        }
        guard case .text(let text, _) = try XCTUnwrap(parts.first) else { return XCTFail("expected text") }
        XCTAssertEqual(text, "a\n\t\"\\$b")
    }

    func testStringInterpolationParts() throws {
        let kinds = tokenKinds(#""loss $loss at ${epoch + 1}!""#)
        guard case .string(let parts, terminated: true) = try XCTUnwrap(kinds.first) else {
            return XCTFail("expected a string")
        }
        XCTAssertEqual(parts.count, 5)
        guard case .variable("loss", let range) = parts[1] else { return XCTFail("expected $loss, got \(parts[1])") }
        XCTAssertEqual(range.start.column, 7)
        XCTAssertEqual(range.length, 5)
        guard case .interpolation(let tokens, _) = parts[3] else { return XCTFail("expected ${...}") }
        XCTAssertEqual(tokens.map(\.kind), [.identifier("epoch"), .plus, .number(1), .endOfInput])
    }

    func testNestedStringInsideInterpolation() throws {
        let (tokens, diagnostics) = Lexer.tokenize(Source(name: "t", text: #""a ${f("}")} b""#))
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(tokens.count, 2)
    }

    func testDollarWithoutNameInStringIsLiteral() throws {
        guard case .string(let parts, true) = try XCTUnwrap(tokenKinds(#""costs $5""#).first),
              case .text(let text, _) = try XCTUnwrap(parts.first) else {
            return XCTFail("expected a plain string")
        }
        XCTAssertEqual(text, "costs $5")
    }

    func testUnterminatedStringIsReportedAtTheOpeningQuoteAndEndsWithItsLine() {
        let (tokens, diagnostics) = Lexer.tokenize(Source(name: "t", text: "print \"abc\nmore"))
        XCTAssertEqual(diagnostics.map(\.id), [.unterminatedString])
        XCTAssertEqual(diagnostics[0].range.start.column, 7)
        XCTAssertEqual(diagnostics[0].range.length, 1)
        // The next line is lexed on its own: print, the open string, newline, more, end.
        XCTAssertEqual(tokens.count, 5)
        XCTAssertEqual(tokens[3].kind, .identifier("more"))
    }

    func testATripleQuotedStringSpansLines() {
        let (tokens, diagnostics) = Lexer.tokenize(Source(name: "t", text: "print \"\"\"a \"quoted\"\nline $x\"\"\" 1"))
        XCTAssertEqual(diagnostics, [])
        guard case .string(let parts, true) = tokens[1].kind, case .text(let text, _) = parts.first else {
            return XCTFail("\(tokens)")
        }
        XCTAssertEqual(text, "a \"quoted\"\nline ")
        XCTAssertEqual(tokens[2].kind, .number(1))
        let (_, open) = Lexer.tokenize(Source(name: "t", text: "print \"\"\"abc\nmore"))
        XCTAssertEqual(open.map(\.id), [.unterminatedMultilineString])
    }

    func testUnterminatedInterpolationIsOneError() {
        let (_, diagnostics) = Lexer.tokenize(Source(name: "t", text: "print \"a ${\"b ${1"))
        XCTAssertEqual(diagnostics.map(\.id), [.unexpectedEndOfInput])
        XCTAssertEqual(diagnostics[0].range.start.column, 7)
    }

    func testInvalidCharactersAndEscapes() {
        let (tokens, diagnostics) = Lexer.tokenize(Source(name: "t", text: "a ! b @ \"\\q\" .5 $ 1e999"))
        XCTAssertEqual(diagnostics.map(\.id), [
            .unexpectedCharacter, .unexpectedCharacter, .invalidEscape, .unexpectedCharacter,
            .unexpectedCharacter, .invalidNumber,
        ])
        XCTAssertEqual(diagnostics.map(\.message), [
            "unexpected character '!'", "unexpected character '@'", "unknown escape '\\q'",
            "unexpected character '.'", "expected a name or '{' after '$'", "number '1e999' is too large",
        ])
        XCTAssertTrue(tokens.contains { $0.kind == .invalid })
    }

    func testLocationsAreOneBasedLinesAndColumns() {
        let (tokens, _) = Lexer.tokenize(Source(name: "f.grad", text: "seed 1\n  train 20"))
        let train = tokens[3]
        XCTAssertEqual(train.kind, .identifier("train"))
        XCTAssertEqual(train.range.start, SourceLocation(file: "f.grad", offset: 9, line: 2, column: 3))
        XCTAssertEqual(train.range.end.column, 8)
        XCTAssertEqual(train.text, "train")
    }

    func testSourceLineLookup() {
        let source = Source(name: "s", text: "one\r\ntwo\n\nfour")
        XCTAssertEqual(source.lineCount, 4)
        XCTAssertEqual(source.lineText(1), "one")
        XCTAssertEqual(source.lineText(2), "two")
        XCTAssertEqual(source.lineText(3), "")
        XCTAssertEqual(source.lineText(4), "four")
        XCTAssertEqual(source.lineText(9), "")
        XCTAssertEqual(source.location(at: 10).line, 4)
        XCTAssertEqual(source.location(at: 10).column, 1)
        XCTAssertEqual(source.location(at: 999).offset, source.scalars.count)
    }
}
