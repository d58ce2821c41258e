import NNCDiagnostics
import NNCSyntax

/// `inputs:` and `outputs:`: a list of names or a count.
extension SpecDecoder {
    enum FeatureRole {
        case inputs, outputs

        var key: String { self == .inputs ? "inputs" : "outputs" }
        /// The prefix of names made up for a count: x0, x1, ... and y0, y1, ...
        var prefix: String { self == .inputs ? "x" : "y" }
    }

    /// The most features a spec may declare; far above any network nnc is for,
    /// low enough that a typo (`inputs: 10000000`) cannot exhaust memory.
    static let maxFeatures = 100_000

    static func isIdentifier(_ s: String) -> Bool { Expr.isPlainName(s) }

    mutating func features(_ f: Field, role: FeatureRole) -> Features {
        let fallback = Features(features: [], fromCount: false, span: f.node.reportSpan)
        switch f.node.kind {
        case .scalar(let s):
            if s.isNull {
                missingValue(f, expected: "a list of names such as [x] or a count such as 3")
                return fallback
            }
            guard s.style == .plain, let n = Self.parseNumber(s.value), n.rounded() == n else {
                wrongType(f, expected: "a list of names or a count",
                          notes: ["write '\(role.key): [\(s.value)]' for one \(role == .inputs ? "input" : "output") named '\(s.value)'"],
                          fixIt: Self.isIdentifier(s.value) && s.style == .plain
                              ? FixIt(span: f.node.reportSpan, replacement: "[\(s.value)]", message: "replace with '[\(s.value)]'")
                              : nil)
                return fallback
            }
            guard n >= 1, n <= Double(Self.maxFeatures) else {
                report(.badCount, f.node.reportSpan, "expected a positive count for '\(role.key)', found \(s.value)",
                       label: n < 1 ? "a network needs at least one \(role == .inputs ? "input" : "output")" : "at most \(Self.maxFeatures)")
                return fallback
            }
            let span = f.node.reportSpan
            let features = (0..<Int(n)).map { Feature(name: Located("\(role.prefix)\($0)", span: span)) }
            return Features(features: features, fromCount: true, span: span)
        case .mapping:
            wrongType(f, expected: "a list of names or a count")
            return fallback
        case .sequence(let items):
            if items.isEmpty {
                report(.badCount, f.node.reportSpan, "'\(role.key)' is empty",
                       label: "expected at least one name")
                return fallback
            }
            if items.count > Self.maxFeatures {
                report(.badCount, f.node.reportSpan, "too many \(role.key): \(items.count)",
                       label: "at most \(Self.maxFeatures)")
                return fallback
            }
            var out: [Feature] = []
            if role == .inputs, reportSplitExpressions(items) { return fallback }
            for item in items {
                let itemField = Field(name: role.key, keySpan: nil, node: item)
                guard let name = string(itemField, expected: "a name") else { continue }
                if Self.isIdentifier(name.value) {
                    out.append(Feature(name: name))
                } else if let column = Self.backticked(name.value) {
                    // `mean radius`: a data column whose name is not an identifier.
                    out.append(Feature(name: Located(column, span: name.span)))
                } else if role == .outputs || !name.value.contains(where: { "+-*/^(),`".contains($0) }) {
                    // Words that are not a plain name (`mean radius`, `χ`, `x.1`, `1x`)
                    // were meant as a column's name, not as an expression.
                    let quoted = "\"`\(name.value)`\""
                    report(.invalidName, name.span, "the \(role == .inputs ? "input" : "output") name '\(name.value)' is not a plain name",
                           label: "expected ASCII letters, digits and '_', or a name in backticks",
                           notes: ["a plain name is ASCII letters, digits and '_', not starting with a digit: it names a column of the data and a variable in expressions",
                                   "a column called '\(name.value)' is written in backticks, inside quotes: \(quoted)"],
                           fixIt: FixIt(span: item.reportSpan, replacement: quoted, message: "replace with \(quoted)"))
                } else if let e = expression(item, text: name.value, variables: nil, role: "input") {
                    out.append(Feature(name: name, expression: e))
                }
            }
            var seen: [String: SourceSpan] = [:]
            for feat in out {
                if let first = seen[feat.name.value] {
                    report(.duplicateName, feat.name.span, "'\(feat.name.value)' is listed twice in '\(role.key)'",
                           label: "duplicate", notes: ["first listed at \(first.start)"])
                } else {
                    seen[feat.name.value] = feat.name.span
                }
            }
            return Features(features: out, fromCount: false, span: f.node.reportSpan)
        }
    }

    /// The column named by `` `name` `` (the whole text one name in backticks), else nil.
    static func backticked(_ text: String) -> String? {
        guard text.count >= 3, text.hasPrefix("`"), text.hasSuffix("`") else { return nil }
        let inner = String(text.dropFirst().dropLast())
        guard !inner.contains("`"), !inner.contains(where: \.isNewline), !inner.trimmingCharacters(in: .whitespaces).isEmpty
        else { return nil }
        return inner
    }

    /// `inputs: [x, pow(x, 2)]` unquoted: YAML splits the list at the comma
    /// inside the call, into `pow(x` and `2)`. Items whose parentheses only
    /// balance together are reported once, with the fix to quote the
    /// expression, instead of as two syntax errors. True when it reported.
    mutating func reportSplitExpressions(_ items: [Node]) -> Bool {
        var reported = false
        var i = 0
        while i < items.count {
            guard let first = items[i].scalar, first.style == .plain, Self.depth(first.value) > 0 else {
                i += 1
                continue
            }
            // Join the following plain items until the parentheses balance.
            var text = first.value
            var j = i
            while Self.depth(text) > 0, j + 1 < items.count, let next = items[j + 1].scalar, next.style == .plain {
                j += 1
                text += ", " + next.value
            }
            guard j > i, Self.depth(text) == 0 else {
                i += 1
                continue
            }
            let span = items[i].reportSpan.union(items[j].reportSpan)
            let quoted = "\"" + text + "\""
            report(.expressionSyntax, span, "the expression '\(text)' was split by YAML at its comma\(j - i > 1 ? "s" : "")",
                   label: "read as \(j - i + 1) list items: " + items[i...j].compactMap { $0.scalar.map { "'\($0.value)'" } }.joined(separator: ", "),
                   notes: ["in a [ ] list a ',' separates items; quote the expression: \(quoted)"],
                   fixIt: FixIt(span: span, replacement: quoted, message: "quote the expression: \(quoted)"))
            reported = true
            i = j + 1
        }
        return reported
    }

    /// Open parentheses not yet closed in `text` (negative when more close).
    static func depth(_ text: String) -> Int {
        text.reduce(0) { $0 + ($1 == "(" ? 1 : $1 == ")" ? -1 : 0) }
    }

    /// A raw column cannot be both an input and an output.
    mutating func checkDistinct(inputs: Features, outputs: Features) {
        let raw = Set(Self.rawVariables(inputs))
        for o in outputs.features where raw.contains(o.name.value) {
            report(.duplicateName, o.name.span, "'\(o.name.value)' is both an input and an output",
                   label: "also an input", notes: ["a column is either something the network reads or something it predicts"])
        }
    }

    static func rawVariables(_ inputs: Features) -> [String] { inputs.rawVariables }

    /// Parses an expression written in `node` and reports its issues at their
    /// columns inside the string.
    mutating func expression(_ node: Node, text: String, variables: [String]?, role: String) -> Expr? {
        let result = ExprParser.parse(text, variables: variables, variableRole: role)
        for issue in result.issues {
            let span = innerSpan(node, issue.start..<issue.end)
            report(issue.code, span, issue.message, label: issue.label, notes: issue.notes,
                   fixIt: issue.replacement.map { FixIt(span: span, replacement: $0, message: "replace with '\($0)'") })
        }
        return result.expression
    }

    /// The span of value characters `range` inside a scalar, at least one column wide.
    func innerSpan(_ node: Node, _ range: Range<Int>) -> SourceSpan {
        guard node.aliasSpan == nil, let file = sources.file(node.span.file) else { return node.reportSpan }
        return node.sourceSpan(ofValueRange: range, in: file)
    }
}
