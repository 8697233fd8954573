import XCTest
@testable import GradLang
@testable import GradSyntax

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
        XCTAssertEqual(rendered("plot grdas", [.unknownKeyword]), """
            t.grad:1:6: error: unknown target 'grdas' for 'plot'
            plot grdas
                 ^~~~~
            note: did you mean 'grads'?
            note: see 'help plot'
            """)
    }

    func testPlotKeywordsAreOfferedForCompletion() {
        XCTAssertEqual(CommandWord.plot.keywords, ["loss", "acc", "gradnorm", "grads", "acts", "boundary", "time"])
        XCTAssertEqual(Completion.candidates(for: "plot grads o", cursor: 12), ["over"])
        XCTAssertEqual(Completion.candidates(for: "plot grads over t", cursor: 17), ["time"])
        XCTAssertEqual(Completion.candidates(for: "plot boundary ", cursor: 14), ["layer", "unit", "over"])
        XCTAssertEqual(Completion.candidates(for: "show clip ", cursor: 10), ["last", "all"])
        XCTAssertEqual(Completion.candidates(for: "features x", cursor: 10), ["x", "x^2", "x*y"])
    }

    func testPlotBoundaryForms() {
        XCTAssertEqual(dump("plot boundary"), "plot(boundary)")
        XCTAssertEqual(dump("plot boundary layer 3 unit 5"), "plot(boundary, layer: 3, unit: 5)")
        XCTAssertEqual(dump("plot boundary unit n+1 layer 2", knownNames: ["n"]), "plot(boundary, layer: 2, unit: (n + 1))")
        XCTAssertEqual(dump("plot boundary over time"), "plot(boundary, over time)")
    }

    func testPlotBoundaryMistakes() {
        XCTAssertEqual(diagnosticIDs("plot boundary layer 3"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("plot boundary unit 3"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("plot boundary layer"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("plot boundary layer 1 layer 2 unit 1"), [.duplicateOption])
        XCTAssertEqual(diagnosticIDs("plot boundary over"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("plot boundary units 3"), [.unknownKeyword])
        XCTAssertEqual(rendered("plot boundary layer 1 unit 2 over time", [.conflictingOption]), """
            t.grad:1:30: error: 'over time' draws the whole network's regions; it cannot show one unit
            plot boundary layer 1 unit 2 over time
                                         ^~~~
            t.grad:1:15: note: 'layer' given here
            plot boundary layer 1 unit 2 over time
                          ^~~~~
            """)
    }

    func testShowClipRows() {
        XCTAssertEqual(dump("show clip"), "show(clip)")
        XCTAssertEqual(dump("show clip last 20"), "show(clip, last: 20)")
        XCTAssertEqual(dump("show clip all"), "show(clip, all)")
        XCTAssertEqual(diagnosticIDs("show clip last"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("show clip first 3"), [.unknownKeyword])
        XCTAssertEqual(diagnosticIDs("show grads all"), [.unexpectedToken])
    }
}

extension ViewCommandParserTests {
    func testCompareNamesAndTarget() {
        XCTAssertEqual(dump("compare"), "compare")
        XCTAssertEqual(dump("compare tanh relu"), "compare(\"tanh\", \"relu\")")
        XCTAssertEqual(dump("compare \"a b\" c reach 0.5"), "compare(\"a b\", \"c\", reach: 0.5)")
        XCTAssertEqual(diagnosticIDs("compare a reach"), [.missingArgument])
    }

    func testSweepGrid() {
        XCTAssertEqual(dump("sweep act [sigmoid tanh relu] init [xavier he] depth [5 10 20] { train 20 }"),
                       "sweep(act: [\"sigmoid\", \"tanh\", \"relu\"], init: [\"xavier\", \"he\"], depth: [5, 10, 20]) { train(20, epochs) }")
        XCTAssertEqual(dump("sweep lr [0.1, 0.01] {\n  train 1\n  print loss\n}"),
                       "sweep(lr: [0.1, 0.01]) { train(1, epochs); print(@loss) }")
    }

    func testSweepMistakes() {
        XCTAssertEqual(diagnosticIDs("sweep { train 1 }"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("sweep act [relu]"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("sweep act [] { train 1 }"), [.missingArgument])
        XCTAssertEqual(diagnosticIDs("sweep act [relu] act [tanh] { train 1 }"), [.duplicateOption])
        XCTAssertEqual(diagnosticIDs("sweep activation [relu] { train 1 }"), [.unknownKeyword])
        XCTAssertTrue(Parser.isIncomplete("sweep act [relu tanh] {", knownNames: []))
    }
}
