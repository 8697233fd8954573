#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditLine

/// The terminal line reader: libedit through its readline-compatible API, which brings emacs-style
/// editing, Up/Down history, Ctrl-R incremental search (bound by libedit's readline layer) and the
/// user's ~/.editrc. This is the only file that touches libedit; everything else sees a `LineReader`.
public final class LineEditor: LineReader {
    // libedit's completion hook is a plain C function pointer and cannot carry context, so the one
    // editor of the process is reachable through this global while it exists.
    nonisolated(unsafe) private static weak var current: LineEditor?

    private let completion: LineCompletion
    private let signalCount: () -> Int
    private let wakeDescriptor: Int32
    /// Where prompts and echo go: stdout, unless it is redirected (`grad > log.txt`), so that prompts
    /// stay on the screen and out of the results.
    private let display: UnsafeMutablePointer<FILE>
    private var signalsAtStart = 0

    /// Creates the editor with `history` preloaded (oldest first). `signalCount` counts Ctrl-C/SIGTERM
    /// deliveries and `wakeDescriptor` becomes readable on each (see `SignalMonitor`): together they let
    /// a Ctrl-C abandon the line wherever libedit is, and tell it apart from Ctrl-D.
    public init(history: [String], historyLimit: Int, completion: LineCompletion, signalCount: @escaping () -> Int,
                wakeDescriptor: Int32) {
        self.completion = completion
        self.signalCount = signalCount
        self.wakeDescriptor = wakeDescriptor
        display = isatty(STDOUT_FILENO) == 1 || isatty(STDERR_FILENO) != 1 ? stdout : stderr
        // Signals are grad's business (SignalMonitor): libedit must neither install handlers nor
        // re-raise them to the whole process group, which is what it does with rl_catch_signals set.
        rl_catch_signals = 0
        // libedit converts between keys and the line with the C library's multibyte functions, which
        // drop every non-ASCII character in the default "C" locale. grad's strings are UTF-8 whatever the
        // environment says, so use the user's locale if it is UTF-8 and C.UTF-8 otherwise.
        setlocale(LC_CTYPE, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        // Our own key reader, installed before rl_initialize (which is when libedit picks it up).
        rl_getc_function = lineEditorReadCharacter
        rl_outstream = display
        rl_readline_name = UnsafePointer(strdup("grad"))
        rl_initialize()
        // Words break only at blanks and quotes, the same boundaries `LineCompletion.word` uses, so the
        // text libedit replaces is the word the candidates were computed for.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\""))
        rl_attempted_completion_function = lineEditorComplete
        stifle_history(Int32(clamping: historyLimit))
        for entry in history { add_history(entry) }
        LineEditor.current = self
    }

    /// True: Ctrl-C abandons the line being typed.
    public var isInterruptible: Bool { true }

    /// Shows `prompt` and reads a line with full editing.
    public func readLine(prompt: String) -> LineReadResult {
        signalsAtStart = signalCount()
        guard let raw = readline(prompt) else {
            let interrupted = signalCount() != signalsAtStart
            // Ctrl-D on an empty line reaches libedit's em-delete-or-list, which writes the key as "^D"
            // before reporting the end of input; rub it out (rebinding the key would lose delete-char).
            // Either way libedit leaves the cursor on the abandoned line; move off it.
            fputs(interrupted ? "\n" : "\u{8}\u{8}  \n", display)
            fflush(display)
            return interrupted ? .interrupted : .endOfInput
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// Makes `entry` the newest item the Up arrow recalls.
    public func addToHistory(_ entry: String) {
        add_history(entry)
    }

    /// Candidates in libedit's format for the word `text`, which ends at the cursor: a malloc'd,
    /// NULL-terminated array whose first element is the longest common prefix that replaces `text`.
    fileprivate func complete(text: String) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let line = rl_line_buffer.map { String(cString: $0) } ?? text
        let cursorBytes = max(0, min(Int(rl_point), line.utf8.count))
        let cursor = String(decoding: line.utf8.prefix(cursorBytes), as: UTF8.self).count
        let word = LineCompletion.word(in: line, cursor: cursor)
        // When our word is longer than libedit's (a file name with a space), drop the part libedit keeps.
        let kept = word.text.hasSuffix(text) ? String(word.text.dropLast(text.count)) : ""
        let matches = completion.candidates(line: line, cursor: cursor).compactMap { candidate -> String? in
            guard candidate.hasPrefix(kept) else { return nil }
            return String(candidate.dropFirst(kept.count))
        }
        guard !matches.isEmpty else { return nil }
        let single = matches.count == 1
        // After a whole word, a space; after a file name, the closing quote; after a directory, nothing.
        rl_completion_append_character = !single ? 0 : matches[0].hasSuffix("/") ? 0
            : word.insideString ? Int32(UInt8(ascii: "\"")) : Int32(UInt8(ascii: " "))
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: matches.count + 2)
        list[0] = strdup(Self.commonPrefix(matches))
        for (index, match) in matches.enumerated() where !single { list[index + 1] = strdup(match) }
        list[single ? 1 : matches.count + 1] = nil
        return list
    }

    /// The next key for libedit as a Unicode scalar, or -1 to end the read: at end of input, or when a
    /// signal arrived since the read began. libedit's own reader only notices a signal that lands while
    /// it is blocked in read(); a Ctrl-C pressed while it is busy (completing, redrawing) would be lost.
    /// Waiting in poll() on the terminal and the signal wake pipe, and checking the count before every
    /// key, catches them all.
    fileprivate func readCharacter() -> Int32 {
        while true {
            if signalCount() != signalsAtStart { return -1 }
            var waits = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                         pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&waits, wakeDescriptor >= 0 ? 2 : 1, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return -1
            }
            // A Ctrl-C followed at once by more keys wakes poll() with the terminal readable, and the
            // handler runs just before poll() returns: the keys after it belong to the next prompt.
            if signalCount() != signalsAtStart { return -1 }
            if waits[1].revents != 0 {
                var drained: UInt8 = 0
                while read(wakeDescriptor, &drained, 1) == 1 {}
                continue
            }
            guard waits[0].revents != 0 else { continue }
            return readScalar()
        }
    }

    /// Reads one UTF-8 encoded scalar from the terminal; libedit takes the returned int as a wchar_t.
    private func readScalar() -> Int32 {
        guard let lead = readByte() else { return -1 }
        let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
        guard length > 1 else { return length == 1 ? Int32(lead) : Int32(0xFFFD) }
        var bytes = [lead]
        while bytes.count < length, let next = readByte() { bytes.append(next) }
        let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first
        return Int32(scalar?.value ?? 0xFFFD)
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            prefix = String(zip(prefix, word).prefix { $0 == $1 }.map(\.0))
        }
        return prefix
    }

    fileprivate static func readCurrentCharacter() -> Int32 {
        current?.readCharacter() ?? -1
    }

    fileprivate static func completeCurrent(text: String) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        current?.complete(text: text)
    }
}

/// libedit's completion hook: never falls back to its own file-name completion, which knows nothing of
/// grad's words or of which strings hold file names.
private func lineEditorComplete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1
    return LineEditor.completeCurrent(text: text.map { String(cString: $0) } ?? "")
}

/// libedit's key reader hook (see `LineEditor.readCharacter`).
private func lineEditorReadCharacter(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
    LineEditor.readCurrentCharacter()
}
