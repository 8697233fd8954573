import XCTest
@testable import GradLang
@testable import GradSyntax

/// What the notebook kernel and the language server ask the language: the word and help at a cursor, the
/// completion span, a script's definitions and diagnostics, and UTF-16 positions.
final class EditorSupportTests: XCTestCase {
    func testWordAndHelpAtACursor() {
        let text = "data moons 200\ntrain 5"
        XCTAssertEqual(Inspection.word(in: text, at: 17)?.word, "train")
        XCTAssertEqual(Inspection.word(in: text, at: 17)?.range, 15..<20)
        XCTAssertEqual(Inspection.help(in: text, at: 20)?.topic, "train")  // at the end of the word
        XCTAssertEqual(Inspection.help(in: text, at: 20)?.text, CommandHelp.entry(for: .command(.train)).text)
        XCTAssertNil(Inspection.help(in: text, at: 12))  // on a number
        XCTAssertEqual(Inspection.word(in: "print $depth", at: 8)?.word, "$depth")
    }

    func testCompletionCountsCodePointsAndKnowsWhereTheWordStarts() {
        let text = "print \"𝛁\"; tra"
        XCTAssertEqual(Inspection.completions(in: text, at: 14, variables: []), ["train"])
        XCTAssertEqual(Inspection.completionStart(in: text, at: 14), 11)
        XCTAssertEqual(Inspection.completionStart(in: "net dense 2x8 ", at: 14), 14)
    }

    func testOutlineListsDefinitionsAndFindsTheDef() {
        let outline = DocumentOutline(text: """
            print twice(2)
            def twice(n) {
                let doubled = n * 2
                return doubled
            }
            for i in 1..2 { let inner = i }
            let twice_again = twice(4)
            """, name: "s.grad")
        XCTAssertEqual(outline.diagnostics, [])  // a call before its def is not an unknown command
        XCTAssertEqual(outline.symbols.map(\.name), ["twice", "inner", "twice_again"])
        XCTAssertEqual(outline.symbols[0].children.map(\.name), ["doubled"])
        XCTAssertEqual(outline.definition(of: "twice")?.nameRange.start.line, 2)
        XCTAssertEqual(outline.definition(of: "doubled")?.kind, .variable)
        XCTAssertNil(outline.definition(of: "missing"))
    }

    func testOutlineDiagnosticsAreTheParsersWithIDs() {
        let outline = DocumentOutline(text: "net dense 2x8 rleu\ntrian 5\n", name: "s.grad")
        XCTAssertEqual(outline.diagnostics.map(\.id), [.unknownKeyword, .unknownCommand])
    }

    func testUTF16PositionsRoundTrip() {
        let source = Source(name: "s", text: "a𝛁é b\nxyz")
        XCTAssertEqual(source.utf16Position(of: 2).character, 3)  // after "a𝛁"
        XCTAssertEqual(source.utf16Position(of: 4).character, 5)  // the "b"
        XCTAssertEqual(source.utf16Position(of: 8).line, 1)
        XCTAssertEqual(source.offset(line: 0, utf16Character: 5), 4)
        XCTAssertEqual(source.offset(line: 0, utf16Character: 2), 1)  // inside the surrogate pair: its scalar
        XCTAssertEqual(source.offset(line: 1, utf16Character: 99), 9)  // clamped to the line
        XCTAssertEqual(source.offset(line: 0, utf16Character: 99), 5)  // before the newline
        XCTAssertEqual(source.offset(line: 7, utf16Character: 0), 9)
    }
}
