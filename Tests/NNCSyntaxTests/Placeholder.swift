import Testing

@Test func NNCSyntaxTestsBuilds() {
    #expect(Bool(true))
}
