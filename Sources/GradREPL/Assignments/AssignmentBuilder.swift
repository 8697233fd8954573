import Foundation
import GradLang
import GradSyntax

/// What `grad assign` was asked to do, already parsed.
public struct AssignRequest: Equatable, Sendable {
    /// The master file: task, solution and tests side by side (see `MasterFile`).
    public var master: String
    /// Where the generated folders go; nil puts them beside the master file.
    public var outputFolder: String?
    /// Where to write Gradescope's autograder zip, if anywhere.
    public var gradescopeZip: String?
    /// The grad executable the zip carries; nil carries the one running.
    public var gradBinary: String?
    /// Grade the solution and the starter against the tests (as `nbgrader validate` does).
    public var validate: Bool

    /// Creates a request.
    public init(master: String, outputFolder: String? = nil, gradescopeZip: String? = nil, gradBinary: String? = nil,
                validate: Bool = true) {
        self.master = master
        self.outputFolder = outputFolder
        self.gradescopeZip = gradescopeZip
        self.gradBinary = gradBinary
        self.validate = validate
    }
}

/// `grad assign`: turns a master file into what students get (`student/starter.grad`, `student/tests.grad`
/// with the public tests) and what the autograder keeps (`autograder/solution.grad`,
/// `autograder/tests.grad` with every test); then checks that the solution earns full marks and the
/// starter does not, and optionally writes the Gradescope zip.
public enum AssignmentBuilder {
    /// The generated files, by path below the output folder.
    public static func files(_ master: MasterFile) -> [(path: String, text: String)] {
        [("student/starter.grad", master.starter), ("student/tests.grad", master.publicTests),
         ("autograder/solution.grad", master.solution), ("autograder/tests.grad", master.tests)]
    }

    /// Runs `request`; `executable` is this program, started again to grade. Returns the exit code:
    /// 0 done (and valid), 1 a master file with errors or an assignment that does not validate, 2 when
    /// files cannot be read or written.
    public static func run(_ request: AssignRequest, executable: String,
                           output: TextStream = StandardStream.output, errors: TextStream = StandardStream.error) -> Int32 {
        let masterURL = URL(fileURLWithPath: request.master)
        guard let text = try? String(contentsOf: masterURL, encoding: .utf8) else {
            errors.write("grad assign: cannot read the master file '\(request.master)'\n")
            return ExitStatus.usage
        }
        let master: MasterFile
        do {
            master = try MasterFile.split(text, name: request.master)
        } catch {
            errors.write("\(error)\n")
            return ExitStatus.scriptFailure
        }
        let folder = request.outputFolder.map { URL(fileURLWithPath: $0) } ?? masterURL.deletingLastPathComponent()
        do {
            for file in files(master) {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url, options: .atomic)
                output.write("wrote \(url.path)\n")
            }
            if let zip = request.gradescopeZip {
                try GradescopeBundle(tests: master.tests, grad: URL(fileURLWithPath: request.gradBinary ?? executable))
                    .write(to: URL(fileURLWithPath: zip))
                output.write("wrote \(zip) (upload it as the autograder of a Gradescope programming assignment)\n")
            }
        } catch let error as BundleError {
            errors.write("grad assign: \(error)\n")
            return ExitStatus.usage
        } catch {
            errors.write("grad assign: cannot write into '\(folder.path)': \((error as NSError).localizedDescription)\n")
            return ExitStatus.usage
        }
        guard request.validate else { return ExitStatus.success }
        return validate(folder: folder, executable: executable, output: output, errors: errors)
    }

    /// Grades the generated solution and starter against every test, as the autograder will: the
    /// solution must earn full marks, the starter must not.
    static func validate(folder: URL, executable: String, output: TextStream, errors: TextStream) -> Int32 {
        let tests = folder.appendingPathComponent("autograder/tests.grad").path
        var valid = true
        for (role, path, wantsFullMarks) in [("solution", "autograder/solution.grad", true), ("starter", "student/starter.grad", false)] {
            let request = GradingRequest(submission: folder.appendingPathComponent(path).path, tests: tests)
            let report: GradeReport
            do {
                let declared = try Grader.prepare(request).get()
                report = try Grader.grade(request, declared: declared, executable: executable, supervisor: GradingSupervisor())
            } catch {
                errors.write("grad assign: cannot grade the \(role): \(error)\n")
                return ExitStatus.usage
            }
            let score = "\(Format.number(report.score))/\(Format.number(report.maxScore))"
            if report.isFullMarks == wantsFullMarks {
                output.write("valid: the \(role) scores \(score)\(wantsFullMarks ? " (full marks)" : ", below full marks")\n")
            } else {
                valid = false
                output.write("INVALID: the \(role) scores \(score); it should \(wantsFullMarks ? "earn full marks" : "fail some test")\n")
                output.write(GradeTable.lines(report, showHidden: true).map { "  " + $0 }.joined(separator: "\n") + "\n")
            }
        }
        return valid ? ExitStatus.success : ExitStatus.scriptFailure
    }
}
