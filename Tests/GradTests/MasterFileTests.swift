import GradREPL
import XCTest

/// A master file splits into starter, solution, public tests and all tests: markers pair up, the solution
/// is the master without its markup, the starter replaces each solution region, and hidden tests leave
/// only their points in the public tests.
final class MasterFileTests: XCTestCase {
    private static let master = """
        # Make it learn.
        seed 1
        data moons 200
        # BEGIN SOLUTION
        # ReLU keeps the gradient.
        net dense 3x8 relu init he
        # END SOLUTION
        # BEGIN STARTER
        # # TODO: fix the activation.
        # net dense 3x8 sigmoid
        # END STARTER
        optim adam lr 0.02  # SOLUTION
        def twice(x) {
            # BEGIN SOLUTION
            return 2 * x
            # END SOLUTION
        }
        train 10
        # BEGIN TESTS
        expect acc > 0.8 "learns" points 2
        expect twice(2) == 4 "twice doubles" points 3 hidden
            expect layers == 4 "four layers" after_published
        # END TESTS

        """

    func testEachFileGetsItsLines() throws {
        let files = try MasterFile.split(Self.master, name: "hw.grad")
        XCTAssertEqual(files.solution, """
            # Make it learn.
            seed 1
            data moons 200
            # ReLU keeps the gradient.
            net dense 3x8 relu init he
            optim adam lr 0.02
            def twice(x) {
                return 2 * x
            }
            train 10

            """)
        XCTAssertEqual(files.starter, """
            # Make it learn.
            seed 1
            data moons 200
            # TODO: fix the activation.
            net dense 3x8 sigmoid
            # TODO: write your solution here
            def twice(x) {
                # TODO: write your solution here
            }
            train 10

            """)
        XCTAssertEqual(files.tests, """
            expect acc > 0.8 "learns" points 2
            expect twice(2) == 4 "twice doubles" points 3 hidden
                expect layers == 4 "four layers" after_published

            """)
        XCTAssertEqual(files.publicTests, """
            expect acc > 0.8 "learns" points 2
            expect false "hidden test 1" points 3 hidden  # graded by the autograder
                expect false "hidden test 2" points 1 after_published  # graded by the autograder

            """)
    }

    func testTheSolutionIsTheMasterWithoutItsMarkupAndTheStarterHasNoneOfItsCode() throws {
        let files = try MasterFile.split(Self.master, name: "hw.grad")
        let lines = Self.master.split(separator: "\n").map(String.init)
        let testsStart = try XCTUnwrap(lines.firstIndex(of: "# BEGIN TESTS"))
        var starterOnly = false
        var expected: [String] = []
        for line in lines[..<testsStart] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "# BEGIN STARTER" { starterOnly = true }
            if trimmed.hasPrefix("# BEGIN ") || trimmed.hasPrefix("# END ") || starterOnly {
                if trimmed == "# END STARTER" { starterOnly = false }
                continue
            }
            expected.append(line.replacingOccurrences(of: "  # SOLUTION", with: ""))
        }
        XCTAssertEqual(files.solution, expected.joined(separator: "\n") + "\n")
        for solutionOnly in ["net dense 3x8 relu init he", "optim adam lr 0.02", "return 2 * x"] {
            XCTAssertFalse(files.starter.contains(solutionOnly), solutionOnly)
        }
    }

    func testMarkersThatDoNotPairUpAreErrorsWithTheirLine() {
        func error(_ text: String) -> String {
            do {
                _ = try MasterFile.split(text, name: "hw.grad")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(error("seed 1\n# BEGIN SOLUTION\nnet dense 2x4 relu\n"),
                       "hw.grad:2: error: '# BEGIN SOLUTION' is never closed with '# END SOLUTION'")
        XCTAssertEqual(error("# END TESTS\n"), "hw.grad:1: error: '# END TESTS' without '# BEGIN TESTS'")
        XCTAssertEqual(error("# BEGIN SOLUTION\n# BEGIN TESTS\n"),
                       "hw.grad:2: error: '# BEGIN TESTS' inside the SOLUTION region begun on line 1")
        XCTAssertEqual(error("# BEGIN STARTER\nnet dense 2x4 relu\n# END STARTER\n"),
                       "hw.grad:2: error: a starter line must be commented out in the master file (write '# net dense 2x4 relu')")
        XCTAssertTrue(error("# BEGIN TESTS\nexpect acc > \n# END TESTS\n").contains("the tests have errors"))
    }
}
