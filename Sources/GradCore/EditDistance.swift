/// Did-you-mean support for names the user typed (CSV column names): the candidate with the smallest
/// case-insensitive Levenshtein distance, if it is close enough to be a plausible typo.
enum EditDistance {
    /// Levenshtein distance between `a` and `b`, compared case-insensitively by character.
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        // One rolling row of the dynamic-programming table: previous[j] = distance(a[..<i], b[..<j]).
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest of `candidates` to `name`, or nil when none is within about a third of its length
    /// (at least one edit), which keeps suggestions to plausible typos.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let limit = max(1, (name.count + 2) / 3)
        let scored = candidates.map { (candidate: $0, distance: between(name, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
        return best.candidate
    }
}
