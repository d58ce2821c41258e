/// A spec that a rule's test decodes and checks. `↓` marks where a finding must
/// start; `files` are extra files (CSV data) written next to the spec.
public struct RuleExample: Sendable {
    public var spec: String
    public var files: [String: String]

    public init(_ spec: String, files: [String: String] = [:]) {
        self.spec = spec
        self.files = files
    }

    /// The DESIGN §2 example with `old` replaced by `new` (which may carry `↓`).
    /// The text must occur in the base spec; a test checks every example decodes.
    public static func gluon(_ old: String, _ new: String) -> RuleExample {
        RuleExample(BaseSpecs.gluon.replacingFirst(old, with: new))
    }

    /// The DESIGN §2 example with several replacements applied in order.
    public static func gluon(_ edits: [(String, String)]) -> RuleExample {
        var text = BaseSpecs.gluon
        for (old, new) in edits { text = text.replacingFirst(old, with: new) }
        return RuleExample(text)
    }

    /// The CSV classifier base with `old` replaced by `new`, with its data files.
    public static func classifier(_ old: String, _ new: String) -> RuleExample {
        classifier([(old, new)])
    }

    public static func classifier(_ edits: [(String, String)]) -> RuleExample {
        var text = BaseSpecs.classifier
        for (old, new) in edits { text = text.replacingFirst(old, with: new) }
        return RuleExample(text, files: BaseSpecs.classifierFiles)
    }
}

extension String {
    /// The string with the first occurrence of `old` replaced; unchanged when absent.
    func replacingFirst(_ old: String, with new: String) -> String {
        guard let r = range(of: old) else { return self }
        return replacingCharacters(in: r, with: new)
    }
}
