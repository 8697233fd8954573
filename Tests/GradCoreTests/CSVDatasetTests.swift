import Foundation
import GradTestSupport
import XCTest
@testable import GradCore

final class CSVDatasetTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryFolder("grad-csv")
    }

    /// Writes `text` to a temporary file and loads it.
    private func load(_ text: String, name: String = "data.csv", target: String = "t",
                      as kind: CSVTargetKind = .automatic) throws -> Dataset {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try Dataset(csvFile: url.path, target: target, as: kind)
    }

    /// The `DataError` loading `text` throws, with the file shown by its base name for stable messages.
    private func failure(_ text: String, target: String = "t", as kind: CSVTargetKind = .automatic,
                         file: StaticString = #filePath, line: UInt = #line) -> DataError? {
        do {
            _ = try Dataset(csvText: text, fileName: "f.csv", target: target, as: kind)
            XCTFail("expected an error", file: file, line: line)
        } catch let error as DataError {
            return error
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return nil
    }

    func testTextLabelsMakeAClassificationSetWithSortedClassNames() throws {
        let data = try load("x,species,y\n1,b,2\n3,a,4\n5,b,6\n", name: "iris.csv", target: "species")
        XCTAssertEqual(data.name, "iris")
        XCTAssertEqual(data.task, .classification(classes: 2))
        XCTAssertEqual(data.classNames, ["a", "b"])
        XCTAssertEqual(data.targets, [1, 0, 1])
        XCTAssertEqual(data.featureNames, ["x", "y"])
        XCTAssertEqual(data.features, [1, 2, 3, 4, 5, 6])
    }

    func testNumericTargetIsRegressionAndToleratesSpacesBlankLinesAndCRLF() throws {
        let data = try load("a, b ,t\r\n1, 2,0.5\r\n\r\n  \n3,4 ,1.5e0")
        XCTAssertEqual(data.task, .regression(outputs: 1))
        XCTAssertEqual(data.featureNames, ["a", "b"])
        XCTAssertEqual(data.features, [1, 2, 3, 4])
        XCTAssertEqual(data.targets, [0.5, 1.5])
        XCTAssertNil(data.classNames)
    }

    func testByteOrderMarkAndOtherDelimiters() throws {
        let data = try Dataset(csvText: "\u{FEFF}x;t\n1;a\n2;b\n", target: "t", delimiter: ";")
        XCTAssertEqual(data.featureNames, ["x"])
        XCTAssertEqual(data.classNames, ["a", "b"])
        XCTAssertThrowsError(try Dataset(csvText: "x,t\n1,2\n", target: "t", delimiter: "\""))
    }

    func testSmallWholeNumberTargetsLoadAsClassesAndOthersAsValues() throws {
        XCTAssertEqual(try load("x,t\n0,0\n1,1\n2,2\n3,1\n").task, .classification(classes: 3))
        XCTAssertEqual(try load("x,t\n0,0\n1,1\n2,2\n3,1\n", as: .regression).task, .regression(outputs: 1))
        XCTAssertEqual(try load("x,t\n0,0.5\n1,1\n").task, .regression(outputs: 1))
        XCTAssertEqual(try load("x,t\n0,0\n1,25\n").task, .regression(outputs: 1))
        XCTAssertEqual(try load("x,t\n0,1\n1,1\n").task, .regression(outputs: 1), "one value is no set of classes")
    }

    func testNumericLabelsAsClassificationSortByValue() throws {
        let data = try load("x,t\n0,2\n1,10\n2,1\n3,2.0\n", as: .classification)
        XCTAssertEqual(data.classNames, ["1", "2", "10"], "numeric, not string, order")
        XCTAssertEqual(data.targets, [1, 2, 0, 1], "2 and 2.0 are one class")
    }

    func testQuotedFieldsKeepCommasAndLineNumbersCountTheirLineBreaks() throws {
        let data = try load("x,t\n1,\"cat, big\"\n2,dog\n")
        XCTAssertEqual(data.classNames, ["cat, big", "dog"])
        let error = failure("x,t\n1,\"two\nlines\"\n\nq,c\n")
        XCTAssertEqual(error?.kind, .notANumber)
        XCTAssertEqual(error?.line, 5, "the quoted label spans lines 2–3, line 4 is blank")
    }

    func testEmptyFileAndHeaderOnly() {
        XCTAssertEqual(failure("")?.kind, .emptyFile)
        XCTAssertNil(failure("")?.line)
        XCTAssertEqual(failure("\n\n")?.kind, .emptyFile)
        let headerOnly = failure("x,t\n")
        XCTAssertEqual(headerOnly?.kind, .emptyFile)
        XCTAssertEqual(headerOnly?.description, "f.csv:1: the file has a header but no data rows")
        XCTAssertEqual(failure("t\n1\n")?.description,
                       "f.csv:1: the file has no feature columns besides the target \"t\"")
    }

    func testMissingTargetColumnListsTheColumns() {
        let typo = failure("x,label\n1,a\n", target: "lable")
        XCTAssertEqual(typo?.kind, .missingTargetColumn)
        XCTAssertEqual(typo?.line, 1)
        XCTAssertEqual(typo?.description, "f.csv:1: no column named \"lable\" in the header\nnote: the columns are: \"x\", \"label\"")
        // The names it could have meant, for a front end's did-you-mean.
        XCTAssertEqual(typo?.candidates, ["x", "label"])
    }

    func testDuplicateTargetColumn() {
        let error = failure("t,x,t\n1,2,3\n")
        XCTAssertEqual(error?.kind, .duplicateTargetColumn)
        XCTAssertEqual(error?.column, 3)
    }

    func testWrongFieldCountNamesTheLine() {
        let short = failure("x,y,t\n1,2,3\n4,5\n")
        XCTAssertEqual(short?.kind, .wrongFieldCount)
        XCTAssertEqual(short?.description, "f.csv:3: expected 3 fields as in the header, found 2")
        let long = failure("x,y,t\n1,2,3\n\n4,5,6,7\n")
        XCTAssertEqual(long?.line, 4)
        XCTAssertEqual(long?.message, "expected 3 fields as in the header, found 4")
    }

    func testBadCellsNameLineAndColumn() {
        let text = failure("x,y,t\n1,2,3\n4,abc,5\n")
        XCTAssertEqual(text?.kind, .notANumber)
        XCTAssertEqual(text?.description, "f.csv:3:2: expected a number, found \"abc\" (column \"y\")")
        XCTAssertEqual([text?.line, text?.column], [3, 2])
        XCTAssertEqual(text?.columnName, "y")

        let empty = failure("x,t\n1,2\n,1\n")
        XCTAssertEqual(empty?.kind, .emptyCell)
        XCTAssertEqual(empty?.description, "f.csv:3:1: empty cell where a number is expected (column \"x\")")

        let earliest = failure("x,t\n1,2\n2,bad\nbad,3\n", as: .regression)
        XCTAssertEqual([earliest?.line, earliest?.column], [3, 2], "the first bad cell in file order")

        let infinite = failure("x,t\n1,2\n2,3\ninf,1\n")
        XCTAssertEqual(infinite?.kind, .nonFiniteValue)
        XCTAssertEqual(infinite?.line, 4)

        let blankLabel = failure("x,t\n1,a\n2,\n", as: .classification)
        XCTAssertEqual(blankLabel?.kind, .emptyCell)
        XCTAssertEqual([blankLabel?.line, blankLabel?.column], [3, 2])
    }

    func testTargetColumnErrors() {
        let regression = failure("x,t\n1,2\n2,cat\n", as: .regression)
        XCTAssertEqual(regression?.kind, .notANumber)
        XCTAssertEqual([regression?.line, regression?.column], [3, 2])

        // Mostly numbers with one word is treated as a typo, not as a label column.
        let mixed = failure("x,t\n1,2\n2,3\n3,oops\n")
        XCTAssertEqual(mixed?.kind, .notANumber)
        XCTAssertEqual(mixed?.line, 4)
        XCTAssertNotNil(mixed?.note)
    }

    func testMalformedQuotingNamesTheLine() {
        let error = failure("x,t\n1,2\n1,\"a\"b\n")
        XCTAssertEqual(error?.kind, .malformedCSV)
        XCTAssertEqual(error?.line, 3)
    }

    func testMissingFile() {
        XCTAssertThrowsError(try Dataset(csvFile: directory.appendingPathComponent("none.csv").path, target: "t")) { error in
            XCTAssertEqual((error as? DataError)?.kind, .unreadableFile)
            XCTAssertEqual((error as? DataError)?.message, "No such file or directory")
        }
        XCTAssertThrowsError(try Dataset(csvFile: directory.path, target: "t")) { error in
            XCTAssertEqual((error as? DataError)?.message, "Is a directory")
        }
    }
}
