/// Did-you-mean: the closest known word to a misspelt one.
public enum Suggestion {
    /// The candidate nearest to `word` by Damerau–Levenshtein distance (optimal string alignment:
    /// insert, delete, substitute, swap two neighbours), if it is close enough to be a plausible typo:
    /// at most 2 edits and at most a third of the word's length (at least 1). Ties go to the earlier
    /// candidate, so table order decides. Case differences count as a typo (`ReLU` → `relu`). Failing
    /// that, the first candidate that the word (3 letters or more) begins.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let typed = Array(word.lowercased().unicodeScalars)
        guard typed.count >= 2 else { return nil }
        let limit = min(2, max(1, typed.count / 3))
        var best: (word: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let scalars = Array(candidate.unicodeScalars)
            // The distance is at least the difference in length: skip hopeless candidates cheaply.
            guard abs(scalars.count - typed.count) <= limit else { continue }
            let distance = Suggestion.distance(typed, scalars)
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        // A word cut short (`vanish` for `vanishing`) is too many edits away but plainly meant.
        let prefix = word.lowercased()
        return best?.word ?? (typed.count >= 3 ? candidates.first { $0.count > prefix.count && $0.hasPrefix(prefix) } : nil)
    }

    /// Optimal-string-alignment distance between two scalar arrays.
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rolling rows: the transposition rule looks two rows back.
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        var i = 1
        while i <= a.count {
            current[0] = i
            var j = 1
            while j <= b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                j += 1
            }
            (previous2, previous, current) = (previous, current, previous2)
            i += 1
        }
        return previous[b.count]
    }

    /// A `did you mean 'x'?` note for `word` among `candidates`, if any is close.
    static func note(for word: String, in candidates: [String]) -> [Note] {
        closest(to: word, in: candidates).map { [Note("did you mean '\($0)'?")] } ?? []
    }
}
