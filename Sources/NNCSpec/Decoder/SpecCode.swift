import NNCDiagnostics

/// The codes the decoder reports (E01xx structure, E02xx vocabulary, E05xx data
/// and expressions), named so the decoder reads as prose. Each is documented in
/// `Catalogue+Spec.swift`.
enum SpecCode {
    static let missingKey: DiagnosticCode = "E0101"
    static let unknownKey: DiagnosticCode = "E0102"
    static let wrongType: DiagnosticCode = "E0103"
    static let unsupportedVersion: DiagnosticCode = "E0104"
    static let missingValue: DiagnosticCode = "E0105"
    static let includeUnreadable: DiagnosticCode = "E0106"
    static let includeCycle: DiagnosticCode = "E0107"
    static let duplicateName: DiagnosticCode = "E0108"
    static let invalidName: DiagnosticCode = "E0109"
    static let badCount: DiagnosticCode = "E0110"
    static let conflictingKeys: DiagnosticCode = "E0111"

    static let unknownActivation: DiagnosticCode = "E0201"
    static let unknownInitializer: DiagnosticCode = "E0202"
    static let unknownLoss: DiagnosticCode = "E0203"
    static let unknownOptimizer: DiagnosticCode = "E0204"
    static let unknownSampling: DiagnosticCode = "E0205"
    static let unknownNoise: DiagnosticCode = "E0206"
    static let inapplicableParameter: DiagnosticCode = "E0207"

    static let dataFileUnreadable: DiagnosticCode = "E0505"
    static let missingColumn: DiagnosticCode = "E0506"
    static let badHeader: DiagnosticCode = "E0507"
    static let truthMismatch: DiagnosticCode = "E0508"
}
