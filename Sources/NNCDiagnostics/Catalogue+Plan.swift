extension Catalogue {
    static let planCodes: [CodeInfo] = [
    ]
}
