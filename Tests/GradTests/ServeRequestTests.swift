#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
@testable import GradREPL
import XCTest

/// `grad --serve`'s request decoding and bounded line reading, without a process; the protocol end to end
/// is tested as a client drives it in Tests/python/test_serve.py.
final class ServeRequestTests: XCTestCase {
    private func decode(_ line: String) -> Result<(RequestID, ServeRequest), RequestProblem> {
        ServeRequest.decode(Data(line.utf8))
    }

    func testWellFormedRequests() throws {
        guard case .success(let (id, .run(code))) = decode(#"{"id": 3, "type": "run", "code": "train 1"}"#) else {
            return XCTFail("not a run")
        }
        XCTAssertEqual(id, .number(3))
        XCTAssertEqual(code, "train 1")
        guard case .success(let (textID, .complete(_, cursor))) = decode(#"{"id": "a", "type": "complete", "code": "tr", "cursor": 2}"#) else {
            return XCTFail("not a completion")
        }
        XCTAssertEqual(textID, .text("a"))
        XCTAssertEqual(cursor, 2)
    }

    func testEveryProblemHasItsCodeAndKeepsTheIDWhenThereIsOne() {
        let cases: [(String, RequestProblem.Code, RequestID?)] = [
            ("nope", .malformedJSON, nil),
            ("[]", .badRequest, nil),
            (#"{"id": 1.5, "type": "run"}"#, .badRequest, nil),
            (#"{"id": 1, "type": "run"}"#, .badRequest, .number(1)),
            (#"{"id": 1, "type": 7}"#, .badRequest, .number(1)),
            (#"{"id": 2, "type": "inspect", "code": "é", "cursor": 2}"#, .badRequest, .number(2)),
            (#"{"id": 2, "type": "shutdown"}"#, .unknownType, .number(2)),
        ]
        for (line, code, id) in cases {
            guard case .failure(let problem) = decode(line) else { XCTFail(line); continue }
            XCTAssertEqual(problem.code, code, line)
            XCTAssertEqual(problem.id, id, line)
        }
    }

    func testALineOverTheLimitIsSkippedAndTheNextOneRead() throws {
        var descriptors: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&descriptors), 0)
        defer { close(descriptors[0]) }
        let input = String(repeating: "x", count: 100) + "\nshort\nlast"
        _ = input.withCString { write(descriptors[1], $0, strlen($0)) }
        close(descriptors[1])
        let reader = RequestReader(descriptor: descriptors[0], wakeDescriptor: -1, limit: 10) { false }
        XCTAssertEqual(reader.next(), .tooLarge(bytes: 100))
        XCTAssertEqual(reader.next(), .line(Data("short".utf8)))
        XCTAssertEqual(reader.next(), .line(Data("last".utf8)))
        XCTAssertEqual(reader.next(), .endOfInput)
    }
}
