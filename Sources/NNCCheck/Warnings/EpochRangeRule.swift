import NNCDiagnostics
import NNCSpec

/// W0302: an epoch count outside any sensible range.
///
/// What a fit needs is optimiser steps, not epochs: steps = epochs × batches
/// per epoch. Fewer than 100 steps in all cannot take a network from a random
/// start to a fit (adam at its default rate moves a weight by at most 0.1 in
/// 100 steps). More than a million epochs with no early stopping burns time
/// long after any fit has converged — and with nothing to stop it, fits the noise.
public enum EpochRangeRule: Rule {
    /// Fewer optimiser steps than this in the whole run is too few to fit anything.
    public static let minimumSteps = 100
    /// More epochs than this without early stopping is too many.
    public static let maximumEpochsWithoutStopping = 1_000_000

    public static let code: DiagnosticCode = .epochsUnusual
    public static let name = "epoch-range"
    public static let rationale = """
        Training needs enough optimiser steps to leave the random start (at least 100 in \
        all), and more than a million epochs only makes sense with early stopping.
        """
    public static let reads = ["training.epochs", "training.stopping", "training.batch_size", "data.train", "data.generate.sampling", "data.validation"]

    public static let triggering: [RuleExample] = [
        RuleExample(training: """
            loss: mse
            optimizer: adam
            batch_size: full
            epochs: ↓20
            stopping: {patience: 5}
            """),
        RuleExample(training: """
            loss: mse
            optimizer: adam
            epochs: ↓5000000
            """),
    ]
    public static let nonTriggering: [RuleExample] = [
        // 5 epochs of 150 points in batches of 1: 750 steps.
        RuleExample(training: """
            loss: mse
            optimizer: adam
            batch_size: 1
            epochs: 5
            """),
        RuleExample(training: """
            loss: mse
            optimizer: adam
            epochs: 5000000
            stopping: {patience: 1000}
            """),
    ]

    public static func check(_ spec: Spec, _ context: RuleContext) -> [Diagnostic] {
        let epochs = context.spec.training.epochs
        // A count below 1 or above the checker's limit is the checker's error (E0305).
        guard epochs.value > 0, epochs.value <= EpochsRule.maxEpochs else { return [] }
        if epochs.value > Self.maximumEpochsWithoutStopping && context.spec.training.stopping == nil {
            return [
                finding(
                    at: epochs.span,
                    "\(epochs.value) epochs with no early stopping: the fit will have converged (or started fitting the noise) long before the end",
                    label: "more than \(Self.maximumEpochsWithoutStopping) epochs",
                    notes: [DiagnosticNote("add stopping: {patience: ...} with a validation set, or train fewer epochs")])
            ]
        }
        guard let perEpoch = stepsPerEpoch(context) else { return [] }
        let steps = epochs.value.multipliedReportingOverflow(by: perEpoch)
        guard !steps.overflow, steps.partialValue < Self.minimumSteps else { return [] }
        let per = perEpoch == 1 ? "1 step" : "\(perEpoch) steps"
        return [
            finding(
                at: epochs.span,
                "\(epochs.value) epochs of \(per) is \(steps.partialValue) optimiser steps in all: too few to fit a network from its random start",
                label: "fewer than \(Self.minimumSteps) steps",
                notes: [DiagnosticNote("train for at least \(Self.minimumSteps) steps; with early stopping a large epoch count costs nothing")])
        ]
    }

    /// Optimiser steps per epoch: one for full batches, else the number of batches.
    static func stepsPerEpoch(_ context: RuleContext) -> Int? {
        switch context.spec.training.batchSize.value {
        case .full: return 1
        case .size(let b):
            guard b > 0, let n = context.trainingPoints, n > 0 else { return nil }
            return (n + b - 1) / b
        }
    }
}
