/// Whether output may use Unicode box-drawing and block characters. They need a UTF-8 locale: in any
/// other the terminal would show mojibake, so charts fall back to plain ASCII.
public enum CharsetPolicy {
    /// The decision for this process's environment. POSIX precedence: `LC_ALL` overrides `LC_CTYPE`,
    /// which overrides `LANG`; the first one set (non-empty) decides, and nothing set means the "C" locale.
    public static func useUnicode(environment: [String: String]) -> Bool {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            let lowered = value.lowercased()
            return lowered.contains("utf-8") || lowered.contains("utf8")
        }
        return false
    }
}
