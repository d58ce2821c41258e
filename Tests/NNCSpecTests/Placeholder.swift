import Testing

@Test func NNCSpecTestsBuilds() {
    #expect(Bool(true))
}
