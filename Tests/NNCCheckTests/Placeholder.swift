import Testing

@Test func NNCCheckTestsBuilds() {
    #expect(Bool(true))
}
