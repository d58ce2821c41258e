import Foundation

/// Path arithmetic on plain strings (`/`-separated), without touching the disk.
enum PathTools {
    static func absolute(_ path: String, in directory: String) -> String {
        normalize(path.hasPrefix("/") ? path : join(directory, path))
    }

    static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty || a == "." { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// Removes `.` and empty components and resolves `..` lexically.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if c == ".." && absolute { continue }
            parts.append(c)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func parent(_ path: String) -> String {
        let p = normalize(path)
        guard let slash = p.lastIndex(of: "/") else { return "." }
        if slash == p.startIndex { return "/" }
        return String(p[..<slash])
    }

    /// `path` relative to `directory` when it lies below it, else unchanged.
    static func relative(_ path: String, to directory: String) -> String {
        let dir = normalize(directory)
        let p = normalize(path)
        if p == dir { return "." }
        let prefix = dir.hasSuffix("/") ? dir : dir + "/"
        return p.hasPrefix(prefix) ? String(p.dropFirst(prefix.count)) : p
    }

    /// The last component.
    static func name(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
