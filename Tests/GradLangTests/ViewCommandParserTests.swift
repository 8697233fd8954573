import XCTest
@testable import GradLang

/// The grammar of the commands that show a run: `diagnose`, `plot`, `compare`, `sweep`, `report`.
final class ViewCommandParserTests: XCTestCase {
    func testDiagnoseTakesNoArguments() {
        XCTAssertEqual(dump("diagnose"), "diagnose")
        XCTAssertEqual(diagnosticIDs("diagnose now"), [.unexpectedToken])
    }

    func testPlotTargets() {
        XCTAssertEqual(dump("plot loss"), "plot(loss)")
        XCTAssertEqual(dump("plot accuracy"), "plot(acc)")
        XCTAssertEqual(dump("plot grads over time"), "plot(grads, over time)")
        XCTAssertEqual(dump("plot acts; plot gradnorm"), "plot(acts)\nplot(gradnorm)")
    }

    func testPlotMistakes() {
        XCTAssertEqual(diagnosticIDs("plot"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("plot loss over time"), [.optionNotApplicable])
        XCTAssertEqual(diagnosticIDs("plot grads over"), [.missingArgument])
        XCTAssertEqual(rendered("plot grdas"), """
            t.grad:1:6: error: unknown target 'grdas' for 'plot'
            plot grdas
                 ^~~~~
            note: did you mean 'grads'?
            note: see 'help plot'
            """)
    }

    func testPlotKeywordsAreOfferedForCompletion() {
        XCTAssertEqual(CommandWord.plot.keywords, ["loss", "acc", "gradnorm", "grads", "acts"])
        XCTAssertEqual(Completion.candidates(for: "plot grads o", cursor: 12), ["over"])
        XCTAssertEqual(Completion.candidates(for: "plot grads over t", cursor: 17), ["time"])
    }
}
