import Testing

@Test func NNCDiagnosticsTestsBuilds() {
    #expect(Bool(true))
}
