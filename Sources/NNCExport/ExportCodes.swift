import NNCDiagnostics

/// The code of the exporters; documented in `Catalogue+Report.swift`.
extension DiagnosticCode {
    /// The network uses something the exporter cannot write, or does not fit the format.
    public static let exportUnsupported: DiagnosticCode = "E0732"
}
