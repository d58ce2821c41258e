import NNCTrain
import Testing
@testable import nnc

/// The status line of `nnc train`, as text.
@Suite struct TrainProgressTests {
    func progress(replica: Int = 0, epoch: Int, validation: Double? = 0.0123, best: Double? = 0.011) -> FitProgress {
        FitProgress(replica: replica, epoch: epoch, epochs: 3000, trainLoss: 0.02, validationLoss: validation,
                    bestValidationLoss: best, validationAccuracy: nil, seconds: 1)
    }

    @Test func terminalLineHasBarLossesSpeedAndTimeLeft() {
        let line = TrainProgress.line(progress: progress(epoch: 750), done: 750, total: 3000, replicas: 1, seconds: 1.5, bar: true)
        #expect(line == "epoch 750/3000  [#####...............]  25%  train 0.02  val 0.0123 (best 0.011)  500 epochs/s  eta 5s")
    }

    @Test func plainLineForReplicas() {
        let line = TrainProgress.line(progress: progress(replica: 2, epoch: 10, validation: nil, best: nil), done: 40, total: 30000, replicas: 10, seconds: 4, bar: false)
        #expect(line == "replica_002 epoch 10/3000  train 0.02  10.0 epochs/s  eta 49m56s")
    }

    @Test func noSpeedAtTheStart() {
        let line = TrainProgress.line(progress: progress(epoch: 1), done: 1, total: 3000, replicas: 1, seconds: 0.01, bar: false)
        #expect(!line.contains("epochs/s") && !line.contains("eta"))
    }

    @Test func runFolderNames() {
        #expect(RunFolder.safeName("gluon-closure") == "gluon-closure")
        #expect(RunFolder.safeName("a b/c") == "a_b_c")
        #expect(RunFolder.safeName("..") == "run")
    }
}
