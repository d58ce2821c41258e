import NNCDiagnostics

/// The codes lowering reports; documented in `Catalogue+Plan.swift`.
extension DiagnosticCode {
    /// The arena would exceed the memory budget.
    public static let planOverBudget: DiagnosticCode = "E0601"
    /// More layers than lowering plans.
    public static let planTooManyLayers: DiagnosticCode = "E0602"
    /// A data file could not be read to count the training points.
    public static let planDataUnreadable: DiagnosticCode = "E0603"
    /// Nothing to plan: no layers, no inputs, a width or batch of zero, no training points.
    public static let planEmptyShape: DiagnosticCode = "E0604"
    /// The batch size is above the number of training points.
    public static let planBatchAboveTrainingSet: DiagnosticCode = "E0605"
}
