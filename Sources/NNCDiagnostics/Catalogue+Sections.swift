extension Catalogue {
    /// The per-stage tables; a new stage's table is added here.
    static let sections: [[CodeInfo]] = [
        syntaxCodes,
        specCodes,
        checkCodes,
        planCodes,
        trainCodes,
        reportCodes,
        hyperoptCodes,
        lintCodes,
        physicsCodes,
    ]
}
