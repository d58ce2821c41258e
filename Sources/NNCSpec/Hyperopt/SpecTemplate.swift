import NNCDiagnostics
import NNCSyntax

/// The base of a search: the resolved spec (every default written out, an
/// included network inlined, no `hyperopt:` block) as a located YAML tree,
/// parsed once. A trial sets its values at their paths in a copy of the tree
/// and decodes the copy with the one spec decoder, so a trial's spec is
/// checked exactly as a spec file would be, and its resolved YAML is a spec
/// file that `nnc build` and `nnc train` accept as it is.
///
/// Why the tree and not the typed spec: a `choice` may hold any spec value
/// (`{sgd: {momentum: 0.9}}`), and paths are spec keys; the decoder already
/// knows how to read both, with every check and default.
public struct SpecTemplate: Sendable {
    /// The resolved base spec as a tree; its file is `file`.
    public let root: Node
    public let file: SourceFile

    public init(base: Spec) {
        let path = base.sources.first ?? "spec.yaml"
        file = SourceFile(path: path, text: base.resolvedYAML())
        root = YAMLParser.parse(file).root ?? Node(kind: .mapping([]), span: .wholeFile(path))
    }

    /// One value set at one path.
    public struct Assignment: Sendable {
        public var path: String
        public var value: Node

        public init(path: String, value: Node) {
            self.path = path
            self.value = value
        }
    }

    /// Why a path cannot be set.
    public struct PathError: Error, Equatable, Sendable {
        /// The path up to and including the segment that failed.
        public var prefix: String
        /// The key or index that names nothing there.
        public var segment: String
        /// What the place holds: the keys of the mapping, or "a list of N".
        public var known: [String]
        public var reason: String
    }

    /// Checks that `path` names a value of the base spec (or a key that can be
    /// added there: the last key of a path may be new, the decoder then judges it).
    public func check(path: String) -> PathError? {
        check(path: path, newKey: nil)
    }

    /// `check(path:)`, also telling whether the path's last key is not in the
    /// resolved spec (it would be added).
    public func check(path: String, newKey: UnsafeMutablePointer<Bool>?) -> PathError? {
        let segments = Self.segments(path)
        if let newKey { newKey.pointee = Self.lastKeyIsNew(root, segments) }
        do {
            _ = try Self.set(root, segments: segments, index: 0, prefix: "", value: Node(kind: .scalar(Scalar("0")), span: root.span))
            return nil
        } catch let e as PathError {
            return e
        } catch {
            return PathError(prefix: path, segment: path, known: [], reason: "\(error)")
        }
    }

    /// The tree with every assignment applied in order.
    public func tree(_ assignments: [Assignment], hiddenUnits: [Int]? = nil) throws -> Node {
        var node = root
        if let hiddenUnits { node = Self.withHiddenLayers(node, units: hiddenUnits) }
        for a in assignments {
            node = try Self.set(node, segments: Self.segments(a.path), index: 0, prefix: "", value: a.value)
        }
        return node
    }

    /// The trial's spec: the tree decoded as a spec file at the base's path
    /// (data paths resolve as the base's). Its problems are in `diagnostics`.
    public func spec(_ assignments: [Assignment], hiddenUnits: [Int]? = nil) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        let node: Node
        do {
            node = try tree(assignments, hiddenUnits: hiddenUnits)
        } catch let e as PathError {
            return (nil, [Diagnostic(.hyperoptUnknownPath, span: .wholeFile(file.path),
                                     message: "'\(e.prefix)' names nothing in the spec: \(e.reason)")])
        } catch {
            return (nil, [Diagnostic(.hyperoptUnknownPath, span: .wholeFile(file.path), message: "\(error)")])
        }
        let sources = SourceManager()
        sources.add(file)
        let result = SpecLoader.decodeRecovering(ParsedDocument(file: file, root: node, diagnostics: []), sources: sources)
        return (result.spec, result.diagnostics)
    }

    // MARK: Paths

    enum Segment: Equatable {
        case key(String)
        /// `*`: every key of a mapping (a bare word becomes `{word: {}}`).
        case anyKey
        /// `[i]`, `[-1]`, `[*]`, `[a:b]` on a list.
        case items(lower: Int?, upper: Int?, single: Bool)
    }

    static func segments(_ path: String) -> [Segment] {
        var out: [Segment] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var index: Substring?
            if let open = part.firstIndex(of: "["), part.hasSuffix("]") {
                name = part[..<open]
                index = part[part.index(after: open)..<part.index(before: part.endIndex)]
            }
            if name == "*" { out.append(.anyKey) } else if !name.isEmpty || index == nil { out.append(.key(String(name))) }
            if let index {
                if index == "*" {
                    out.append(.items(lower: nil, upper: nil, single: false))
                } else if let colon = index.firstIndex(of: ":") {
                    out.append(.items(lower: Int(index[..<colon]), upper: Int(index[index.index(after: colon)...]), single: false))
                } else if let i = Int(index) {
                    out.append(.items(lower: i, upper: nil, single: true))
                } else {
                    out.append(.key("[" + index + "]"))
                }
            }
        }
        return out
    }

    /// True when the last segment is a key that the mapping it names lacks.
    static func lastKeyIsNew(_ root: Node, _ segments: [Segment]) -> Bool {
        guard case .key(let last)? = segments.last else { return false }
        var nodes = [root]
        for s in segments.dropLast() {
            var next: [Node] = []
            for n in nodes {
                switch s {
                case .key(let k): if let v = n[k] { next.append(v) }
                case .anyKey:
                    if let m = n.mapping { next += m.map(\.value) } else if n.scalar != nil { return true }
                case .items: next += n.sequence ?? []
                }
            }
            nodes = next
        }
        return nodes.contains { $0.mapping != nil && $0[last] == nil } || nodes.isEmpty
    }

    static func describe(_ s: Segment) -> String {
        switch s {
        case .key(let k): return k
        case .anyKey: return "*"
        case .items(let a, let b, let single):
            if single { return "[\(a ?? 0)]" }
            if a == nil && b == nil { return "[*]" }
            return "[\(a.map(String.init) ?? ""):\(b.map(String.init) ?? "")]"
        }
    }

    static func set(_ node: Node, segments: [Segment], index: Int, prefix: String, value: Node) throws -> Node {
        guard index < segments.count else {
            // The new value takes the place (and, for reports, the span) of the old one.
            var v = value
            v.span = node.span
            return v
        }
        let segment = segments[index]
        let here = prefix.isEmpty ? describe(segment) : (segment.isItems ? prefix + describe(segment) : prefix + "." + describe(segment))
        var node = node
        switch segment {
        case .key(let key):
            guard var entries = node.mapping else {
                throw PathError(prefix: here, segment: key, known: [], reason: "'\(prefix)' is \(node.kindDescription), not a mapping")
            }
            if let i = entries.firstIndex(where: { $0.key.scalar?.value == key }) {
                entries[i].value = try set(entries[i].value, segments: segments, index: index + 1, prefix: here, value: value)
            } else if index == segments.count - 1 {
                let k = Node(kind: .scalar(Scalar(key)), span: node.span)
                entries.append(MappingEntry(key: k, value: try set(Node(kind: .scalar(Scalar("")), span: node.span),
                                                                   segments: segments, index: index + 1, prefix: here, value: value)))
            } else {
                throw PathError(prefix: here, segment: key, known: entries.compactMap { $0.key.scalar?.value },
                                reason: "no key '\(key)'" + (prefix.isEmpty ? " at the top" : " in '\(prefix)'"))
            }
            node.kind = .mapping(entries)
        case .anyKey:
            if let s = node.scalar, !s.isNull {
                // A bare word (`adam`) is the word with no parameters.
                node.kind = .mapping([MappingEntry(key: Node(kind: .scalar(s), span: node.span), value: Node(kind: .mapping([]), span: node.span))])
            }
            guard var entries = node.mapping, !entries.isEmpty else {
                throw PathError(prefix: here, segment: "*", known: [], reason: "'\(prefix)' is \(node.kindDescription), not a word with parameters")
            }
            for i in entries.indices {
                var inner = entries[i].value
                if inner.scalar?.isNull == true { inner.kind = .mapping([]) }
                entries[i].value = try set(inner, segments: segments, index: index + 1, prefix: here, value: value)
            }
            node.kind = .mapping(entries)
        case .items(let lower, let upper, let single):
            guard var items = node.sequence else {
                throw PathError(prefix: here, segment: describe(segment), known: [], reason: "'\(prefix)' is \(node.kindDescription), not a list")
            }
            let n = items.count
            func position(_ i: Int) -> Int { i < 0 ? n + i : i }
            let range: Range<Int>
            if single {
                let i = position(lower ?? 0)
                guard i >= 0 && i < n else {
                    throw PathError(prefix: here, segment: describe(segment), known: ["a list of \(n)"],
                                    reason: "'\(prefix)' has \(n) items (indices 0 to \(n - 1), or -1 for the last)")
                }
                range = i..<(i + 1)
            } else {
                let a = max(0, min(n, position(lower ?? 0)))
                let b = max(a, min(n, position(upper ?? n)))
                range = a..<b
            }
            for i in range {
                items[i] = try set(items[i], segments: segments, index: index + 1, prefix: here, value: value)
            }
            node.kind = .sequence(items)
        }
        return node
    }

    // MARK: Architecture

    /// `network.layers` with `units.count` hidden layers of these widths, each
    /// a copy of the first layer's settings, then the base's last layer.
    /// Default names (`dense_<i>`) are dropped so the decoder numbers the new list.
    static func withHiddenLayers(_ root: Node, units: [Int]) -> Node {
        guard var top = root.mapping,
              let n = top.firstIndex(where: { $0.key.scalar?.value == "network" }),
              var network = top[n].value.mapping,
              let l = network.firstIndex(where: { $0.key.scalar?.value == "layers" }),
              let layers = network[l].value.sequence, let first = layers.first, let last = layers.last
        else { return root }
        func renamed(_ layer: Node, width: Int?) -> Node {
            guard var entries = layer.mapping else { return layer }
            entries.removeAll { e in
                guard e.key.scalar?.value == "name", let v = e.value.scalar?.value else { return false }
                return v.hasPrefix("dense_") && Int(v.dropFirst(6)) != nil
            }
            if let width, let d = entries.firstIndex(where: { $0.key.scalar?.value == "dense" }) {
                entries[d].value.kind = .scalar(Scalar(String(width)))
            }
            var out = layer
            out.kind = .mapping(entries)
            return out
        }
        var hidden = units.map { renamed(first, width: $0) }
        // A user-named first layer keeps its name only once.
        if hidden.count > 1 {
            for i in 1..<hidden.count {
                if var e = hidden[i].mapping {
                    e.removeAll { $0.key.scalar?.value == "name" }
                    hidden[i].kind = .mapping(e)
                }
            }
        }
        network[l].value.kind = .sequence(hidden + [renamed(last, width: nil)])
        top[n].value.kind = .mapping(network)
        var out = root
        out.kind = .mapping(top)
        return out
    }
}

extension SpecTemplate.Segment {
    var isItems: Bool {
        if case .items = self { return true }
        return false
    }
}
