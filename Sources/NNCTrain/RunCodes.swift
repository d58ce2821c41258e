import NNCDiagnostics

/// The code for reading a finished run back; documented in `Catalogue+Report.swift`.
extension DiagnosticCode {
    /// A run folder, or a file in it, is missing, unreadable or not what nnc train writes.
    public static let runUnreadable: DiagnosticCode = "E0731"
}
