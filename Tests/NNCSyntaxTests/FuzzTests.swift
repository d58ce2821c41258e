import NNCDiagnostics
import Testing
@testable import NNCSyntax

/// Random mutations of a valid spec must give a tree or clean diagnostics,
/// never a trap or a hang, and every location must exist in the file.
@Suite struct FuzzTests {
    static let spec = """
        nnc: 1
        name: gluon-closure
        inputs: [x]
        outputs: [xg]
        defaults: &defaults
          activation: tanh
          init: glorot_normal
        network:
          layers:
            - dense: 25
              <<: *defaults
            - {dense: 20, activation: tanh, dropout: 0.1}
            - dense: 1
              activation: linear
        data:
          generate:
            truth: "x^-0.1 * (1 - x)^5"
            x: {logspace: [1.0e-3, 1.0], points: 200}
            noise: {relative: 0.05}
          note: |
            literal text
            over two lines
          validation: {fraction: 0.25, seed: 1}
        training:
          loss: 'mse'
          optimizer: {adam: {learning_rate: 1.0e-3}}
          epochs: 20000

        """

    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let specials = Array(":[]{}&*!|>'\"#\t-\n ,?%@`\\".utf8)

    static func mutate(_ base: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var bytes = base
        for _ in 0..<(1 + rng.below(4)) {
            guard !bytes.isEmpty else { break }
            let i = rng.below(bytes.count)
            switch rng.below(5) {
            case 0: bytes[i] ^= UInt8(1 << rng.below(8))
            case 1: bytes.remove(at: i)
            case 2: bytes.insert(specials[rng.below(specials.count)], at: i)
            case 3: bytes[i] = specials[rng.below(specials.count)]
            default:
                // Duplicate a random slice: repeats keys, anchors and brackets.
                let j = min(bytes.count, i + rng.below(40))
                bytes.insert(contentsOf: bytes[i..<j], at: j)
            }
        }
        return bytes
    }

    func check(_ bytes: [UInt8]) {
        let (file, loaded) = YAMLParser.source(path: "t.yaml", bytes: bytes)
        let doc = loaded.hasErrors ? ParsedDocument(file: file, root: nil, diagnostics: loaded) : YAMLParser.parse(file)
        if doc.root == nil {
            #expect(doc.diagnostics.hasErrors, "no tree and no error for \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        for d in doc.diagnostics {
            #expect(Catalogue.entry(for: d.code) != nil)
            #expect(!d.message.isEmpty && d.message.first?.isUppercase == false)
            for s in [d.span] + d.notes.compactMap(\.span) {
                #expect(within(s, file), "\(d.code) \(d.message) at \(s.start)-\(s.end) outside the file")
            }
        }
        var stack = doc.root.map { [$0] } ?? []
        var visited = 0
        while let node = stack.popLast(), visited < 100_000 {
            visited += 1
            #expect(within(node.span, file) && within(node.reportSpan, file))
            switch node.kind {
            case .scalar: break
            case .sequence(let items): stack += items
            case .mapping(let entries): stack += entries.flatMap { [$0.key, $0.value] }
            }
        }
    }

    func within(_ span: SourceSpan, _ file: SourceFile) -> Bool {
        [span.start, span.end].allSatisfy { location in
            guard let line = file.line(location.line) else { return false }
            return location.column >= 1 && location.column <= line.unicodeScalars.count + 1
        } && span.start <= span.end
    }

    @Test func theBaseSpecParsesCleanly() {
        let doc = YAMLParser.parse(SourceFile(path: "t.yaml", text: Self.spec))
        #expect(doc.diagnostics.isEmpty)
        #expect(doc.root?["network"]?["layers"]?.sequence?.first?["activation"]?.scalar?.value == "tanh")
    }

    @Test func randomMutationsNeverTrap() {
        var rng = SplitMix(state: 0x6E6E_63)
        let base = Array(Self.spec.utf8)
        for _ in 0..<2000 {
            check(Self.mutate(base, &rng))
        }
    }

    @Test func truncationsNeverTrap() {
        let base = Array(Self.spec.utf8)
        for n in stride(from: 0, through: base.count, by: 3) {
            check(Array(base[..<n]))
        }
    }
}
