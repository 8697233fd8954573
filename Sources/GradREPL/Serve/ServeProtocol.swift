import Foundation

/// `grad --serve`: a machine protocol for driving one long-lived grad session from another program (the
/// Jupyter kernel in `scripts/jupyter` is its first client). Version 1.
///
/// Framing: one JSON object per line (UTF-8, `\n`-terminated) in both directions. Requests arrive on stdin;
/// replies go to stdout; stderr is free for the client to log. A request line may hold at most
/// `maxRequestBytes`; a longer one is skipped up to its newline and answered with a `too_large` error.
///
/// On start the server writes `{"type":"ready","protocol":1,"grad":"<version>"}`. Every request carries an
/// `id` (a number or a string, echoed back) and a `type`; it gets zero or more events and then exactly one
/// final reply with the same `id`:
///
/// | request                                   | events                       | final reply                                  |
/// |-------------------------------------------|------------------------------|----------------------------------------------|
/// | `{"type":"run","code":S}`                 | `text`, `diagnostic`,        | `{"type":"done","status":"ok"\|"error"\|`     |
/// |                                           | `progress`, `figure`         | `"interrupted"\|"expectations_failed"}`       |
/// | `{"type":"complete","code":S,"cursor":N}` |                              | `{"type":"completions","matches":[…],`       |
/// |                                           |                              | `"start":N,"end":N}`                         |
/// | `{"type":"inspect","code":S,"cursor":N}`  |                              | `{"type":"help","found":B,"topic":S,"text":S}`|
/// | `{"type":"is_complete","code":S}`         |                              | `{"type":"completeness","status":`           |
/// |                                           |                              | `"complete"\|"incomplete"}`                   |
/// | `{"type":"finish"}`                       | `text` (the `expect` table)  | `done`                                       |
///
/// Events: `{"type":"text","text":S}` (output lines, each ending in `\n`), `{"type":"diagnostic","text":S}`
/// (an error rendered as in the terminal: `file:line:col: error: …`, the line, the caret, notes),
/// `{"type":"progress","text":S,"final":B}` (live training progress, at most `progressPerSecond` a second
/// plus the last), `{"type":"figure","data":{MIME: S}}` (a chart: `image/svg+xml` or `text/html`, always with
/// `text/plain`). Cursors and ranges count Unicode code points.
///
/// A request that cannot be understood gets `{"id":ID|null,"type":"error","code":C,"message":S}` with code
/// `malformed_json`, `too_large`, `bad_request` or `unknown_type`, and the server carries on. SIGINT during a
/// `run` stops training at the end of the current step (the model is kept) and ends the run with status
/// `interrupted`; between requests it is ignored. End of input ends the server (exit 0); SIGTERM ends it
/// after the current request (exit 143).
public enum ServeProtocol {
    /// The protocol version announced in `ready`; a change that breaks clients increments it.
    public static let version = 1
    /// The longest request line accepted, in bytes (a notebook cell is far smaller).
    public static let maxRequestBytes = 4 << 20
    /// The longest reply line written, in bytes; a larger event is replaced by an error event.
    public static let maxReplyBytes = 16 << 20
    /// Live progress events per second at most: enough to look alive, few enough not to flood the client.
    public static let progressPerSecond = 4.0
}

/// A request's `id`, echoed back verbatim.
enum RequestID: Codable, Equatable {
    case number(Int)
    case text(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        }
    }
}

/// A request's fields as sent; each is nil when missing or of the wrong type, so the checks can say which.
private struct RequestFields: Decodable {
    var id: RequestID?
    var type: String?
    var code: String?
    var cursor: Int?

    private enum Key: String, CodingKey { case id, type, code, cursor }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        id = try? container.decode(RequestID.self, forKey: .id)
        type = try? container.decode(String.self, forKey: .type)
        code = try? container.decode(String.self, forKey: .code)
        cursor = try? container.decode(Int.self, forKey: .cursor)
    }
}

/// One request, checked.
enum ServeRequest {
    case run(code: String)
    case complete(code: String, cursor: Int)
    case inspect(code: String, cursor: Int)
    case isComplete(code: String)
    case finish
}

/// Why a request line was refused, as the `code` of an `error` reply.
struct RequestProblem: Error {
    enum Code: String, Encodable {
        case malformedJSON = "malformed_json"
        case tooLarge = "too_large"
        case badRequest = "bad_request"
        case unknownType = "unknown_type"
    }

    var code: Code
    var message: String
    var id: RequestID?
}

extension ServeRequest {
    /// Decodes one request line, or says what is wrong with it (with the `id` when one could be read).
    static func decode(_ line: Data) -> Result<(RequestID, ServeRequest), RequestProblem> {
        guard (try? JSONSerialization.jsonObject(with: line)) != nil else {
            return .failure(RequestProblem(code: .malformedJSON, message: "the request is not valid JSON"))
        }
        guard let fields = try? JSONDecoder().decode(RequestFields.self, from: line) else {
            return .failure(RequestProblem(code: .badRequest, message: "a request must be a JSON object"))
        }
        guard let id = fields.id else {
            return .failure(RequestProblem(code: .badRequest, message: "'id' must be an integer or a string"))
        }
        func problem(_ code: RequestProblem.Code, _ message: String) -> Result<(RequestID, ServeRequest), RequestProblem> {
            .failure(RequestProblem(code: code, message: message, id: id))
        }
        guard let type = fields.type else { return problem(.badRequest, "'type' must be a string") }
        let (code, cursor) = (fields.code, fields.cursor)
        switch type {
        case "finish":
            return .success((id, .finish))
        case "run", "is_complete":
            guard let code else { return problem(.badRequest, "'\(type)' needs 'code' (a string)") }
            return .success((id, type == "run" ? .run(code: code) : .isComplete(code: code)))
        case "complete", "inspect":
            guard let code else { return problem(.badRequest, "'\(type)' needs 'code' (a string)") }
            let length = code.unicodeScalars.count
            guard let cursor, (0...length).contains(cursor) else {
                return problem(.badRequest, "'\(type)' needs 'cursor', an integer from 0 to \(length)")
            }
            return .success((id, type == "complete" ? .complete(code: code, cursor: cursor) : .inspect(code: code, cursor: cursor)))
        default:
            return problem(.unknownType, "unknown request type '\(type)' (known: run, complete, inspect, is_complete, finish)")
        }
    }
}
