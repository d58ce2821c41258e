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

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

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
            for item in items {
                let itemField = Field(name: role.key, keySpan: nil, node: item)
                guard let name = string(itemField, expected: "a name") else { continue }
                if Self.isIdentifier(name.value) {
                    out.append(Feature(name: name))
                } else if !name.value.contains(where: { "+-*/^() ,".contains($0) }) {
                    // One word that is not a plain name (`χ`, `x.1`, `1x`) was meant
                    // as a name, not as an expression.
                    report(.invalidName, name.span, "the \(role == .inputs ? "input" : "output") name '\(name.value)' is not a plain name",
                           label: "expected ASCII letters, digits and '_'",
                           notes: ["a name is ASCII letters, digits and '_', not starting with a digit: it names a column of the data and a variable in expressions"])
                } else if role == .inputs {
                    if let e = expression(item, text: name.value, variables: nil, role: "input") {
                        out.append(Feature(name: name, expression: e))
                    }
                } else {
                    report(.invalidName, name.span, "the output name '\(name.value)' is not a plain name",
                           label: "expected ASCII letters, digits and '_'",
                           notes: ["an output names a column of the data: letters, digits and '_', not starting with a digit"])
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
