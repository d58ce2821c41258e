import NNCDiagnostics
import NNCSpec

/// Layer names are unique.
///
/// A layer's name names its tensors in the weights file (`<name>.weight`);
/// two layers with one name would overwrite each other's weights.
public enum LayerNameRule: Rule {
    public static let code: DiagnosticCode = .duplicateLayerName
    public static let reads = ["network.layers.*.name"]

    public static let triggering: [RuleExample] = [
        .gluon("name: out ", "name: ↓dense_0 "),
        .gluon([("dropout: 0.1 ", "name: out\n      dropout: 0.1 "), ("name: out ", "name: ↓out ")]),
    ]
    public static let nonTriggering: [RuleExample] = [
        .gluon("name: out ", "name: dense_2 "),
    ]

    public static func check(_ spec: Spec, _: RuleContext) -> [Diagnostic] {
        var first: [String: Located<String>] = [:]
        var out: [Diagnostic] = []
        for layer in spec.network.layers {
            if let f = first[layer.name.value] {
                let written = layer.name.span != layer.span
                out.append(Diagnostic(code, span: written ? layer.name.span : layer.span,
                                      message: "two layers are named '\(layer.name.value)'",
                                      label: written ? "already used" : "this layer's default name is already used",
                                      notes: [DiagnosticNote("the first is at \(f.span.file):\(f.span.start)"),
                                              DiagnosticNote("layers without a name are called dense_0, dense_1, ... by position")]))
            } else {
                first[layer.name.value] = layer.name
            }
        }
        return out
    }
}
