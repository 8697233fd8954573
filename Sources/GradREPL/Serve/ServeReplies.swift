/// The messages `grad --serve` writes (see `ServeProtocol`), each with its `type`; `ReplyWriter` adds the `id`.

/// `ready`: the first line, with the protocol version.
struct Ready: Encodable {
    let type = "ready"
    let `protocol` = ServeProtocol.version
    var grad: String
}

/// `text` (output lines) and `diagnostic` (a rendered error) events.
struct TextReply: Encodable {
    var type: String
    var text: String
}

/// `done` (the end of a `run` or `finish`) and `completeness` (the answer to `is_complete`).
struct StatusReply: Encodable {
    var type: String
    var status: String
}

/// A live training progress event.
struct ProgressEvent: Encodable {
    let type = "progress"
    var text: String
    var final: Bool
}

/// A chart as a MIME bundle.
struct FigureEvent: Encodable {
    let type = "figure"
    var data: [String: String]
}

/// The answer to `complete`: the matches replace the code points `start..<end`.
struct Completions: Encodable {
    let type = "completions"
    var matches: [String]
    var start: Int
    var end: Int
}

/// The answer to `inspect`: the help text of the word at the cursor.
struct Help: Encodable {
    let type = "help"
    var found: Bool
    var topic: String
    var text: String
}

/// `error`: a request that could not be understood (`code` says why), or a reply too large to send.
struct ErrorReply: Encodable {
    let type = "error"
    var code: String
    var message: String
}
