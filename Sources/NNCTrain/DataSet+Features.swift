import NNCDiagnostics
import NNCSpec

extension DataSet {
    /// Computes every input feature of `raw` — a plain one is copied, a derived
    /// one is evaluated in `Double` from the raw variables — and stores inputs
    /// and targets as `Float`. A derived value that is not finite, or a target
    /// that is not finite, is reported naming the point.
    public static func make(from raw: RawData, inputs: Features) throws -> DataSet {
        let n = raw.count
        var x = [Float](repeating: 0, count: inputs.count * n)
        var diagnostics: [Diagnostic] = []
        for (f, feature) in inputs.features.enumerated() {
            if let expr = feature.expression {
                let index = expr.variables.map { v in raw.variables.firstIndex(of: v) }
                if let missing = zip(expr.variables, index).first(where: { $0.1 == nil }) {
                    diagnostics.append(Diagnostic(
                        .derivedInputNotFinite, span: feature.name.span,
                        message: "derived input '\(feature.name.value)' reads '\(missing.0)', which the data does not have",
                        notes: [DiagnosticNote("the data has: \(raw.variables.joined(separator: ", "))")]))
                    continue
                }
                var bad: [Int] = []
                for p in 0..<n {
                    let value = expr.evaluate { name in
                        raw.variables.firstIndex(of: name).map { raw.columns[$0][p] } ?? .nan
                    }
                    let v = Float(value)
                    if !v.isFinite { bad.append(p) }
                    x[f * n + p] = v
                }
                if let first = bad.first {
                    var notes: [DiagnosticNote] = []
                    if bad.count > 1 { notes.append(DiagnosticNote("\(bad.count) of \(n) points are affected")) }
                    if let s = raw.span(ofPoint: first) { notes.append(DiagnosticNote("the point is here", span: s)) }
                    notes.append(DiagnosticNote("a derived input must be finite (in float32) at every point; check its domain, e.g. log needs positive values"))
                    let value = expr.evaluate { name in raw.variables.firstIndex(of: name).map { raw.columns[$0][first] } ?? .nan }
                    diagnostics.append(Diagnostic(
                        .derivedInputNotFinite, span: feature.name.span,
                        message: "derived input '\(feature.name.value)' is \(value.isNaN ? "nan" : "\(value)") at \(raw.describePoint(first))",
                        label: "not finite here", notes: notes))
                }
            } else if let column = raw.column(feature.name.value) {
                for p in 0..<n {
                    x[f * n + p] = Float(column[p])
                }
                if let p = column.indices.first(where: { !Float(column[$0]).isFinite }) {
                    diagnostics.append(nonFinite(feature.name.value, raw: raw, point: p, span: feature.name.span))
                }
            } else {
                diagnostics.append(Diagnostic(
                    .columnNotInData, span: feature.name.span,
                    message: "input '\(feature.name.value)' is not in the data",
                    notes: [DiagnosticNote("the data has: \(raw.variables.joined(separator: ", "))")]))
            }
        }
        var y = [Float](repeating: 0, count: raw.outputs.count * n)
        for o in raw.outputs.indices {
            for p in 0..<n {
                y[o * n + p] = Float(raw.targets[o][p])
            }
            if let p = raw.targets[o].indices.first(where: { !Float(raw.targets[o][$0]).isFinite }) {
                diagnostics.append(nonFinite(raw.outputs[o], raw: raw, point: p, span: raw.span(ofPoint: p) ?? inputs.span))
            }
        }
        if !diagnostics.isEmpty { throw TrainError(diagnostics) }
        var s: [Float]?
        if let sigmas = raw.sigmas {
            s = sigmas.flatMap { $0.map { Float($0) } }
        }
        return DataSet(inputNames: inputs.names, outputNames: raw.outputs, count: n, inputs: x, targets: y, sigmas: s)
    }

    private static func nonFinite(_ name: String, raw: RawData, point: Int, span: SourceSpan) -> Diagnostic {
        Diagnostic(
            .notFinite, span: span,
            message: "'\(name)' does not fit in float32 at \(raw.describePoint(point))",
            notes: [DiagnosticNote("values must be finite and below 3.4e38 in magnitude; rescale the column")])
    }
}
