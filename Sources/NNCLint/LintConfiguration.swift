import NNCCheck
import NNCDiagnostics
import NNCSpec
import NNCSyntax

/// The settings of `.nnc-lint.yaml`: per code, off or a severity.
///
/// ```yaml
/// rules:
///   W0301: off
///   W0401: error
/// ```
public struct LintConfiguration: Sendable, Equatable {
    public enum Setting: Sendable, Equatable {
        case off
        case severity(Severity)
    }

    public static let fileName = ".nnc-lint.yaml"

    public var rules: [DiagnosticCode: Setting]
    /// Where the configuration was read from; nil for the default.
    public var path: String?

    public init(rules: [DiagnosticCode: Setting] = [:], path: String? = nil) {
        self.rules = rules
        self.path = path
    }

    /// No overrides: every rule at its default severity.
    public static let `default` = LintConfiguration()

    /// Applies the settings: codes turned off are dropped, others get their severity.
    public func apply(to diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !rules.isEmpty else { return diagnostics }
        return diagnostics.compactMap { d in
            switch rules[d.code] {
            case nil: return d
            case .off: return nil
            case .severity(let s):
                var changed = d
                changed.severity = s
                return changed
            }
        }
    }

    /// Whether `code` is turned off.
    public func isOff(_ code: DiagnosticCode) -> Bool { rules[code] == .off }

    /// Parses the text of a configuration file. Any problem makes the whole
    /// configuration unusable: the result's configuration is nil and the
    /// diagnostics (E09xx) say why.
    public static func parse(_ file: SourceFile) -> (configuration: LintConfiguration?, diagnostics: [Diagnostic]) {
        // A file of only comments configures nothing (the YAML layer calls it empty).
        let blank = file.lines.allSatisfy {
            let t = $0.drop { $0 == " " || $0 == "\t" }
            return t.isEmpty || t.hasPrefix("#")
        }
        if blank { return (LintConfiguration(path: file.path), []) }
        let document = YAMLParser.parse(file)
        var problems = document.diagnostics.filter { $0.severity == .error }
        guard problems.isEmpty else { return (nil, problems) }
        guard let root = document.root else {
            // An empty file configures nothing.
            return (LintConfiguration(path: file.path), [])
        }
        if root.scalar?.isNull == true { return (LintConfiguration(path: file.path), []) }
        guard let entries = root.mapping else {
            return (nil, [malformed(root.span, "expected a mapping with the key 'rules', found \(root.kindDescription)")])
        }
        var rules: [DiagnosticCode: Setting] = [:]
        for entry in entries {
            let key = entry.key.scalar?.value ?? entry.key.description
            guard key == "rules" else {
                problems.append(
                    malformed(
                        entry.key.span, "unknown key '\(key)' in \(fileName): expected 'rules'",
                        label: DidYouMean.distance(key, "rules") <= 2 ? "did you mean 'rules'?" : nil))
                continue
            }
            if entry.value.scalar?.isNull == true { continue }
            guard let ruleEntries = entry.value.mapping else {
                problems.append(
                    malformed(
                        entry.value.span,
                        "'rules' must be a mapping from codes to off, note, warning or error, found \(entry.value.kindDescription)"))
                continue
            }
            for rule in ruleEntries {
                let codeText = rule.key.scalar?.value ?? rule.key.description
                let code = DiagnosticCode(codeText)
                guard Catalogue.entry(for: code) != nil else {
                    let suggestion = SuppressionScanner.suggestCode(
                        codeText, among: Catalogue.all.map(\.code).filter { $0.defaultSeverity == .warning })
                    problems.append(
                        Diagnostic(
                            .lintConfigurationUnknownCode, span: rule.key.span,
                            message: "unknown code '\(codeText)' in \(fileName)",
                            label: suggestion.map { "did you mean '\($0)'?" } ?? "not an nnc code",
                            notes: [DiagnosticNote("`nnc explain CODE` describes every code lint prints")]))
                    continue
                }
                guard code.defaultSeverity != .error else {
                    problems.append(
                        Diagnostic(
                            .lintConfigurationChangesError, span: rule.key.span,
                            message: "\(codeText) is an error and cannot be configured: a spec with it cannot be built",
                            label: "errors cannot be turned off or lowered"))
                    continue
                }
                let valueText = rule.value.scalar?.value ?? rule.value.description
                let setting: Setting?
                switch valueText {
                case "off": setting = .off
                case "note": setting = .severity(.note)
                case "warning": setting = .severity(.warning)
                case "error": setting = .severity(.error)
                default: setting = nil
                }
                guard let setting, rule.value.scalar != nil else {
                    let choices = ["off", "note", "warning", "error"]
                    let near = choices.min { DidYouMean.distance(valueText, $0) < DidYouMean.distance(valueText, $1) } ?? "off"
                    problems.append(
                        malformed(
                            rule.value.span, "unknown setting '\(valueText)' for \(codeText): expected off, note, warning or error",
                            label: DidYouMean.distance(valueText, near) <= 2 ? "did you mean '\(near)'?" : nil))
                    continue
                }
                rules[code] = setting
            }
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (LintConfiguration(rules: rules, path: file.path), [])
    }

    static func malformed(_ span: SourceSpan, _ message: String, label: String? = nil) -> Diagnostic {
        Diagnostic(.lintConfigurationMalformed, span: span, message: message, label: label)
    }
}
