extension Catalogue {
    static let trainCodes: [CodeInfo] = [
    ]
}
