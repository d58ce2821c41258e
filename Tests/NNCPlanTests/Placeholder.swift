import Testing

@Test func NNCPlanTestsBuilds() {
    #expect(Bool(true))
}
