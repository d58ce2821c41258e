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
            WORKLOAD is tiny, replicas or wide (the workloads of \
            ../shared/bench/peers.py, built into nnc; bench/specs/ holds readable \
            copies) or the path of any spec. The \
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

            The numeric kernels come in variants for the CPU's instruction set \
            (baseline x86-64, avx2, avx512); the best this CPU supports runs, and \
            --kernels forces one. The report names the variant, the CPU and its \
            features, and the threads.

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

    @Option(name: .customLong("specs"), help: "Read tiny, replicas and wide from this folder instead of the copies built into nnc.")
    var specsFolder: String?

    @Option(help: "The kernel variant to run (default: the best this CPU supports).")
    var kernels: KernelVariant?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Also time each instruction of the training step (one replica, one thread).")
    var profile = false

    func validate() throws {
        if let steps, steps <= 0 { throw ValidationError("--steps must be a positive integer, not \(steps)") }
        if blocks <= 0 { throw ValidationError("--blocks must be a positive integer, not \(blocks)") }
        if let threads, threads <= 0 { throw ValidationError("--threads must be a positive integer, not \(threads)") }
        if let kernels, let problem = Self.unsupported(kernels, on: .current) {
            throw ValidationError(problem)
        }
    }

    /// Reads, checks and lowers the spec at `path` for training, as `nnc build` does.
    static func lower(_ path: String) throws -> (LoadedSpec, Plan) {
        let loaded = try CLI.loadSpec(path)
        let (lowered, diagnostics) = Lowering.lower(loaded.spec, options: LoweringOptions(mode: .training))
        CLI.report(diagnostics, sources: loaded.sources)
        guard let plan = lowered else { throw CommandFailure(code: Exit.inputErrors) }
        return (loaded, plan)
    }

    /// Why `--kernels variant` cannot run on `cpu`, or nil when it can.
    static func unsupported(_ variant: KernelVariant, on cpu: CPUFeatures) -> String? {
        guard let reason = variant.unsupportedReason(on: cpu) else { return nil }
        let best = KernelVariant.allCases.last { $0.unsupportedReason(on: cpu) == nil } ?? .baseline
        return "--kernels \(variant): \(reason); use --kernels \(best), or leave --kernels out to run the best this CPU supports"
    }

    func run() throws {
        let (loaded, plan): (LoadedSpec, Plan)
        if let builtin = BenchWorkload(rawValue: workload), specsFolder == nil {
            (loaded, plan) = try builtin.withSpecFile(Self.lower)
        } else {
            let folder = specsFolder ?? "bench/specs"
            (loaded, plan) = try Self.lower(workload.hasSuffix(".yaml") || workload.contains("/") ? workload : "\(folder)/\(workload).yaml")
        }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let threadCount = threads ?? cores
        let replicas = max(1, loaded.spec.training.replicas.value)
        let variant = kernels ?? .best
        let result = try Bench.run(
            plan: plan, replicas: replicas, threads: threadCount, steps: steps, blocks: blocks, kernels: variant)
        if json {
            print(result.json)
        } else {
            print(result.text(workload: workload, plan: plan))
        }
        if profile {
            print(try Bench.profile(plan: plan, threads: replicas == 1 ? threadCount : 1, kernels: variant))
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
        var kernels: KernelVariant
        var cpu: CPUFeatures

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
                ("kernels", quoted(kernels.rawValue)),
                ("cpu", quoted(cpu.model)),
                ("cpu_features", "[" + cpu.names.map(quoted).joined(separator: ", ") + "]"),
                ("replicas", "\(replicas)"),
                ("threads", "\(threads)"),
                ("steps_per_block", "\(stepsPerBlock)"),
                ("blocks", "\(blocks)"),
            ]
            return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }

        /// A JSON string (model names and feature names are plain ASCII; quotes and backslashes escaped).
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
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
                  kernels: \(kernels)\(kernels == .best ? "" : " (forced; this CPU's best is \(KernelVariant.best))"), \
                \(threads) thread\(threads == 1 ? "" : "s")
                  CPU: \(cpu.model.isEmpty ? "unknown model" : cpu.model); features: \(cpu.names.joined(separator: " "))
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

    static func run(
        plan: Plan, replicas: Int, threads: Int, steps: Int?, blocks: Int, kernels: KernelVariant
    ) throws -> Result {
        // A single fit splits its large products across the threads; replicas
        // run one per thread, each on one core.
        let single = replicas == 1
        let interpreters = try (0..<replicas).map { r -> Interpreter in
            let it = try Interpreter(plan: plan, threads: single ? threads : 1, kernels: kernels)
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
            arenaBytes: plan.arenaBytes, kernels: kernels, cpu: .current)
    }

    /// A table of the training step's instructions with their mean time.
    static func profile(plan: Plan, threads: Int, kernels: KernelVariant) throws -> String {
        let it = try Interpreter(plan: plan, threads: threads, kernels: kernels)
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

extension KernelVariant: ExpressibleByArgument {}
