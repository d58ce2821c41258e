import NNCDiagnostics
import NNCSpec

/// A sampling range `[low, high]` has low < high, and logspace needs low > 0.
public enum SamplingRangeRule: Rule {
    public static let code: DiagnosticCode = .samplingRangeOrder
    public static let reads = ["data.generate.sampling"]

    public static let triggering: [RuleExample] = [
        .gluon("logspace: [1.0e-3, 1.0]", "logspace: [↓1.0, 1.0e-3]"),
        .gluon("logspace: [1.0e-3, 1.0]", "logspace: [↓0, 1.0]"),
        .gluon("logspace: [1.0e-3, 1.0]", "linspace: [↓2, 2]"),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("logspace: [1.0e-3, 1.0]", "linspace: [0, 1.0]"),
        .gluon("logspace: [1.0e-3, 1.0]", "uniform: [-1, 1]"),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        guard case .generate(let g) = spec.data.source else { return [] }
        var out: [Diagnostic] = []
        for s in g.sampling {
            let a = s.lower.value, b = s.upper.value
            if !(a < b) {
                out.append(Diagnostic(code, span: s.lower.span.union(s.upper.span),
                                      message: "the range of '\(s.variable.value)' must have low < high, found [\(Finding.show(a)), \(Finding.show(b))]",
                                      label: "expected [low, high]",
                                      fixIt: a > b ? FixIt(span: s.lower.span.union(s.upper.span),
                                                           replacement: "\(Finding.show(b)), \(Finding.show(a))",
                                                           message: "swap the bounds") : nil))
            } else if s.kind.value == .logspace, !(a > 0) {
                out.append(Diagnostic(code, span: s.lower.span,
                                      message: "logspace for '\(s.variable.value)' needs a positive lower bound, found \(Finding.show(a))",
                                      label: "expected a number above 0",
                                      notes: [DiagnosticNote("logspace spaces points evenly in log(x), so both bounds must be positive; use linspace for ranges through 0")]))
            }
        }
        return out
    }
}
