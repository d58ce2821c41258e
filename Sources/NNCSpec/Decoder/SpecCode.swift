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

/// The codes of the `hyperopt:` block (E08xx), documented in `Catalogue+Hyperopt.swift`.
public enum HyperoptCode {
    /// A space path that names no value of the spec (checker).
    public static let unknownPath: DiagnosticCode = "E0801"
    /// A searched value that the spec rejects at that place (checker).
    public static let valueRejected: DiagnosticCode = "E0802"
    /// An empty or impossible range, or a count out of range (checker).
    public static let badRange: DiagnosticCode = "E0803"
    /// The grid sampler over a continuous dimension (checker).
    public static let gridContinuous: DiagnosticCode = "E0804"
    /// An unknown sampler, statistic, reward loss or distribution (decoder).
    public static let unknownWord: DiagnosticCode = "E0805"
    /// The study store cannot be opened or used (hyperopt, train --storage).
    public static let storage: DiagnosticCode = "E0806"
    /// A stored study was made from another spec or space.
    public static let studyMismatch: DiagnosticCode = "E0807"
}
