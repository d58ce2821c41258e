import Foundation
import Testing
import NNCKernels
@testable import NNCRuntime
@testable import nnc

/// `nnc bench`: the workloads are built into the binary (and equal to the
/// readable copies in bench/specs/), and the report says which kernels ran.
@Suite struct BenchCommandTests {
    @Test(arguments: BenchWorkload.allCases)
    func builtInWorkloadEqualsTheReadableCopy(_ workload: BenchWorkload) throws {
        let url = NNCProcess.packageRoot.appendingPathComponent("bench/specs/\(workload.rawValue).yaml")
        let file = try String(contentsOf: url, encoding: .utf8)
        #expect(workload.specText == file, "bench/specs/\(workload.rawValue).yaml differs from the copy built into nnc")
    }

    /// The built-in wide workload lowers to the peers' network without bench/specs/data.
    @Test func builtInWideLowersToThePeersNetwork() throws {
        let (_, plan) = try BenchWorkload.wide.withSpecFile(BenchCommand.lower)
        #expect(plan.layers.map(\.outFeatures) == [512, 512, 10])
        #expect(plan.inputs.count == 784 && plan.batchSize == 128)
    }

    static func json(_ stdout: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], "not JSON: \(stdout)")
    }

    /// Run from an empty folder, outside the repository.
    @Test(arguments: ["tiny", "replicas", "wide"])
    func runsFromAnyFolderAndNamesTheKernels(_ workload: String) throws {
        let r = try NNCProcess.run(["bench", workload, "--steps", "2", "--blocks", "1", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try Self.json(r.stdout)
        #expect(json["kernels"] as? String == KernelVariant.best.rawValue)
        #expect(json["cpu_features"] as? [String] == CPUFeatures.current.names)
        #expect(json["cpu"] as? String == CPUFeatures.current.model)
        #expect((json["threads"] as? Int ?? 0) >= 1)
        #expect(json["allocations_per_step"] as? Int == 0)
    }

    @Test func textReportNamesTheKernelsCPUAndThreads() throws {
        let r = try NNCProcess.run(["bench", "tiny", "--steps", "2", "--blocks", "1", "--threads", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "tiny: 1-25-25-1, batch 256, 1096326 FLOP per step")
        #expect(lines.contains("  kernels: \(KernelVariant.best), 1 thread"))
        #expect(lines.contains { $0.hasPrefix("  CPU: ") && $0.contains("features: ") })
    }

    /// Every variant this CPU runs can be forced; the others are refused with exit 2.
    @Test(arguments: KernelVariant.allCases)
    func kernelsFlagForcesAVariantOrIsRefused(_ variant: KernelVariant) throws {
        let r = try NNCProcess.run(["bench", "tiny", "--steps", "2", "--blocks", "1", "--json", "--kernels", variant.rawValue])
        if variant.isSupported {
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try Self.json(r.stdout)["kernels"] as? String == variant.rawValue)
        } else {
            #expect(r.status == 2)
            #expect(r.stderr.contains("--kernels \(variant): the \(variant) kernels need"), "\(r.stderr)")
        }
    }

    @Test func unknownKernelsAreAUsageError() throws {
        let r = try NNCProcess.run(["bench", "tiny", "--kernels", "sse9"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("baseline") && r.stderr.contains("avx512"), "\(r.stderr)")
    }

    /// The binary on emulated older CPUs (QEMU's user mode emulates SSE2-only
    /// and AVX2 CPUs, no AVX-512): it finds the variant that CPU has and runs
    /// it. The build of before, compiled for Haswell, died with SIGILL on the first.
    @Test(arguments: [("qemu64", "baseline"), ("Haswell-v4", "avx2")])
    func runsOnAnOlderCPUUnderEmulation(_ cpu: String, _ expected: String) throws {
        #if arch(x86_64)
        guard let qemu = Tools.find(
            "NNC_QEMU_X86_64", fallback: ["/usr/bin/qemu-x86_64"], what: "qemu-x86_64 (QEMU user-mode emulation)",
            install: "apt-get install qemu-user")
        else { return }
        let dir = try NNCProcess.temporaryDirectory()
        let r = try Tools.run(
            qemu, ["-cpu", cpu, NNCProcess.binary.path, "bench", "tiny", "--steps", "2", "--blocks", "1", "--json"], in: dir)
        #expect(r.status == 0, "under qemu -cpu \(cpu): \(r.stderr)")
        let json = try Self.json(r.stdout)
        #expect(json["kernels"] as? String == expected)
        #expect(!(json["cpu_features"] as? [String] ?? []).contains("avx512f"))
        #else
        print("◇ skipped: QEMU's x86-64 emulation checks the x86 variants; this machine is not x86-64")
        #endif
    }

    /// On a CPU without AVX-512 (or AVX2), forcing it says what is missing and what to use.
    @Test func refusalNamesTheMissingFeaturesAndTheFix() throws {
        let haswell = CPUFeatures(
            bits: NNC_CPU_SSE2 | NNC_CPU_AVX | NNC_CPU_AVX2 | NNC_CPU_FMA | NNC_CPU_OS_AVX, model: "test")
        #expect(BenchCommand.unsupported(.avx2, on: haswell) == nil)
        let message = try #require(BenchCommand.unsupported(.avx512, on: haswell))
        #expect(message == "--kernels avx512: the avx512 kernels need an x86-64 CPU with AVX-512 F, CD, BW, DQ and VL; "
            + "this CPU lacks avx512f, avx512cd, avx512bw, avx512dq, avx512vl; use --kernels avx2, "
            + "or leave --kernels out to run the best this CPU supports")
    }
}
