import Testing
import NNCKernels
@testable import NNCRuntime

/// Which kernel variant may run where: decided from the CPU's features and the
/// operating system's support for their registers.
struct KernelVariantTests {
    static let avx512Bits = NNC_CPU_AVX512F | NNC_CPU_AVX512CD | NNC_CPU_AVX512BW | NNC_CPU_AVX512DQ | NNC_CPU_AVX512VL
    static let avx2Bits = NNC_CPU_SSE2 | NNC_CPU_AVX | NNC_CPU_AVX2 | NNC_CPU_FMA

    @Test func bestIsTheFastestSupported() {
        #expect(KernelVariant.best.isSupported)
        #expect(KernelVariant.baseline.isSupported)
        let faster = KernelVariant.allCases.drop(while: { $0 != KernelVariant.best }).dropFirst()
        for later in faster {
            #expect(!later.isSupported, "\(later) is supported but not chosen")
        }
        print("this CPU (\(CPUFeatures.current.model)): best kernels \(KernelVariant.best); features \(CPUFeatures.current.names)")
    }

    @Test func anOldCPUGetsTheBaseline() {
        let old = CPUFeatures(bits: NNC_CPU_SSE2 | NNC_CPU_SSE41, model: "old")
        #expect(KernelVariant.baseline.unsupportedReason(on: old) == nil)
        #expect(KernelVariant.avx2.unsupportedReason(on: old)
            == "the avx2 kernels need an x86-64 CPU with AVX2 and FMA; this CPU lacks avx2, fma")
        #expect(KernelVariant.avx512.unsupportedReason(on: old) != nil)
        #expect(old.names == ["sse2", "sse4_1"])
    }

    @Test func avx512NeedsTheOperatingSystemToSaveItsRegisters() {
        let withoutOS = CPUFeatures(bits: Self.avx2Bits | Self.avx512Bits | NNC_CPU_OS_AVX, model: "x")
        #expect(KernelVariant.avx2.unsupportedReason(on: withoutOS) == nil)
        let reason = KernelVariant.avx512.unsupportedReason(on: withoutOS) ?? ""
        #expect(reason.contains("avx512f (not enabled by the operating system)"), "\(reason)")
        #expect(!withoutOS.names.contains("avx512f"))
        let full = CPUFeatures(bits: Self.avx2Bits | Self.avx512Bits | NNC_CPU_OS_AVX | NNC_CPU_OS_AVX512, model: "x")
        #expect(KernelVariant.avx512.unsupportedReason(on: full) == nil)
        // AVX without the OS's YMM support is no AVX2 variant either.
        let noYMM = CPUFeatures(bits: Self.avx2Bits, model: "x")
        #expect(KernelVariant.avx2.unsupportedReason(on: noYMM) != nil)
    }

    /// Each variant's table says what it is; the workspace takes its tile height.
    @Test(arguments: KernelVariant.allCases)
    func tablesDescribeTheirVariant(_ kernels: KernelVariant) throws {
        try kernels.requireSupport()
        let t = kernels.table.pointee
        #expect(String(cString: t.name) == kernels.rawValue)
        #expect(Int(t.lanes) == [KernelVariant.baseline: 4, .avx2: 8, .avx512: 16][kernels])
        let workspace = Workspace(maxInner: 7, threads: 1, kernels: kernels)
        defer { workspace.deallocate() }
        #expect(workspace.kernels == kernels && workspace.blockRows == Int(t.block_rows))
    }
}
