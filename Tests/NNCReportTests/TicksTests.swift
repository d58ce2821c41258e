import NNCReport
import Testing

@Suite struct TicksTests {
    @Test func niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        let ticks = Ticks.linear(0.013, 0.97, target: 5)
        #expect(ticks.map(\.value) == [0.2, 0.4, 0.6000000000000001, 0.8])
        #expect(ticks.map(\.label) == ["0.2", "0.4", "0.6", "0.8"])
    }
}
