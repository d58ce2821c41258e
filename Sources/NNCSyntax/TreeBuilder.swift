import NNCDiagnostics

/// Composes the located tree from parser events without recursion: open
/// mappings and sequences live on an explicit stack, so nesting depth costs
/// heap, not call stack, and is capped by `Limits.maxDepth`.
///
/// Aliases are resolved as they come (a copy of the anchored node, whose
/// arrays are shared, so a copy is cheap), every node an alias brings in is
/// counted against `Limits.maxNodes`, and when a mapping closes its `<<`
/// merge keys are applied and its duplicate keys reported.
struct TreeBuilder {
    /// A finished node with what the builder needs to know about it.
    struct Built {
        var node: Node
        /// Where this occurrence is written: the alias for an alias, else the node.
        var written: SourceSpan
        /// Nodes in the subtree, the node included.
        var size: Int
        /// Levels of collections in the subtree: 0 for a scalar.
        var height: Int
    }

    /// An open mapping or sequence.
    private struct Frame {
        var isMapping: Bool
        var isFlow: Bool
        var start: SourceLocation
        var tag: String?
        var anchor: String?
        var pairs: [(key: Built, value: Built)] = []
        var items: [Node] = []
        var pendingKey: Built?
        var lastEnd: SourceLocation
        var size = 1
        var height = 1
    }

    /// Why building stopped early; the diagnostic is already recorded.
    struct Abort: Error {}

    let path: String
    let limits: YAMLParser.Limits
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var root: Built?
    private var stack: [Frame] = []
    private var anchors: [String: Built] = [:]
    private var nodeCount = 0

    init(path: String, limits: YAMLParser.Limits) {
        self.path = path
        self.limits = limits
    }

    var depth: Int { stack.count }

    // MARK: events

    mutating func scalar(_ scalar: Scalar, span: SourceSpan, tag: String?, anchor: String?) throws {
        try count(1, at: span)
        let built = Built(node: Node(kind: .scalar(scalar), span: span, tag: tag), written: span, size: 1, height: 0)
        define(anchor, built)
        deliver(built)
    }

    mutating func alias(_ name: String, span: SourceSpan) throws {
        guard var built = anchors[name] else {
            if stack.contains(where: { $0.anchor == name }) {
                diagnostics.append(Diagnostic(
                    .unknownAlias, span: span,
                    message: "alias '*\(name)' refers to the node that contains it",
                    label: "recursive alias",
                    notes: [DiagnosticNote(
                        "a node cannot include itself; nnc specs cannot hold recursive structures")]
                ))
            } else {
                let known = anchors.keys.sorted()
                var notes = [DiagnosticNote(
                    "an anchor must be defined with '&\(name)' on a node before '*\(name)' can refer to it")]
                if !known.isEmpty {
                    notes.append(DiagnosticNote("anchors defined before this point: " + known.map { "&" + $0 }.joined(separator: ", ")))
                }
                diagnostics.append(Diagnostic(
                    .unknownAlias, span: span,
                    message: "unknown alias '*\(name)': no anchor '&\(name)' is defined before it",
                    label: "unknown alias", notes: notes
                ))
            }
            throw Abort()
        }
        if depth + built.height > limits.maxDepth {
            tooDeep(at: span, through: name)
            throw Abort()
        }
        try count(built.size, at: span, alias: name)
        built.node.aliasSpan = span
        built.written = span
        deliver(built)
    }

    mutating func startCollection(
        mapping: Bool, flow: Bool, span: SourceSpan, tag: String?, anchor: String?
    ) throws {
        if depth >= limits.maxDepth {
            tooDeep(at: span, through: nil)
            throw Abort()
        }
        try count(1, at: span)
        stack.append(Frame(
            isMapping: mapping, isFlow: flow, start: span.start, tag: tag, anchor: anchor,
            lastEnd: span.end))
    }

    /// Closes the innermost collection. `end` is where libyaml says it ends:
    /// right for flow collections (after the bracket); block collections end
    /// with their last child instead, since libyaml's end is the next token.
    mutating func endCollection(end: SourceLocation) {
        guard let frame = stack.popLast() else { return }
        let stop = frame.isFlow ? max(end, frame.lastEnd) : frame.lastEnd
        let span = SourceSpan(file: path, start: frame.start, end: stop)
        let kind: Node.Kind
        if frame.isMapping {
            var pairs = frame.pairs
            if let key = frame.pendingKey {
                // libyaml always pairs keys with values; kept for safety.
                let empty = SourceSpan(file: path, start: key.written.end, end: key.written.end)
                pairs.append((key, Built(node: Node(kind: .scalar(Scalar("")), span: empty), written: empty, size: 1, height: 0)))
            }
            let inList = stack.last.map { !$0.isMapping && !$0.isFlow } ?? false
            kind = .mapping(resolveMapping(pairs, inList: inList && !frame.isFlow))
        } else {
            kind = .sequence(frame.items)
        }
        let built = Built(node: Node(kind: kind, span: span, tag: frame.tag), written: span, size: frame.size, height: frame.height)
        define(frame.anchor, built)
        deliver(built)
    }

    // MARK: helpers

    private mutating func define(_ anchor: String?, _ built: Built) {
        if let anchor { anchors[anchor] = built }
    }

    private mutating func deliver(_ built: Built) {
        guard !stack.isEmpty else {
            if root == nil { root = built }
            return
        }
        let top = stack.count - 1
        stack[top].lastEnd = max(stack[top].lastEnd, built.written.end)
        stack[top].size += built.size
        stack[top].height = max(stack[top].height, built.height + 1)
        if stack[top].isMapping {
            if let key = stack[top].pendingKey {
                stack[top].pairs.append((key, built))
                stack[top].pendingKey = nil
            } else {
                stack[top].pendingKey = built
            }
        } else {
            stack[top].items.append(built.node)
        }
    }

    private mutating func count(_ n: Int, at span: SourceSpan, alias: String? = nil) throws {
        nodeCount += n
        guard nodeCount > limits.maxNodes else { return }
        let via = alias.map { "alias '*\($0)' expands" } ?? "the document grows"
        diagnostics.append(Diagnostic(
            .aliasExpansionTooLarge, span: span,
            message: "the document is too large: \(via) past \(limits.maxNodes) nodes",
            label: alias == nil ? "limit reached here" : "expansion passes the limit here",
            notes: [DiagnosticNote(
                "aliases that refer to anchors that themselves hold many aliases multiply in size; "
                    + "an nnc spec never needs this many values")]
        ))
        throw Abort()
    }

    private mutating func tooDeep(at span: SourceSpan, through alias: String?) {
        let via = alias.map { " (through alias '*\($0)')" } ?? ""
        diagnostics.append(Diagnostic(
            .nestingTooDeep, span: span,
            message: "mappings and lists are nested more than \(limits.maxDepth) levels deep\(via)",
            label: "too deep",
            notes: [DiagnosticNote("an nnc spec needs only a few levels; check for unclosed '[' or '{'")]
        ))
    }

    /// The key's text if it is a scalar key.
    private func keyText(_ key: Node) -> String? { key.scalar?.value }

    private func isMergeKey(_ key: Node) -> Bool {
        guard let s = key.scalar, s.style == .plain, s.value == "<<" else { return false }
        return key.tag == nil || key.tag == "!!merge"
    }

    /// Applies `<<` merges and drops (with a diagnostic) duplicate and
    /// non-scalar keys. Explicit keys win over merged ones; among merged
    /// mappings the first listed wins; merged entries take the place of
    /// their `<<` key, so source order is kept.
    ///
    /// When a list item's mapping repeats its own first key, the likely cause
    /// is a missing '- ' that merged two items: that is said once, at the
    /// first repeat, and the repeats after it are not reported again.
    private mutating func resolveMapping(_ pairs: [(key: Built, value: Built)], inList: Bool = false) -> [MappingEntry] {
        var firstSeen: [String: SourceSpan] = [:]
        var mergedItems = false
        let firstKey = pairs.first.flatMap { keyText($0.key.node) }
        var keep = [Bool](repeating: false, count: pairs.count)
        for (i, pair) in pairs.enumerated() where !isMergeKey(pair.key.node) {
            guard let text = keyText(pair.key.node) else {
                diagnostics.append(Diagnostic(
                    .nonScalarKey, span: pair.key.written,
                    message: "a mapping key must be a plain value, not \(pair.key.node.kindDescription)",
                    label: "\(pair.key.node.kindDescription) used as a key",
                    notes: [DiagnosticNote(
                        "keys are names such as 'learning_rate'; a '?' or a '{'/'[' before ':' makes a complex key")]
                ))
                continue
            }
            if let first = firstSeen[text] {
                if mergedItems { continue }
                if inList, text == firstKey, pair.key.written.start.line > first.start.line {
                    mergedItems = true
                    diagnostics.append(Diagnostic(
                        .duplicateKey, span: pair.key.written,
                        message: "duplicate key '\(text)' in this list item",
                        label: "a new item needs '- ' before '\(text)'",
                        notes: [
                            DiagnosticNote("this list item starts with '\(text)' here", span: first),
                            DiagnosticNote("without '- ' the lines below continue the item above; write '- \(text): ...' to start a new item"),
                        ],
                        // The key lines up with the item's first key, two columns right of its '-'.
                        fixIt: pair.key.written.start.column >= 3
                            ? FixIt(span: SourceSpan(file: pair.key.written.file, line: pair.key.written.start.line,
                                                     column: pair.key.written.start.column - 2, length: 2),
                                    replacement: "- ", message: "start a new item with '- '")
                            : nil
                    ))
                    continue
                }
                diagnostics.append(Diagnostic(
                    .duplicateKey, span: pair.key.written,
                    message: "duplicate key '\(text)' in this mapping",
                    label: "second '\(text)'",
                    notes: [
                        DiagnosticNote("'\(text)' is first defined here", span: first),
                        DiagnosticNote("a mapping holds each key once; remove one of them or merge their values"),
                    ]
                ))
                continue
            }
            firstSeen[text] = pair.key.written
            keep[i] = true
        }
        var merged = Set(firstSeen.keys)
        var entries: [MappingEntry] = []
        for (i, pair) in pairs.enumerated() {
            if isMergeKey(pair.key.node) {
                for source in mergeSources(pair.value) {
                    for entry in source where keyText(entry.key).map({ merged.insert($0).inserted }) == true {
                        entries.append(entry)
                    }
                }
            } else if keep[i] {
                entries.append(MappingEntry(key: pair.key.node, value: pair.value.node))
            }
        }
        return entries
    }

    /// The mappings a `<<` value brings in, in priority order; anything else is reported.
    private mutating func mergeSources(_ value: Built) -> [[MappingEntry]] {
        if let entries = value.node.mapping { return [entries] }
        // A list brought in by an alias is reported as one thing, at the alias.
        guard let items = value.node.sequence, value.node.aliasSpan == nil else {
            badMerge(value.node, at: value.written)
            return []
        }
        var sources: [[MappingEntry]] = []
        for item in items {
            if let entries = item.mapping {
                sources.append(entries)
            } else {
                badMerge(item, at: item.reportSpan)
            }
        }
        return sources
    }

    private mutating func badMerge(_ node: Node, at span: SourceSpan) {
        diagnostics.append(Diagnostic(
            .invalidMerge, span: span,
            message: "a '<<' merge key needs a mapping or a list of mappings, not \(node.kindDescription)",
            label: "cannot merge \(node.kindDescription)",
            notes: [DiagnosticNote(
                "write '<<: *name' where '&name' is on a mapping, or '<<: [*a, *b]'; "
                    + "to use '<<' as an ordinary key, quote it: '\"<<\"'")]
        ))
    }
}
