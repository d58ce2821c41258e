import NNCDiagnostics

/// The parts of a best-effort spec that failed to decode and hold stand-ins.
///
/// When a value cannot be decoded the decoder reports it, puts a harmless
/// stand-in in its place (a default, an empty list) and records the value's
/// path here, the way rustc gives a bad expression the error type: a check
/// that reads a poisoned part is skipped, so one mistake is reported once and
/// the independent ones elsewhere are still reported.
///
/// A path names a place in the spec by its keys, joined with dots:
/// `outputs`, `network.init`, `network.layers` (the list itself),
/// `network.layers.2` (a whole layer, by 0-based position),
/// `network.layers.2.activation`, `data.generate.truth`,
/// `data.generate.sampling` (every input's sampling), `data.train`,
/// `data.validation`, `training.optimizer`. In a poisoned path `*` stands for
/// every layer (a key written outside any layer may have been meant for any).
/// A section's path poisons everything below it.
public struct SpecPoison: Equatable, Sendable, CustomStringConvertible {
    /// One poisoned part.
    public struct Part: Equatable, Sendable {
        public var path: String
        /// Where the part is (or would be) written, for whoever debugs a skip.
        public var span: SourceSpan

        public init(path: String, span: SourceSpan) {
            self.path = path
            self.span = span
        }
    }

    public private(set) var parts: [Part] = []
    /// True when nothing in the spec can be trusted (the YAML layer dropped or
    /// merged content, so any value may not be what the user wrote).
    public private(set) var everything = false

    public init() {}

    /// Nothing is poisoned: the spec decoded cleanly.
    public var isEmpty: Bool { parts.isEmpty && !everything }

    public var paths: [String] { parts.map(\.path) }

    public var description: String { everything ? "everything" : paths.joined(separator: ", ") }

    /// Marks `path` as holding a stand-in (once; later spans of the same path are ignored).
    public mutating func insert(_ path: String, span: SourceSpan) {
        guard !parts.contains(where: { $0.path == path }) else { return }
        parts.append(Part(path: path, span: span))
    }

    /// Marks the whole spec as untrustworthy.
    public mutating func poisonEverything() {
        everything = true
    }

    /// True when `path` (no wildcards) is poisoned itself or through a section above it.
    public func contains(_ path: String) -> Bool {
        if everything { return true }
        if parts.isEmpty { return false }
        let p = Self.segments(path)
        return parts.contains { part in
            let q = Self.segments(part.path)
            guard q.count <= p.count else { return false }
            return zip(q, p).allSatisfy { $0 == $1 || ($0 == "*" && Int($1) != nil) }
        }
    }

    static func segments(_ path: String) -> [Substring] {
        path.split(separator: ".", omittingEmptySubsequences: false)
    }
}
