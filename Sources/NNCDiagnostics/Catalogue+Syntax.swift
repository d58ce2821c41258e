extension Catalogue {
    static let syntaxCodes: [CodeInfo] = [
    ]
}
