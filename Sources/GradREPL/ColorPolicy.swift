/// Whether output may carry ANSI colour. Colour is a decoration for people at a terminal, so it is off
/// whenever output goes to a file or pipe, when `--no-color` is given, or when `NO_COLOR` is set to a
/// non-empty value (the no-color.org convention), and on `TERM=dumb` terminals that cannot show it.
public enum ColorPolicy {
    /// The decision for one run of the program.
    public static func useColor(stdoutIsTerminal: Bool, stderrIsTerminal: Bool, noColorFlag: Bool,
                                environment: [String: String]) -> Bool {
        guard stdoutIsTerminal, stderrIsTerminal, !noColorFlag else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}
