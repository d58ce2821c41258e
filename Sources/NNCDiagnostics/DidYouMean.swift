/// Finds the word a user probably meant, for did-you-mean notes and fix-its.
///
/// Distance is optimal-string-alignment Damerau-Levenshtein (a swap of two
/// neighbouring letters costs one edit, as typing mistakes do), compared
/// case-insensitively. A candidate is offered only when the distance is small
/// for the word's length, so `xyz` never "means" `tanh`.
public enum DidYouMean {
    /// The closest candidate within the length-scaled threshold, or nil.
    /// Ties go to the candidate listed first.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let w = word.lowercased()
        guard !w.isEmpty else { return nil }
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, c.lowercased())
            if d == 0 && c != word { return c }
            if d <= threshold(for: max(w.count, c.count)), d < (best?.1 ?? .max) {
                best = (c, d)
            }
        }
        if let best, best.0 == word { return nil }
        return best?.0
    }

    /// Edits allowed for a word of `length` characters: none up to 2 letters
    /// (any one-letter name is one edit from any other), 1 up to 4, 2 up to 8, then 3.
    static func threshold(for length: Int) -> Int {
        switch length {
        case ...2: return 0
        case ...4: return 1
        case ...8: return 2
        default: return 3
        }
    }

    /// Optimal-string-alignment distance between two strings, by Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars)
        let t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        // Three rows are enough for the transposition look-back.
        var prev2 = [Int](repeating: 0, count: t.count + 1)
        var prev = Array(0...t.count)
        var cur = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            cur[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[t.count]
    }
}
