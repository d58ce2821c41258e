import NNCDiagnostics
import NNCSpec

/// Every figure `expect:` names is one the run produces: best_val_loss needs
/// a validation set, accuracy a classifier loss, closure figures an
/// observable from a truth, constraints.NAME a constraint of that name.
public enum ExpectFigureRule: Rule {
    public static let code: DiagnosticCode = .expectUnavailable
    public static let reads = ["expect", "training.loss", "data.validation", "data.observables", "data.observables.list",
                               "training.constraints", "training.constraints.list"]

    public static let triggering: [RuleExample] = [
        .physics("  validation: {fraction: 0.25, seed: 1}\n", "").marking("  ↓best_val_loss"),
        .physics("  best_val_loss: {below: 1.5}", "  ↓accuracy: {above: 0.9}"),
        .physics("values: {truth: \"3 * x^0.5 * (1 - x)^3\", level: 1, seed: 7}", "values: {csv: data.csv, column: value}")
            .marking("{↓xi_1sigma").marking(", ↓bias_variance_ratio"),
        .physics("  best_val_loss: {below: 1.5}", "  constraints: {↓sum_rule_1: {between: [1.9, 2.1]}}"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .physics("  best_val_loss: {below: 1.5}",
                 "  best_val_loss: {below: 1.5}\n  final_train_loss: {below: 2}\n  constraints: {sum_rule_0: {between: [1.9, 2.1]}, positivity_1: {above: -1.0e-6}}"),
        .classifier("epochs: 100", "epochs: 100\nexpect: {accuracy: {above: 0.9}, best_val_loss: {below: 0.5}}"),
    ]

    static let classifierLosses: Set<LossKind> = [.binaryCrossentropy, .categoricalCrossentropy]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard let expect = spec.expect else { return [] }
        let constraintNames = spec.training.constraints.map(\.name.value)
        let truths = spec.data.observables.contains { if case .truth = $0.values { return true } else { return false } }
        var out: [Diagnostic] = []
        for e in expect.entries {
            let m = e.metric
            switch m.value {
            case .bestValidationLoss where spec.data.validation == nil:
                out.append(Diagnostic(
                    code, span: m.span, message: "'best_val_loss' needs a validation set, and the spec has none",
                    label: "no validation loss",
                    notes: [DiagnosticNote("add one under data: validation: {fraction: 0.25, seed: 1}"),
                            DiagnosticNote("or expect the training loss: final_train_loss: {below: ...}")]))
            case .accuracy where !classifierLosses.contains(spec.training.loss.value.kind):
                out.append(Diagnostic(
                    code, span: m.span,
                    message: "'accuracy' is measured for classifiers, and the loss is \(spec.training.loss.value.kind.rawValue)",
                    label: "no accuracy",
                    notes: [DiagnosticNote("accuracy needs binary_crossentropy or categorical_crossentropy"),
                            DiagnosticNote("the loss is given here", span: spec.training.loss.span)]))
            case .closure(let figure) where !truths:
                out.append(Diagnostic(
                    code, span: m.span, message: "the closure figure '\(figure.rawValue)' needs an observable made from a truth",
                    label: "no closure test",
                    notes: [DiagnosticNote("closure figures compare the replicas with the truth: values: {truth: \"...\", level: 1, seed: 7}")]))
            case .constraint(let name) where !constraintNames.contains(name):
                let guess = DidYouMean.suggestion(for: name, among: constraintNames)
                let keySpan = SourceSpan(file: m.span.file, start: m.span.start, end: m.span.end)
                out.append(Diagnostic(
                    code, span: keySpan, message: "'expect' names the constraint '\(name)', which is not in 'training.constraints'",
                    label: guess.map { "did you mean '\($0)'?" } ?? "no such constraint",
                    notes: [DiagnosticNote(constraintNames.isEmpty
                        ? "the spec has no constraints"
                        : "the constraints are: " + constraintNames.joined(separator: ", ") + " (unnamed ones are sum_rule_<i> or positivity_<i>, i their position from 0)")],
                    fixIt: guess.map { FixIt(span: keySpan, replacement: $0, message: "replace with '\($0)'") }))
            default:
                break
            }
        }
        return out
    }
}

extension RuleExample {
    /// The example with a `↓` inserted where `marked` (which carries the `↓`) matches without it.
    func marking(_ marked: String) -> RuleExample {
        let plain = marked.replacingOccurrences(of: "↓", with: "")
        return RuleExample(spec: spec.replacingFirst(plain, with: marked), files: files, fileID: fileID, filePath: filePath, line: line)
    }
}
