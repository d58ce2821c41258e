extension Catalogue {
    static let checkCodes: [CodeInfo] = [
    ]
}
