import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSyntax
import Testing

@testable import NNCLint

/// The JSON Schema of `nnc schema`: well formed, within the validator's subset,
/// accepting valid specs and rejecting what a schema can see.
struct SpecSchemaTests {
    static let schema = JSONValue(any: SpecSchema.document)
    static let validator = SchemaValidator(root: schema)

    static func json(_ yaml: String, path: String = "t.yaml") -> JSONValue? {
        YAMLParser.parse(SourceFile(path: path, text: yaml)).root.map { JSONValue(yaml: $0) }
    }

    static func errors(_ yaml: String) -> [String] {
        guard let v = json(yaml) else { return ["not YAML"] }
        return validator.validate(v)
    }

    @Test func isJSONWithTheDraftAndOnlyKnownKeywords() throws {
        let text = SpecSchema.json()
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let unknown = SchemaValidator.keywordsUsed(in: Self.schema).subtracting(SchemaValidator.keywords)
        #expect(unknown.isEmpty, "keywords the test validator does not check: \(unknown)")
    }

    @Test func everyRefResolves() {
        func refs(_ v: JSONValue) -> [String] {
            switch v {
            case .object(let o):
                var out: [String] = []
                if case .string(let r)? = o["$ref"] { out.append(r) }
                return out + o.values.flatMap(refs)
            case .array(let a): return a.flatMap(refs)
            default: return []
            }
        }
        for r in refs(Self.schema) {
            #expect(Self.validator.resolve(r) != nil, "\(r)")
        }
    }

    @Test func everyVocabularyWordIsListed() {
        let activation = Self.schema["$defs"]?["activation"]
        guard case .object(let o)? = activation, case .array(let forms)? = o["oneOf"],
            case .array(let names)? = forms.first?["enum"]
        else {
            Issue.record("no activation enum")
            return
        }
        #expect(names.count == 11)
    }

    @Test func acceptsTheRuleExamples() {
        for rule in Checker.rules where rule.severity == .warning {
            for example in rule.triggering + rule.nonTriggering {
                let errors = Self.errors(example.unmarked.text)
                #expect(errors.isEmpty, "\(rule.code) example at line \(example.line): \(errors)")
            }
        }
    }

    @Test func acceptsEveryForm() {
        let spec = """
            nnc: 1
            name: every-form.v2
            inputs: 2
            outputs: [a, b]
            include: net.yaml
            data:
              generate:
                truth: {a: "x0 + x1", b: 1}
                x0: {linspace: [0, 1], points: 10}
                x1: {logspace: [1.0e-3, 1], points: 10}
                noise: {relative: 0.05}
                seed: 7
              validation: {csv: val.csv}
            training:
              loss: {huber: 0.5}
              optimizer: {sgd: {learning_rate: 0.1, momentum: 0.9, nesterov: yes, clipnorm: 1}}
              batch_size: 32
              epochs: 1e4
              stopping: {patience: 100, restore_best: false, min_delta: 0}
              seed: 1
              replicas: 4
            """
        #expect(Self.errors(spec).isEmpty, "\(Self.errors(spec))")
    }

    @Test(arguments: [
        // unknown keys
        ("network:\n  layers: [{dense: 4}]\n  dropout: 0.1", "$.network.dropout"),
        ("network:\n  layers: [{dense: 4, activaton: tanh}]", "$.network.layers[0].activaton"),
        ("network:\n  layers: [{dense: 4}]\nextra: 1", "$.extra"),
        // wrong types
        ("network:\n  layers: [{dense: four}]", "$.network.layers[0].dense"),
        ("network:\n  layers: {dense: 4}", "$.network.layers"),
        // ranges
        ("network:\n  layers: [{dense: 0}]", "$.network.layers[0].dense"),
        ("network:\n  layers: [{dense: 4, dropout: 1}]", "$.network.layers[0].dropout"),
        ("network:\n  layers: [{dense: 4, l2: -1}]", "$.network.layers[0].l2"),
        ("network:\n  layers: [{dense: 4.5}]", "$.network.layers[0].dense"),
        // vocabulary
        ("network:\n  layers: [{dense: 4, activation: tanhh}]", "$.network.layers[0].activation"),
        ("network:\n  layers: [{dense: 4, init: {he_normal: {stddev: 1}}}]", "$.network.layers[0].init"),
        ("network:\n  layers: [{dense: 4, activation: {leaky_relu: {slope: 1}}}]", "$.network.layers[0].activation"),
    ])
    func rejects(edit: String, where path: String) {
        let spec = """
            nnc: 1
            name: t
            inputs: [x]
            outputs: [y]
            \(edit)
            data: {generate: {truth: "x", x: {linspace: [0, 1], points: 10}}}
            training: {loss: mse, optimizer: adam, epochs: 10}
            """
        let errors = Self.errors(spec)
        #expect(!errors.isEmpty)
        #expect(errors.contains { $0.hasPrefix(path) }, "\(errors)")
    }

    @Test(arguments: [
        "nnc: 2",
        "optimizer: {adam: {learning_rate: 0}}",
        "optimizer: {adam: {momentum: 0.9}}",
        "batch_size: 0",
        "batch_size: half",
        "epochs: 0",
        "loss: {mse: {delta: 1}}",
        "replicas: 0",
    ])
    func rejectsTrainingValues(line: String) {
        var base = [
            "nnc": "nnc: 1", "loss": "loss: mse", "optimizer": "optimizer: adam", "epochs": "epochs: 10",
            "batch_size": "", "replicas": "",
        ]
        let key = String(line.prefix { $0 != ":" })
        base[key] = line
        let spec = """
            \(base["nnc"]!)
            name: t
            inputs: [x]
            outputs: [y]
            network: {layers: [{dense: 1}]}
            data: {generate: {truth: "x", x: {linspace: [0, 1], points: 10}}}
            training:
              \(base["loss"]!)
              \(base["optimizer"]!)
              \(base["epochs"]!)
              \(base["batch_size"]!)
              \(base["replicas"]!)
            """
        #expect(!Self.errors(spec).isEmpty, "\(line)")
    }

    @Test func networkAndIncludeAreExclusive() {
        let both = """
            nnc: 1
            name: t
            inputs: [x]
            outputs: [y]
            include: net.yaml
            network: {layers: [{dense: 1}]}
            data: {generate: {truth: "x", x: {linspace: [0, 1], points: 10}}}
            training: {loss: mse, optimizer: adam, epochs: 10}
            """
        #expect(!Self.errors(both).isEmpty)
    }

    @Test func yamlCoreTyping() {
        #expect(JSONValue.core("1e-3") == .double(1e-3))
        #expect(JSONValue.core("1.0e-3") == .double(1e-3))
        #expect(JSONValue.core("12") == .int(12))
        #expect(JSONValue.core("no") == .string("no"))
        #expect(JSONValue.core("true") == .bool(true))
        #expect(JSONValue.core("~") == .null)
        #expect(JSONValue.core("x^2") == .string("x^2"))
    }
}

/// The schema against the repository's own specs: every spec in specs/ is
/// accepted; every spec in specs/invalid/ whose error a schema can see
/// (unknown keys, wrong types, vocabulary, single-value ranges) is rejected.
struct SpecSchemaRepositoryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func files(_ folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir + "/" + $0 }
    }

    static func json(_ path: String) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let document = YAMLParser.parse(SourceFile(path: path, text: String(decoding: data, as: UTF8.self)))
        return document.root.map { JSONValue(yaml: $0) }
    }

    /// Errors a schema cannot see: files on disk, and relations between values.
    static func schemaCanSee(_ code: String) -> Bool {
        let prefix = code.prefix(3)
        guard prefix == "E01" || prefix == "E02" || prefix == "E03" else { return false }
        return !["E0106", "E0107", "E0306", "E0310"].contains(code)
    }

    @Test func acceptsEverySpec() throws {
        let specs = Self.files("specs")
        #expect(specs.count >= 3)
        for path in specs {
            let value = try #require(Self.json(path), "\(path)")
            let errors = SpecSchemaTests.validator.validate(value)
            #expect(errors.isEmpty, "\(path): \(errors)")
        }
    }

    @Test func rejectsWhatItCanSee() {
        var checked = 0
        for path in Self.files("specs/invalid") {
            let code = String((path as NSString).lastPathComponent.prefix(5))
            guard Self.schemaCanSee(code) else { continue }
            guard let value = Self.json(path) else {
                Issue.record("\(path) does not parse")
                continue
            }
            checked += 1
            #expect(!SpecSchemaTests.validator.validate(value).isEmpty, "\(path) is accepted")
        }
        #expect(checked >= 20)
    }
}
