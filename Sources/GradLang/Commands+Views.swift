import GradCore

/// `diagnose`: the commands that show a run rather than change it.
extension Interpreter {
    func runDiagnose(range: SourceRange) throws {
        let result = try runSession(at: range) { try session.diagnose() }
        for line in DiagnosisRenderer.lines(result.findings, context: result.context, color: options.color) {
            output.line(line)
        }
    }
}
