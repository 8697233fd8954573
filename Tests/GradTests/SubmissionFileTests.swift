import Foundation
@testable import GradREPL
import XCTest

/// A notebook is graded by its code cells, in order, whichever way nbformat stores their source.
final class SubmissionFileTests: XCTestCase {
    func testANotebooksCodeCellsInOrderAreItsProgram() throws {
        let notebook = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# My homework\\n", "train 1000"]},
              {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 2, "source": ["seed 1\\n", "data moons 200\\n"]},
              {"cell_type": "raw", "metadata": {}, "source": "not code"},
              {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1, "source": "net dense 2x8 relu\\ntrain 5"}
            ]}
            """
        XCTAssertEqual(try SubmissionFile.notebookProgram(Data(notebook.utf8), name: "hw.ipynb"),
                       "seed 1\ndata moons 200\nnet dense 2x8 relu\ntrain 5\n")
    }

    func testSomethingElseNamedIpynbIsAClearError() {
        XCTAssertThrowsError(try SubmissionFile.notebookProgram(Data("seed 1\n".utf8), name: "hw.ipynb")) { error in
            XCTAssertEqual("\(error)", "'hw.ipynb' is not a Jupyter notebook (nbformat 4 JSON with a list of cells)")
        }
    }
}
