@testable import NNCDiagnostics
import Testing

struct DidYouMeanTests {
    @Test func distances() {
        #expect(DidYouMean.distance("tanh", "tanh") == 0)
        #expect(DidYouMean.distance("tanhh", "tanh") == 1)
        #expect(DidYouMean.distance("tnah", "tanh") == 1)  // a transposition is one edit
        #expect(DidYouMean.distance("", "abc") == 3)
        #expect(DidYouMean.distance("kitten", "sitting") == 3)
    }

    @Test func suggestions() {
        // The activations of spec version 1.
        let acts = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus", "gelu", "swish", "softmax"]
        #expect(DidYouMean.suggestion(for: "tanhh", among: acts) == "tanh")
        #expect(DidYouMean.suggestion(for: "Tanh", among: acts) == "tanh")
        #expect(DidYouMean.suggestion(for: "leakyrelu", among: acts) == "leaky_relu")
        #expect(DidYouMean.suggestion(for: "sigmod", among: acts) == "sigmoid")
        #expect(DidYouMean.suggestion(for: "banana", among: acts) == nil)
        #expect(DidYouMean.suggestion(for: "x", among: ["t"]) == nil)
        #expect(DidYouMean.suggestion(for: "tanh", among: acts) == nil)
    }
}
