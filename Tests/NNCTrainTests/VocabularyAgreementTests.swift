import Foundation
import NNCCheck
import NNCDiagnostics
import NNCLowering
import NNCPlan
import NNCSpec
import Testing
@testable import NNCTrain

/// No build/train disagreement: every word of the vocabulary, with each of
/// its parameters at the ends of its accepted range (from the vocabulary's
/// own ranges, so a word or range added later is covered too), passes the
/// front end, lowers, and trains an epoch with finite losses — whatever
/// `nnc build` accepts, `nnc train` runs.
@Suite struct VocabularyAgreementTests {
    /// One spec to try, and what it exercises.
    struct Case: CustomStringConvertible {
        var label: String
        var activation = "tanh"
        var output = "linear"
        var outputs = 1
        var initializer = "glorot_uniform"
        var loss = "mse"
        var optimizer = "{adam: {learning_rate: 1.0e-3}}"
        var layerOptions = ""
        var noise = "noise: {absolute: 0.05}"
        var classes = false
        var description: String { label }

        var text: String {
            let names = (0..<outputs).map { "y\($0)" }
            let truth: String
            if classes && outputs > 1 {
                // One-hot classes by the sign of x (no grid point is 0).
                truth = "{y0: \"(abs(x) - x) / (2 * abs(x))\", y1: \"(x + abs(x)) / (2 * abs(x))\"}"
            } else if classes {
                truth = "\"(x + abs(x)) / (2 * abs(x))\""
            } else {
                truth = outputs == 1 ? "\"x^2\"" : "{" + names.map { "\($0): \"x^2\"" }.joined(separator: ", ") + "}"
            }
            return """
                nnc: 1
                name: agreement
                inputs: [x]
                outputs: [\(names.joined(separator: ", "))]
                network:
                  init: \(initializer)
                  layers:
                    - {dense: 6, activation: \(activation)\(layerOptions)}
                    - {dense: \(outputs), activation: \(output)}
                data:
                  generate:
                    truth: \(truth)
                    x: {linspace: [-1, 1], points: 16}
                    \(classes ? "" : noise)
                    seed: 1
                  validation: {fraction: 0.25, seed: 2}
                training:
                  loss: \(loss)
                  optimizer: \(optimizer)
                  batch_size: 4
                  epochs: 1
                  seed: 3
                """
        }
    }

    /// A word with one parameter set to `value` (flow form).
    static func word(_ name: String, _ parameter: String, _ value: Double) -> String {
        "{\(name): {\(parameter): \(value)}}"
    }

    static var cases: [Case] {
        var out: [Case] = []
        for kind in ActivationKind.allCases where !kind.outputOnly {
            out.append(Case(label: "activation \(kind.rawValue)", activation: kind.rawValue))
            for p in kind.parameters where p.kind == .number {
                for v in p.range.extremes {
                    out.append(Case(label: "activation \(kind.rawValue) \(p.name) \(v)", activation: word(kind.rawValue, p.name, v)))
                }
            }
        }
        for kind in InitializerKind.allCases {
            out.append(Case(label: "init \(kind.rawValue)", initializer: kind.rawValue))
            for p in kind.parameters where p.kind == .number {
                for v in p.range.extremes {
                    out.append(Case(label: "init \(kind.rawValue) \(p.name) \(v)", initializer: word(kind.rawValue, p.name, v)))
                }
            }
        }
        for kind in LossKind.allCases {
            switch kind {
            case .categoricalCrossentropy:
                // Always with the softmax it needs (E0404 otherwise), fused.
                out.append(Case(label: "loss categorical_crossentropy + softmax", output: "softmax", outputs: 2,
                                loss: kind.rawValue, classes: true))
            case .binaryCrossentropy:
                out.append(Case(label: "loss binary_crossentropy + sigmoid", output: "sigmoid", loss: kind.rawValue, classes: true))
                out.append(Case(label: "loss binary_crossentropy + sigmoid, two outputs", output: "sigmoid", outputs: 2,
                                loss: kind.rawValue, classes: true))
            default:
                out.append(Case(label: "loss \(kind.rawValue)", loss: kind.rawValue))
            }
            for p in kind.parameters where p.kind == .number {
                for v in p.range.extremes {
                    out.append(Case(label: "loss \(kind.rawValue) \(p.name) \(v)", loss: word(kind.rawValue, p.name, v)))
                }
            }
        }
        for kind in OptimizerKind.allCases {
            out.append(Case(label: "optimizer \(kind.rawValue)", optimizer: kind.rawValue))
            for p in kind.parameters {
                switch p.kind {
                case .number:
                    for v in p.range.extremes {
                        out.append(Case(label: "optimizer \(kind.rawValue) \(p.name) \(v)", optimizer: word(kind.rawValue, p.name, v)))
                    }
                case .flag:
                    out.append(Case(label: "optimizer \(kind.rawValue) \(p.name)",
                                    optimizer: "{\(kind.rawValue): {\(p.name): true, momentum: 0.9}}"))
                case .text, .integer:
                    break
                }
            }
        }
        // Learning-rate schedules: each parameter at the ends of its range, the others at a middle value.
        let middle: [String: String] = ["decay_rate": "0.5", "decay_epochs": "10", "factor": "0.5", "every": "10", "patience": "5"]
        for kind in ScheduleKind.allCases {
            func schedule(_ name: String? = nil, _ value: String? = nil) -> String {
                var entries = kind.parameters.filter(\.required).map { "\($0.name): \(middle[$0.name]!)" }
                if let name, let value {
                    entries.removeAll { $0.hasPrefix(name + ":") }
                    entries.append("\(name): \(value)")
                }
                return "{adam: {learning_rate: {\(kind.rawValue): {\(entries.joined(separator: ", "))}}}}"
            }
            out.append(Case(label: "schedule \(kind.rawValue)", optimizer: schedule()))
            for p in kind.parameters {
                for v in p.range.extremes {
                    let text = p.kind == .integer ? String(Int(v)) : "\(v)"
                    out.append(Case(label: "schedule \(kind.rawValue) \(p.name) \(text)", optimizer: schedule(p.name, text)))
                }
            }
        }
        // Layer options at the ends of their ranges: dropout in [0, 1), l2 0 or more.
        for v in ParameterRange.unitOpen.extremes {
            out.append(Case(label: "dropout \(v)", layerOptions: ", dropout: \(v)"))
        }
        for v in ParameterRange.nonNegative.extremes {
            out.append(Case(label: "l2 \(v)", layerOptions: ", l2: \(v)"))
        }
        out.append(Case(label: "no bias", layerOptions: ", bias: false"))
        return out
    }

    @Test(arguments: VocabularyAgreementTests.cases)
    func acceptedSpecsTrain(_ c: Case) throws {
        let sources = SourceManager()
        let front = Frontend.compile(text: c.text, path: "agreement.yaml", sources: sources)
        // Every value here is inside its accepted range: the front end must take it.
        #expect(!front.hasErrors, "\(c): \(TextRenderer(sources: sources).render(front.diagnostics))")
        guard let spec = front.spec, !front.hasErrors else { return }
        let (lowered, diagnostics) = Lowering.lower(spec, options: LoweringOptions())
        #expect(!diagnostics.hasErrors, "\(c): \(diagnostics.map(\.message))")
        let plan = try #require(lowered, "\(c) did not lower")
        let folder = try temporaryFolder("agree")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = try TrainingData.load(spec: spec)
        let summary = try Trainer.run(
            spec: spec, data: data, layout: ParameterLayout(plan: plan), planHash: SHA256.hex(try plan.jsonData(pretty: false)),
            options: TrainOptions(folder: folder, threads: 1), makeEngine: { _ in try InterpreterEngine(plan: plan) })
        let fit = try #require(summary.replicas.first)
        #expect(fit.finalTrainLoss?.isFinite == true, "\(c): training loss \(String(describing: fit.finalTrainLoss))")
        #expect(fit.finalValidationLoss?.isFinite == true, "\(c): validation loss \(String(describing: fit.finalValidationLoss))")
    }

    /// The generated cases reach every word of every list.
    @Test func everyWordIsCovered() {
        let labels = Self.cases.map(\.label).joined(separator: "\n")
        for name in ActivationKind.names + InitializerKind.names + LossKind.names + OptimizerKind.names {
            #expect(labels.contains(name), "\(name) is never exercised")
        }
    }
}
