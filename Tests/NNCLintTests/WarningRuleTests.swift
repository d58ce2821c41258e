import Foundation
import NNCDiagnostics
import NNCSpec
import Testing

@testable import NNCCheck

/// Each warning rule on specs built in code: where it fires, where it lands,
/// and the boundaries of its thresholds.
struct WarningRuleTests {
    typealias L = SpecBuilder.LayerSpec

    func run(_ rule: any Rule.Type, _ b: SpecBuilder, points: Int? = nil, ranges: [String: ClosedRange<Double>]? = nil)
        -> [Diagnostic]
    {
        let spec = b.build()
        return rule.check(spec, RuleContext(spec: spec, totalPoints: points, targetRanges: ranges))
    }

    func stack(_ n: Int, _ a: ActivationKind, units: Int = 16, init i: InitializerKind? = nil) -> [L] {
        Array(repeating: L(units: units, activation: a, initializer: i), count: n) + [L(units: 1)]
    }

    @Test func warningRulesHaveWarningCodes() {
        for rule in Checker.rules where rule.severity == .warning {
            #expect(rule.code.rawValue.hasPrefix("W0") && !rule.code.rawValue.hasPrefix("W09"), "\(rule.code)")
        }
        #expect(Checker.rules.filter { $0.severity == .warning }.count == 11)
    }

    @Test func deepSaturatingThresholds() {
        var b = SpecBuilder()
        b.layers = stack(3, .tanh)
        #expect(run(DeepSaturatingStackRule.self, b).isEmpty)
        b.layers = stack(4, .tanh)
        let d = run(DeepSaturatingStackRule.self, b)
        #expect(d.map(\.span) == [SpecBuilder.activationSpan(0)])
        #expect(d.first?.notes.count == 5)
        b.layers = stack(3, .sigmoid)
        #expect(run(DeepSaturatingStackRule.self, b).first?.notes.contains { $0.message.contains("64-fold") } == true)
        b.layers = stack(2, .sigmoid) + [L(units: 1, activation: .sigmoid)]
        #expect(run(DeepSaturatingStackRule.self, b).isEmpty, "the output layer is not hidden")
    }

    @Test func heWithSaturatingGroupsByWrittenInit() {
        var b = SpecBuilder()
        b.networkInit = .heNormal
        b.layers = [L(units: 8, activation: .tanh), L(units: 8, activation: .sigmoid), L(units: 8, activation: .relu), L(units: 1)]
        let d = run(HeInitSaturatingRule.self, b)
        #expect(d.count == 1)
        #expect(d.first?.span == SpecBuilder.networkInitSpan)
        #expect(d.first?.message.contains("'dense_0' and 'dense_1'") == true)
        b.layers[1].initializer = .heUniform
        let two = run(HeInitSaturatingRule.self, b)
        #expect(two.map(\.span) == [SpecBuilder.networkInitSpan, SpecBuilder.initSpan(1)])
        b.networkInit = .glorotNormal
        b.layers[1].initializer = nil
        #expect(run(HeInitSaturatingRule.self, b).isEmpty)
    }

    @Test func glorotDeepReLU() {
        var b = SpecBuilder()
        b.layers = stack(4, .relu)
        #expect(run(GlorotDeepReLURule.self, b).isEmpty)
        b.layers = stack(5, .relu)
        #expect(run(GlorotDeepReLURule.self, b).map(\.span) == [SpecBuilder.networkInitSpan])
        b.networkInit = .heNormal
        #expect(run(GlorotDeepReLURule.self, b).isEmpty)
    }

    @Test func zerosHiddenInit() {
        var b = SpecBuilder()
        b.networkInit = .zeros
        b.layers = [L(units: 16, activation: .tanh), L(units: 1)]
        #expect(run(ZerosHiddenInitRule.self, b).map(\.span) == [SpecBuilder.networkInitSpan])
        // Random next layer: a zero tanh layer recovers.
        b.layers[1].initializer = .glorotUniform
        #expect(run(ZerosHiddenInitRule.self, b).isEmpty)
        // ...but a zero relu layer never gets a gradient.
        b.layers[0].activation = .relu
        #expect(run(ZerosHiddenInitRule.self, b).count == 1)
        // Only the output layer at zero: fine.
        b = SpecBuilder()
        b.layers = [L(units: 16, activation: .relu), L(units: 1, initializer: .zeros)]
        #expect(run(ZerosHiddenInitRule.self, b).isEmpty)
    }

    @Test func seluInit() {
        var b = SpecBuilder()
        b.layers = [L(units: 8, activation: .selu), L(units: 1)]
        #expect(run(SELUInitRule.self, b).map(\.span) == [SpecBuilder.networkInitSpan])
        b.networkInit = .lecunNormal
        #expect(run(SELUInitRule.self, b).isEmpty)
    }

    @Test func boundedOutputUsesTheTruthsRange() {
        var b = SpecBuilder()
        b.layers = [L(units: 8, activation: .tanh), L(units: 1, activation: .tanh)]
        // sin(3x) on [0, 1] peaks at 1; with noise 0.05 × 3 it leaves (-1, 1).
        #expect(run(BoundedOutputRegressionRule.self, b).map(\.span) == [SpecBuilder.activationSpan(1)])
        b.noise = nil
        b.truthExpression = .binary(.multiply, .number(0.5), .variable("x"))
        #expect(run(BoundedOutputRegressionRule.self, b).isEmpty)
        b.layers[1].activation = .sigmoid
        b.lower = -1
        // 0.5x on [-1, 1] goes below 0.
        #expect(run(BoundedOutputRegressionRule.self, b).count == 1)
        b.loss = .binaryCrossentropy
        #expect(run(BoundedOutputRegressionRule.self, b).isEmpty, "only regression losses")
    }

    @Test func boundedOutputWithKnownOrUnknownTargets() {
        var b = SpecBuilder()
        b.layers = [L(units: 8, activation: .tanh), L(units: 1, activation: .sigmoid)]
        #expect(run(BoundedOutputRegressionRule.self, b, ranges: ["y": 0.1...0.9]).isEmpty)
        #expect(run(BoundedOutputRegressionRule.self, b, ranges: ["y": 0.1...1.5]).count == 1)
        // A truth that cannot be evaluated: the targets are unknown, so the rule warns.
        b.truthExpression = .variable("unknown")
        let d = run(BoundedOutputRegressionRule.self, b)
        #expect(d.first?.message.contains("may not fit") == true)
    }

    @Test func outputDropout() {
        var b = SpecBuilder()
        b.layers = [L(units: 8, activation: .tanh, dropout: 0.1), L(units: 1, dropout: 0.2)]
        #expect(run(OutputDropoutRule.self, b).map(\.span) == [SpecBuilder.dropoutSpan(1)])
        b.layers[1].dropout = 0
        #expect(run(OutputDropoutRule.self, b).isEmpty)
    }

    @Test(arguments: [
        (OptimizerKind.adam, 0.1, false), (.adam, 0.11, true), (.adam, 1e-6, false), (.adam, 9e-7, true),
        (.adamw, 0.5, true), (.rmsprop, 0.05, false), (.sgd, 1.0, false), (.sgd, 1.5, true),
        (.sgd, 1e-6, true), (.adagrad, 0.5, false), (.adagrad, 2, true),
        // Not positive: the checker's error, not a warning.
        (.adam, 0, false), (.sgd, -1, false),
    ])
    func learningRateRanges(kind: OptimizerKind, rate: Double, fires: Bool) {
        var b = SpecBuilder()
        b.optimizer = Optimizer(kind, values: ["learning_rate": rate])
        let d = run(LearningRateRangeRule.self, b)
        #expect(d.count == (fires ? 1 : 0))
        if fires { #expect(d.first?.span == SpecBuilder.optimizerSpan) }
    }

    @Test func epochsCountSteps() {
        var b = SpecBuilder()
        b.epochs = 99
        #expect(run(EpochRangeRule.self, b).map(\.span) == [SpecBuilder.epochsSpan])
        b.epochs = 100
        #expect(run(EpochRangeRule.self, b).isEmpty)
        // 150 training points in batches of 10: 15 steps an epoch, 7 epochs = 105 steps.
        b.epochs = 7
        b.batch = .size(10)
        #expect(run(EpochRangeRule.self, b).isEmpty)
        b.epochs = 6
        #expect(run(EpochRangeRule.self, b).count == 1)
        b.epochs = 2_000_000
        #expect(run(EpochRangeRule.self, b).isEmpty, "with stopping, a large count is a cap")
        b.stopping = nil
        #expect(run(EpochRangeRule.self, b).first?.message.contains("no early stopping") == true)
        b.epochs = 200_000_000
        #expect(run(EpochRangeRule.self, b).isEmpty, "above the checker's limit it is an error")
    }

    @Test func largeBatch() {
        var b = SpecBuilder()
        // 200 points, 50 for validation: 150 for training.
        for (size, fires) in [(75, false), (76, true), (149, true), (150, false), (151, false)] {
            b.batch = .size(size)
            #expect(run(LargeBatchRule.self, b).count == (fires ? 1 : 0), "batch \(size)")
        }
        b.batch = .full
        #expect(run(LargeBatchRule.self, b).isEmpty)
    }

    @Test func overparameterised() {
        var b = SpecBuilder()
        b.points = 40
        b.stopping = nil
        b.layers = [L(units: 64, activation: .tanh), L(units: 64, activation: .tanh), L(units: 1)]
        // 4,353 parameters for 30 training values.
        let d = run(OverparameterisedRule.self, b)
        #expect(d.map(\.span) == [SpecBuilder.unitsSpan(1)])
        #expect(d.first?.message.hasPrefix("4353 parameters for 30 training values") == true)
        b.stopping = Stopping(patience: 10)
        #expect(run(OverparameterisedRule.self, b).isEmpty)
        b.stopping = nil
        b.optimizer = Optimizer(.adamw)
        #expect(run(OverparameterisedRule.self, b).isEmpty, "adamw decays the weights")
        b.optimizer = Optimizer(.adam)
        b.layers[0].dropout = 0.1
        #expect(run(OverparameterisedRule.self, b).isEmpty)
        b.layers[0].dropout = 0
        // 10 parameters per value is the threshold: 4,353 / 10 = 435 values is not enough.
        #expect(run(OverparameterisedRule.self, b, points: 580).count == 1)
        #expect(run(OverparameterisedRule.self, b, points: 581).isEmpty)
    }

    @Test func everyRuleIsQuietOnTheDesignExample() {
        // DESIGN §2: 1-25-20-1 tanh, dropout, adam 1e-3, stopping, 200 points.
        var b = SpecBuilder()
        b.networkInit = .glorotNormal
        b.layers = [L(units: 25, activation: .tanh), L(units: 20, activation: .tanh, dropout: 0.1), L(units: 1)]
        b.epochs = 20000
        b.stopping = Stopping(patience: 2000)
        #expect(Checker.warnings(in: b.build()).isEmpty)
    }
}

/// Lint's catalogue entries meet the catalogue's bar: several paragraphs, an example and a fix.
struct LintCatalogueTests {
    @Test func everyLintCodeIsExplained() {
        let lint = Catalogue.all.filter { $0.code.rawValue.hasPrefix("W") || $0.code.rawValue.hasPrefix("E09") }
        #expect(lint.count >= Checker.rules.filter { $0.severity == .warning }.count + 5)
        for info in lint {
            let paragraphs = info.explanation.components(separatedBy: "\n\n").filter {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            #expect(paragraphs.count >= 3, "\(info.code)")
            #expect(info.explanation.count >= 150, "\(info.code)")
            #expect(info.explanation.contains("Fix"), "\(info.code)")
        }
    }
}

struct FormatNumberTests {
    @Test(arguments: [(0.5, "0.5"), (2.0, "2"), (1e-6, "1e-6"), (3.2e7, "3.2e7"), (0.001, "0.001"), (1e-10, "1e-10"), (-2.5e-5, "-2.5e-5")])
    func formats(_ x: Double, _ expected: String) {
        #expect(formatNumber(x) == expected)
    }
}
