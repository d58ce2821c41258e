import NNCDiagnostics

/// Data points as read or generated, before derived inputs are computed: raw
/// input variables and targets in `Double`, column by column.
public struct RawData: Sendable, Equatable {
    /// Where the points came from, so a problem can name the point.
    public enum Origin: Sendable, Equatable {
        /// Read from a file; the 1-based line of each point.
        case file(path: String, lines: [Int])
        /// Generated from `data.generate`.
        case generated
    }

    /// Raw input variable names (CSV columns or sampled variables).
    public var variables: [String]
    /// `columns[v][n]`: variable `v` of point `n`.
    public var columns: [[Double]]
    public var outputs: [String]
    /// `targets[o][n]`: output `o` of point `n`.
    public var targets: [[Double]]
    /// Per-point uncertainty of each target (`sigmas[o][n]`), when known: the
    /// generator's noise model, or a chi2 uncertainty column.
    public var sigmas: [[Double]]?
    /// For generated data, the exact truth before noise (`truth[o][n]`).
    public var truth: [[Double]]?
    public var origin: Origin

    public init(
        variables: [String], columns: [[Double]], outputs: [String], targets: [[Double]],
        sigmas: [[Double]]? = nil, truth: [[Double]]? = nil, origin: Origin
    ) {
        self.variables = variables
        self.columns = columns
        self.outputs = outputs
        self.targets = targets
        self.sigmas = sigmas
        self.truth = truth
        self.origin = origin
    }

    public var count: Int { targets.first?.count ?? columns.first?.count ?? 0 }

    /// The values of raw variable `name`.
    public func column(_ name: String) -> [Double]? {
        variables.firstIndex(of: name).map { columns[$0] }
    }

    /// The points at `indices`, in that order.
    public func subset(_ indices: [Int]) -> RawData {
        func pick(_ a: [[Double]]) -> [[Double]] { a.map { c in indices.map { c[$0] } } }
        let o: Origin
        switch origin {
        case .file(let path, let lines): o = .file(path: path, lines: indices.map { lines[$0] })
        case .generated: o = .generated
        }
        return RawData(
            variables: variables, columns: pick(columns), outputs: outputs, targets: pick(targets),
            sigmas: sigmas.map(pick), truth: truth.map(pick), origin: o)
    }

    /// Words naming point `n` for a message: "line 12 of data.csv" or "x = 0.001, y = 2".
    public func describePoint(_ n: Int) -> String {
        switch origin {
        case .file(let path, let lines):
            return "line \(lines[n]) of '\(path)'"
        case .generated:
            let values = variables.indices.map { "\(variables[$0]) = \(RawData.format(columns[$0][n]))" }
            return "the generated point " + values.joined(separator: ", ")
        }
    }

    /// The span of point `n` in its file, when it came from one.
    public func span(ofPoint n: Int) -> SourceSpan? {
        if case .file(let path, let lines) = origin {
            return SourceSpan(file: path, line: lines[n], column: 1, length: 0)
        }
        return nil
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
