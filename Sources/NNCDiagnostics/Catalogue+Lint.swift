extension Catalogue {
    static let lintCodes: [CodeInfo] = [
    ]
}
