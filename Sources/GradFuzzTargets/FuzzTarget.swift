/// One fuzz target: it gets the raw bytes of one input and must return normally for every input. A
/// broken invariant traps on purpose (`preconditionFailure`), which libFuzzer records as a crash.
///
/// The targets live in this small library, not in the libFuzzer harness, so that the test suite can
/// replay every input the fuzzer ever crashed on (`FuzzRegressionTests`) through the same checks.
public protocol FuzzTarget {
    /// Runs one input.
    static func run(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// The targets by the names `scripts/fuzz` and the regression folders use.
public enum FuzzTargets {
    public static let all: [String: FuzzTarget.Type] = [
        "parse": ParseTarget.self,
        "evaluate": EvaluateTarget.self,
        "csv": CSVTarget.self,
        "model": ModelTarget.self,
    ]
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes as text, with invalid UTF-8 repaired the way a lenient file read would.
    var text: String { String(decoding: self, as: UTF8.self) }
}
