import NNCDiagnostics

/// A data, file or training failure described as diagnostics: the one
/// `DiagnosticError`, under the name the training code has always thrown.
public typealias TrainError = DiagnosticError
