extension Catalogue {
    static let specCodes: [CodeInfo] = [
    ]
}
