import GradSyntax

/// The ids of the diagnostics raised while running a program, one per kind of problem. Tests and tools
/// match on these; the messages may be reworded.
extension MessageID {
    /// A value of the wrong type: a string where a number is needed, indexing a number.
    public static let typeMismatch = MessageID(domain: "runtime", id: "typeMismatch")
    /// A value of the right type outside what the command accepts: a negative seed, a zero clip threshold.
    public static let invalidValue = MessageID(domain: "runtime", id: "invalidValue")
    /// A variable or function that is not defined.
    public static let undefinedName = MessageID(domain: "runtime", id: "undefinedName")
    /// `let` of a name already defined in the same block.
    public static let alreadyDefined = MessageID(domain: "runtime", id: "alreadyDefined")
    /// A list or string index past its end.
    public static let indexOutOfRange = MessageID(domain: "runtime", id: "indexOutOfRange")
    /// A layer (or unit) number the network does not have.
    public static let noSuchLayer = MessageID(domain: "runtime", id: "noSuchLayer")
    /// A list, range, nesting, sweep or network larger than the interpreter allows.
    public static let limitExceeded = MessageID(domain: "runtime", id: "limitExceeded")
    /// An `include` that cannot be read, has syntax errors, or includes itself.
    public static let includeFailed = MessageID(domain: "runtime", id: "includeFailed")
    /// A value that needs something first: training for `loss`, a split for `test_acc`.
    public static let notReady = MessageID(domain: "runtime", id: "notReady")
    /// Something that needs classification data used on a regression task.
    public static let wrongTask = MessageID(domain: "runtime", id: "wrongTask")
    /// A function called with the wrong number of arguments.
    public static let wrongArgumentCount = MessageID(domain: "runtime", id: "wrongArgumentCount")
    /// `min`, `max` or `mean` of an empty list.
    public static let emptyList = MessageID(domain: "runtime", id: "emptyList")
    /// A `sweep` in which some cells failed; their own errors come first.
    public static let cellsFailed = MessageID(domain: "runtime", id: "cellsFailed")
    /// A word given at run time (a feature name in a list) that the vocabulary does not have.
    public static let unknownWord = MessageID(domain: "runtime", id: "unknownWord")
    /// An `assert` whose condition was false.
    public static let assertionFailed = MessageID(domain: "runtime", id: "assertionFailed")

    /// A command that needs data when none is loaded.
    public static let noData = MessageID(domain: "session", id: "noData")
    /// A command that needs a network when none exists.
    public static let noNetwork = MessageID(domain: "session", id: "noNetwork")
    /// A view of the history (gradients, snapshots, records) before there is any.
    public static let nothingRecorded = MessageID(domain: "session", id: "nothingRecorded")
    /// `compare` of a run that is not kept.
    public static let noSuchRun = MessageID(domain: "session", id: "noSuchRun")
    /// Data the network or model cannot use: other widths, not 2-D, regression for cross-entropy.
    public static let dataMismatch = MessageID(domain: "session", id: "dataMismatch")
    /// Data the core refused to make or read: a bad generator argument, a malformed CSV.
    public static let dataRefused = MessageID(domain: "session", id: "dataRefused")
    /// A training setting the core refused (an optimizer, schedule or clip parameter).
    public static let invalidSetting = MessageID(domain: "session", id: "invalidSetting")
    /// A network the core cannot build.
    public static let invalidNetwork = MessageID(domain: "session", id: "invalidNetwork")
    /// A file name whose extension does not say which format to write.
    public static let wrongFileExtension = MessageID(domain: "session", id: "wrongFileExtension")
    /// A file that cannot be read or written.
    public static let fileError = MessageID(domain: "session", id: "fileError")
    /// A path outside the folders a graded script may read or write.
    public static let fileAccessDenied = MessageID(domain: "session", id: "fileAccessDenied")
}
