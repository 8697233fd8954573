import Foundation
import GradLang
import GradSyntax

/// What `grad check` was asked to do, already parsed: plain data, so the grader is testable without
/// swift-argument-parser (which only the `grad` executable links).
public struct GradingRequest: Equatable, Sendable {
    /// The student's script.
    public var submission: String
    /// The teacher's tests, run after the submission in the same session; nil grades the submission's
    /// own `expect` lines.
    public var tests: String?
    /// Where to write the results as JSON (grad's own format, or Gradescope's with `gradescope`).
    public var jsonPath: String?
    /// Write Gradescope's `results.json` format instead of grad's own.
    public var gradescope: Bool
    /// Wall-clock seconds the submission and tests may take together before they are stopped.
    public var timeout: Double
    /// The session's memory estimate limit for networks and data, in bytes.
    public var memoryBytes: Double
    /// The most optimizer steps the submission and tests may take in all.
    public var totalSteps: Int
    /// Extra folders the submission may read (data files the teacher hands out).
    public var readableFolders: [String]
    /// The seed every run starts from (0 when not given), so a submission always gets the same score.
    public var seed: UInt64?
    /// Print the submission's own output before the table.
    public var verbose: Bool
    /// Gradescope's visibility for the tests written without one (`visible`, `hidden`, `after_due_date`,
    /// `after_published`); a test marked in its `expect` keeps its own.
    public var visibility: TestVisibility
    /// Show every test's row, hidden ones included (for the teacher); students see public rows only.
    public var showHidden: Bool

    /// The wall-clock limit when none is given; long enough for every shipped assignment many times over.
    public static let defaultTimeout = 60.0
    /// The memory limit when none is given: 1 GB of estimated network and data memory.
    public static let defaultMemoryMegabytes = 1000
    /// The training allowance when none is given: minutes of training at the sizes assignments use.
    public static let defaultTotalSteps = 100_000

    /// Creates a request; everything but the submission has its documented default.
    public init(submission: String, tests: String? = nil, jsonPath: String? = nil, gradescope: Bool = false,
                timeout: Double = GradingRequest.defaultTimeout,
                memoryBytes: Double = Double(GradingRequest.defaultMemoryMegabytes) * 1e6,
                totalSteps: Int = GradingRequest.defaultTotalSteps, readableFolders: [String] = [],
                seed: UInt64? = nil, verbose: Bool = false, visibility: TestVisibility = .visible,
                showHidden: Bool = false) {
        self.submission = submission
        self.tests = tests
        self.jsonPath = jsonPath
        self.gradescope = gradescope
        self.timeout = timeout
        self.memoryBytes = memoryBytes
        self.totalSteps = totalSteps
        self.readableFolders = readableFolders
        self.seed = seed
        self.verbose = verbose
        self.visibility = visibility
        self.showHidden = showHidden
    }

    /// Where `--gradescope` writes when no `--json` file is given: the path Gradescope's harness reads.
    public static let gradescopeResultsPath = "/autograder/results/results.json"

    /// Seconds in `text`: `90`, `90s`, `1.5m`, `500ms`; nil when it is not a positive duration.
    public static func seconds(_ text: String) -> Double? {
        let units: [(suffix: String, scale: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            guard let value = Double(trimmed.dropLast(unit.suffix.count)), value > 0, value.isFinite else { return nil }
            return value * unit.scale
        }
        guard let value = Double(trimmed), value > 0, value.isFinite else { return nil }
        return value
    }
}
