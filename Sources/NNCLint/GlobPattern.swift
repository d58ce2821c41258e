/// A shell-style path pattern: `*` matches any run of characters except `/`,
/// `?` one character except `/`, `[abc]` / `[a-z]` / `[!abc]` one character of
/// a set, and a whole component `**` any number of folders (zero included), so
/// `specs/**/*.yaml` matches `specs/a.yaml` and `specs/x/y/b.yaml`.
/// Matching is on `/`-separated components.
public struct GlobPattern: Sendable, Equatable {
    public let pattern: String
    let components: [[Unicode.Scalar]]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.components = pattern.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
    }

    /// Whether a string has glob syntax, so it is a pattern rather than a path.
    public static func isPattern(_ s: String) -> Bool {
        s.contains("*") || s.contains("?") || s.contains("[")
    }

    /// The leading components without glob syntax: the folder to search from.
    public var literalPrefix: String {
        var out: [String] = []
        for c in components {
            let s = String(String.UnicodeScalarView(c))
            if Self.isPattern(s) { break }
            out.append(s)
        }
        let joined = out.joined(separator: "/")
        return pattern.hasPrefix("/") ? "/" + joined : joined
    }

    /// Whether `path` matches the whole pattern. Leading `./` are ignored on both sides.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.map {
            Array($0.unicodeScalars)
        }
        let pattern = components.filter { $0 != ["."] }
        return match(pattern[...], parts[...])
    }

    private func match(_ p: ArraySlice<[Unicode.Scalar]>, _ s: ArraySlice<[Unicode.Scalar]>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == ["*", "*"] {
            // Zero or more components; consecutive `**` behave as one.
            let rest = p.dropFirst()
            var t = s
            while true {
                if match(rest, t) { return true }
                guard !t.isEmpty else { return false }
                // `**` never descends into hidden folders unless the pattern names them.
                if t.first?.first == "." { return false }
                t = t.dropFirst()
            }
        }
        guard let name = s.first else { return false }
        // A wildcard does not match a leading dot (hidden files), as in the shell.
        if name.first == ".", first.first != "." { return false }
        return Self.matchComponent(first[...], name[...]) && match(p.dropFirst(), s.dropFirst())
    }

    /// One component against one name, with `*`, `?` and `[...]`.
    static func matchComponent(_ p: ArraySlice<Unicode.Scalar>, _ s: ArraySlice<Unicode.Scalar>) -> Bool {
        // Iterative matching with backtracking to the last `*` (linear in practice, never exponential).
        var pi = p.startIndex
        var si = s.startIndex
        var starP: Int? = nil
        var starS = 0
        while si < s.endIndex {
            if pi < p.endIndex {
                let c = p[pi]
                if c == "*" {
                    starP = pi
                    starS = si
                    pi += 1
                    continue
                }
                if c == "?" {
                    pi += 1
                    si += 1
                    continue
                }
                if c == "[", let (matched, next) = matchClass(p, at: pi, s[si]) {
                    if matched {
                        pi = next
                        si += 1
                        continue
                    }
                } else if c == s[si] {
                    pi += 1
                    si += 1
                    continue
                }
            }
            guard let star = starP else { return false }
            pi = star + 1
            starS += 1
            si = starS
        }
        while pi < p.endIndex && p[pi] == "*" { pi += 1 }
        return pi == p.endIndex
    }

    /// A `[...]` class at `start`: whether `ch` is in it, and the index after `]`.
    /// nil when the bracket is not closed (then `[` is an ordinary character).
    static func matchClass(_ p: ArraySlice<Unicode.Scalar>, at start: Int, _ ch: Unicode.Scalar) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.endIndex && (p[i] == "!" || p[i] == "^") {
            negate = true
            i += 1
        }
        var found = false
        var first = true
        while i < p.endIndex {
            let c = p[i]
            if c == "]" && !first {
                return (found != negate, i + 1)
            }
            first = false
            if i + 2 < p.endIndex && p[i + 1] == "-" && p[i + 2] != "]" {
                if c.value <= ch.value && ch.value <= p[i + 2].value { found = true }
                i += 3
            } else {
                if c == ch { found = true }
                i += 1
            }
        }
        return nil
    }
}
