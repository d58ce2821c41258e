import ArgumentParser
import Dispatch
import Foundation
import NNCLowering
import NNCPlan
import NNCRuntime
import NNCSpec

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time training steps of a benchmark workload.",
        discussion: """
            WORKLOAD is tiny, replicas or wide (the specs in bench/specs/, the \
            workloads of ../shared/bench/peers.py) or the path of any spec. The \
            spec is compiled and lowered as `nnc build` does; the batch buffers \
            are filled with seeded random data (inputs from N(0, 1), one-hot \
            targets for a softmax output, uniform ones otherwise: the timing does \
            not depend on the values). After a warm-up, blocks of steps are timed \
            and the median block is reported: microseconds per training step \
            (per replica-step when the spec trains replicas, which run as \
            independent arenas, one thread per core taking replicas), GFLOP/s \
            from the plan's FLOP count, and the Swift heap allocations, retains \
            and releases per step (counted through the runtime's hooks over \
            further steps).

            Exit status: 0 done, 1 the spec has errors, 2 usage or I/O error.
            """)

    @Argument(help: "tiny, replicas, wide, or a spec file.")
    var workload: String

    @Option(help: "Steps per timed block (default: about 0.2 s of work).")
    var steps: Int?

    @Option(help: "Timed blocks; the median is reported.")
    var blocks = 7

    @Option(help: "Threads (default: the machine's cores). Replicas are spread over them; a single fit splits large products across them.")
    var threads: Int?

    @Option(name: .customLong("specs"), help: "The folder of the workload specs.")
    var specsFolder = "bench/specs"

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Also time each instruction of the training step (one replica, one thread).")
    var profile = false

    func validate() throws {
        if let steps, steps <= 0 { throw ValidationError("--steps must be a positive integer, not \(steps)") }
        if blocks <= 0 { throw ValidationError("--blocks must be a positive integer, not \(blocks)") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be a positive integer, not \(threads)") }
    }

    func run() throws {
        let path = workload.hasSuffix(".yaml") || workload.contains("/") ? workload : "\(specsFolder)/\(workload).yaml"
        let loaded = try CLI.loadSpec(path)
        let (lowered, diagnostics) = Lowering.lower(loaded.spec, options: LoweringOptions(mode: .training))
        CLI.report(diagnostics, sources: loaded.sources)
        guard let plan = lowered else { throw CommandFailure(code: Exit.inputErrors) }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let threadCount = threads ?? cores
        let replicas = max(1, loaded.spec.training.replicas.value)
        let result = try Bench.run(
            plan: plan, replicas: replicas, threads: threadCount, steps: steps, blocks: blocks)
        if json {
            print(result.json)
        } else {
            print(result.text(workload: workload, plan: plan))
        }
        if profile {
            print(try Bench.profile(plan: plan, threads: replicas == 1 ? threadCount : 1))
        }
    }
}

/// The measurement behind `nnc bench`.
enum Bench {
    struct Result {
        var replicas: Int
        var threads: Int
        var stepsPerBlock: Int
        var blocks: Int
        /// Median and fastest block, µs per step (per replica-step with replicas).
        var microseconds: Double
        var fastest: Double
        var gflops: Double
        var counts: AllocationCounter.Counts
        var countedSteps: Int
        var arenaBytes: Int

        var perStep: (allocations: Double, retains: Double, releases: Double) {
            let n = Double(max(countedSteps, 1))
            return (Double(counts.allocations) / n, Double(counts.retains) / n, Double(counts.releases) / n)
        }

        var json: String {
            let p = perStep
            let fields: [(String, String)] = [
                ("us_per_step", String(format: "%.3f", microseconds)),
                ("us_per_step_min", String(format: "%.3f", fastest)),
                ("gflops", String(format: "%.2f", gflops)),
                ("allocations_per_step", fmt(p.allocations)),
                ("retains_per_step", fmt(p.retains)),
                ("releases_per_step", fmt(p.releases)),
                ("arena_bytes", "\(arenaBytes)"),
                ("replicas", "\(replicas)"),
                ("threads", "\(threads)"),
                ("steps_per_block", "\(stepsPerBlock)"),
                ("blocks", "\(blocks)"),
            ]
            return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }

        func fmt(_ x: Double) -> String {
            x == x.rounded() ? String(Int(x)) : String(format: "%.3f", x)
        }

        func text(workload: String, plan: Plan) -> String {
            let widths = ([plan.inputs.count] + plan.layers.map(\.outFeatures)).map(String.init).joined(separator: "-")
            let p = perStep
            let unit = replicas > 1 ? "µs per replica-step (\(replicas) replicas on \(threads) threads)" : "µs per step"
            return """
                \(workload): \(widths), batch \(plan.batchSize), \(plan.flopsPerStep) FLOP per step
                  \(String(format: "%.2f", microseconds)) \(unit), fastest block \(String(format: "%.2f", fastest)) \
                (median of \(blocks) blocks of \(stepsPerBlock) steps)
                  \(String(format: "%.1f", gflops)) GFLOP/s
                  allocations per step: \(fmt(p.allocations)) (retains \(fmt(p.retains)), releases \(fmt(p.releases)); over \(countedSteps) steps)
                  arena: \(arenaBytes) bytes\(replicas > 1 ? " per replica" : "")
                """
        }
    }

    /// Fills the batch buffers with seeded values; returns them to be loaded before each step.
    static func batch(for plan: Plan, seed: UInt64) -> (input: [Float], target: [Float]) {
        var g = RandomGenerator(seed: seed)
        let n = plan.batchSize
        let input = (0..<(plan.inputs.count * n)).map { _ in Float(g.normal()) }
        let classes = plan.layers.last?.activation.kind == .softmax
        var target = [Float](repeating: 0, count: plan.outputs.count * n)
        if classes {
            for b in 0..<n { target[Int(g.next() % UInt64(plan.outputs.count)) * n + b] = 1 }
        } else {
            for i in target.indices { target[i] = g.uniformFloat() }
        }
        return (input, target)
    }

    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }

    static func run(plan: Plan, replicas: Int, threads: Int, steps: Int?, blocks: Int) throws -> Result {
        // A single fit splits its large products across the threads; replicas
        // run one per thread, each on one core.
        let single = replicas == 1
        let interpreters = try (0..<replicas).map { r -> Interpreter in
            let it = try Interpreter(plan: plan, threads: single ? threads : 1)
            it.initializeParameters(seed: UInt64(1000 + r))
            return it
        }
        let data = (0..<replicas).map { batch(for: plan, seed: UInt64(2000 + $0)) }
        let workers = single ? 1 : min(threads, replicas)

        // Each worker trains its share of the replicas for `count` steps.
        func train(_ count: Int) {
            if workers == 1 {
                for (r, it) in interpreters.enumerated() {
                    step(it, data[r], count)
                }
                return
            }
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var r = w
                while r < replicas {
                    step(interpreters[r], data[r], count)
                    r += workers
                }
            }
        }

        // Warm up, then size the blocks to about 0.2 s each.
        train(5)
        var perBlock = steps ?? 0
        if perBlock == 0 {
            let t0 = now()
            train(20)
            let each = max((now() - t0) / 20, 1e-7)
            perBlock = max(10, Int(0.2 / each))
        }
        var times: [Double] = []
        for _ in 0..<blocks {
            let t0 = now()
            train(perBlock)
            times.append(now() - t0)
        }
        times.sort()
        let scale = 1e6 / Double(perBlock * replicas)
        let median = times[times.count / 2] * scale
        let fastest = times[0] * scale
        let gflops = Double(plan.flopsPerStep) / (median * 1e-6) * 1e-9

        // Allocations and reference counting over further steps of the first replica.
        let counted = min(perBlock, 1000)
        let first = interpreters[0]  // bound once: indexing the array inside would retain
        let counts = data[0].input.withUnsafeBufferPointer { x in
            data[0].target.withUnsafeBufferPointer { t in
                AllocationCounter.measure(references: true) {
                    for _ in 0..<counted {
                        first.load(input: x.baseAddress!, target: t.baseAddress, rows: plan.batchSize)
                        first.trainStep()
                    }
                }
            }
        }
        return Result(
            replicas: replicas, threads: single ? threads : workers, stepsPerBlock: perBlock, blocks: blocks,
            microseconds: median, fastest: fastest, gflops: gflops, counts: counts, countedSteps: counted,
            arenaBytes: plan.arenaBytes)
    }

    /// A table of the training step's instructions with their mean time.
    static func profile(plan: Plan, threads: Int) throws -> String {
        let it = try Interpreter(plan: plan, threads: threads)
        it.initializeParameters(seed: 1000)
        let data = batch(for: plan, seed: 2000)
        let rows = data.input.withUnsafeBufferPointer { x in
            data.target.withUnsafeBufferPointer { t in
                it.profileTrainStep(steps: 200) {
                    it.load(input: x.baseAddress!, target: t.baseAddress, rows: plan.batchSize)
                }
            }
        }
        let total = rows.reduce(0) { $0 + $1.seconds }
        var text = "per instruction (mean of 200 steps, µs):\n"
        for row in rows {
            text += String(format: "  %10.2f  %5.1f%%  ", row.seconds * 1e6, row.seconds / total * 100) + row.name + "\n"
        }
        text += String(format: "  %10.2f  total", total * 1e6)
        return text
    }

    /// `count` training steps, each loading the batch first (the plan may reuse its space).
    static func step(_ it: Interpreter, _ data: (input: [Float], target: [Float]), _ count: Int) {
        data.input.withUnsafeBufferPointer { x in
            data.target.withUnsafeBufferPointer { t in
                for _ in 0..<count {
                    it.load(input: x.baseAddress!, target: t.baseAddress, rows: it.batchSize)
                    it.trainStep()
                }
            }
        }
    }
}
