import Testing

@Test func NNCRuntimeTestsBuilds() {
    #expect(Bool(true))
}
