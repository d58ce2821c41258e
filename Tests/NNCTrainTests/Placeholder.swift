import Testing

@Test func NNCTrainTestsBuilds() {
    #expect(Bool(true))
}
