import Foundation
import GradCore
import GradLang
import GradSyntax

/// `grad lsp`: a language server on stdin and stdout (JSON-RPC 2.0 with the LSP's `Content-Length`
/// framing, full document sync, UTF-16 positions). Diagnostics, completion, hover, symbols and definitions
/// come from the language's own parser, vocabulary and help texts (`DocumentOutline`, `Inspection`,
/// `Completion`): this type only translates. Bad input gets a JSON-RPC error and the server carries on.
public final class LanguageServer {
    /// The largest message body accepted, in bytes; a larger one is skipped and answered with an error.
    public static let maxMessageBytes = 16 << 20

    private let reader: MessageReader
    private let writer: MessageWriter
    private var documents: [String: DocumentOutline] = [:]
    private var initialized = false
    private var shutdownRequested = false

    /// A server reading framed messages from `input` and writing to `output`.
    public init(input: Int32, output: TextStream) {
        reader = MessageReader(descriptor: input, limit: Self.maxMessageBytes)
        writer = MessageWriter(stream: output)
    }

    /// Serves until `exit` (0 after `shutdown`, else 1, as the protocol says) or end of input (the same).
    public func run() -> Int32 {
        while true {
            switch reader.next() {
            case .endOfInput:
                return shutdownRequested ? 0 : 1
            case .tooLarge(let bytes):
                sendError(id: NSNull(), code: .invalidRequest,
                          "a message of \(bytes) bytes is over the limit of \(Self.maxMessageBytes)")
            case .badHeader(let problem):
                sendError(id: NSNull(), code: .parseError, problem)
            case .message(let body):
                guard let object = try? JSONSerialization.jsonObject(with: body) else {
                    sendError(id: NSNull(), code: .parseError, "the message is not valid JSON")
                    continue
                }
                guard let message = object as? [String: Any], let method = message["method"] as? String else {
                    // Responses to requests the server never sends, and batches, which LSP does not use.
                    if (object as? [String: Any])?["result"] == nil {
                        sendError(id: (object as? [String: Any])?["id"] ?? NSNull(), code: .invalidRequest,
                                  "a message needs a 'method'")
                    }
                    continue
                }
                if method == "exit" { return shutdownRequested ? 0 : 1 }
                handle(method: method, id: message["id"], params: message["params"] as? [String: Any] ?? [:])
            }
        }
    }

    private func handle(method: String, id: Any?, params: [String: Any]) {
        guard let id else { return notify(method, params) }
        guard id is String || id is NSNumber else {
            return sendError(id: NSNull(), code: .invalidRequest, "'id' must be a number or a string")
        }
        if method == "initialize" {
            initialized = true
            return respond(id: id, Self.capabilities)
        }
        guard initialized else { return sendError(id: id, code: .serverNotInitialized, "send 'initialize' first") }
        guard !shutdownRequested else { return sendError(id: id, code: .invalidRequest, "the server is shutting down") }
        do {
            switch method {
            case "shutdown":
                shutdownRequested = true
                respond(id: id, NSNull())
            case "textDocument/completion": respond(id: id, try completion(params))
            case "textDocument/hover": respond(id: id, try hover(params))
            case "textDocument/documentSymbol": respond(id: id, try documentSymbols(params))
            case "textDocument/definition": respond(id: id, try definition(params))
            default: sendError(id: id, code: .methodNotFound, "grad's language server does not handle '\(method)'")
            }
        } catch let problem as InvalidParams {
            sendError(id: id, code: .invalidParams, problem.message)
        } catch {
            sendError(id: id, code: .internalError, "\(error)")
        }
    }

    /// Notifications get no reply, not even an error (JSON-RPC), so bad ones are dropped.
    private func notify(_ method: String, _ params: [String: Any]) {
        guard initialized, !shutdownRequested,
              let document = params["textDocument"] as? [String: Any], let uri = document["uri"] as? String else { return }
        switch method {
        case "textDocument/didOpen":
            guard let text = document["text"] as? String else { return }
            update(uri, text: text)
        case "textDocument/didChange":
            // Full sync: each change holds the whole text; the last one wins.
            guard let changes = params["contentChanges"] as? [[String: Any]], let text = changes.last?["text"] as? String else { return }
            update(uri, text: text)
        case "textDocument/didClose":
            documents[uri] = nil
            publish(uri, [])
        default:
            break
        }
    }

    private func update(_ uri: String, text: String) {
        let outline = DocumentOutline(text: text, name: URL(string: uri)?.lastPathComponent ?? uri)
        documents[uri] = outline
        publish(uri, outline.diagnostics.map { LSPValues.diagnostic($0, in: outline.source) })
    }

    private func publish(_ uri: String, _ diagnostics: [[String: Any]]) {
        writer.send(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                     "params": ["uri": uri, "diagnostics": diagnostics]])
    }

    private func completion(_ params: [String: Any]) throws -> Any {
        let (outline, offset) = try position(params)
        let text = outline.source.text
        let start = Inspection.completionStart(in: text, at: offset)
        let range = LSPValues.range(start, offset, in: outline.source)
        let words = Inspection.completions(in: text, at: offset, variables: outline.names)
        return words.map { LSPValues.completionItem($0, replacing: range, definedNames: Set(outline.names)) }
    }

    private func hover(_ params: [String: Any]) throws -> Any {
        let (outline, offset) = try position(params)
        guard let help = Inspection.help(in: outline.source.text, at: offset),
              let word = Inspection.word(in: outline.source.text, at: offset) else { return NSNull() }
        return ["contents": ["kind": "markdown", "value": LSPValues.markdown(help.text)],
                "range": LSPValues.range(word.range.lowerBound, word.range.upperBound, in: outline.source)]
    }

    private func documentSymbols(_ params: [String: Any]) throws -> Any {
        let outline = try document(params)
        return outline.symbols.map { LSPValues.symbol($0, in: outline.source) }
    }

    private func definition(_ params: [String: Any]) throws -> Any {
        let (outline, offset) = try position(params)
        guard let word = Inspection.word(in: outline.source.text, at: offset),
              let symbol = outline.definition(of: word.word.hasPrefix("$") ? String(word.word.dropFirst()) : word.word),
              let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else { return NSNull() }
        return ["uri": uri, "range": LSPValues.range(symbol.nameRange.start.offset, symbol.nameRange.end.offset, in: outline.source)]
    }

    private func document(_ params: [String: Any]) throws -> DocumentOutline {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else {
            throw InvalidParams(message: "'textDocument.uri' is missing")
        }
        guard let outline = documents[uri] else { throw InvalidParams(message: "'\(uri)' is not open") }
        return outline
    }

    private func position(_ params: [String: Any]) throws -> (DocumentOutline, Int) {
        let outline = try document(params)
        // Int(exactly:) refuses fractions and numbers out of Int's range, which intValue would wrap.
        func integer(_ value: Any?) -> Int? { (value as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } }
        guard let position = params["position"] as? [String: Any],
              let line = integer(position["line"]), let character = integer(position["character"]), line >= 0, character >= 0 else {
            throw InvalidParams(message: "'position' needs 'line' and 'character', integers from 0")
        }
        return (outline, outline.source.offset(line: line, utf16Character: character))
    }

    private func respond(id: Any, _ result: Any) {
        writer.send(["jsonrpc": "2.0", "id": id, "result": result])
    }

    private func sendError(id: Any, code: ErrorCode, _ message: String) {
        writer.send(["jsonrpc": "2.0", "id": id, "error": ["code": code.rawValue, "message": message]])
    }

    private struct InvalidParams: Error {
        var message: String
    }

    /// JSON-RPC's and the LSP's error codes.
    private enum ErrorCode: Int {
        case parseError = -32700, invalidRequest = -32600, methodNotFound = -32601, invalidParams = -32602
        case internalError = -32603, serverNotInitialized = -32002
    }

    private static let capabilities: [String: Any] = [
        "capabilities": [
            "positionEncoding": "utf-16",
            "textDocumentSync": ["openClose": true, "change": 1],
            "completionProvider": ["triggerCharacters": ["$"]],
            "hoverProvider": true,
            "documentSymbolProvider": true,
            "definitionProvider": true,
        ],
        "serverInfo": ["name": "grad", "version": GradCoreVersion.string],
    ]
}
