import Testing

@Test func NNCLintTestsBuilds() {
    #expect(Bool(true))
}
