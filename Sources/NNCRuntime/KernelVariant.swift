import NNCKernels

/// One compiled set of the numeric kernels (GEMM, activations, losses,
/// optimisers), for one instruction set. One build carries all of them; the
/// best the CPU supports runs unless a caller asks for another
/// (`nnc bench --kernels`). Each variant's tile shapes, cache blocking and
/// vector width are its own (docs/plan.md, "Kernel variants"); results agree
/// across variants to rounding, and are bit-identical within one.
public enum KernelVariant: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The architecture's minimum: SSE2 on x86-64 (4 lanes, no FMA), NEON on arm64.
    case baseline
    /// AVX2 + FMA: 8 lanes, 16 registers (Haswell and later, every AMD Zen).
    case avx2
    /// AVX-512 F/CD/BW/DQ/VL: 16 lanes, 32 registers, masks.
    case avx512

    public var description: String { rawValue }

    /// The fastest variant this CPU supports, chosen once.
    public static let best: KernelVariant = allCases.last { $0.isSupported } ?? .baseline

    var code: Int32 {
        switch self {
        case .baseline: return NNC_VARIANT_BASELINE
        case .avx2: return NNC_VARIANT_AVX2
        case .avx512: return NNC_VARIANT_AVX512
        }
    }

    /// The CPU features the variant needs.
    var required: [UInt64] {
        switch self {
        case .baseline: return []
        case .avx2: return [NNC_CPU_AVX2, NNC_CPU_FMA]
        case .avx512:
            return [NNC_CPU_AVX2, NNC_CPU_FMA, NNC_CPU_AVX512F, NNC_CPU_AVX512CD, NNC_CPU_AVX512BW,
                    NNC_CPU_AVX512DQ, NNC_CPU_AVX512VL]
        }
    }

    /// What the variant needs, for messages.
    public var requirement: String {
        switch self {
        case .baseline: return "any CPU of this architecture"
        case .avx2: return "an x86-64 CPU with AVX2 and FMA"
        case .avx512: return "an x86-64 CPU with AVX-512 F, CD, BW, DQ and VL"
        }
    }

    /// Whether this build has the variant and this CPU (and OS) can run it.
    public var isSupported: Bool { unsupportedReason == nil }

    /// Why the variant cannot run here, or nil when it can.
    public var unsupportedReason: String? { unsupportedReason(on: .current) }

    /// Why the variant cannot run on `cpu` in this build, or nil when it can.
    public func unsupportedReason(on cpu: CPUFeatures) -> String? {
        if nnc_kernels(code) == nil { return "the \(rawValue) kernels are for x86-64; this build has none" }
        let missing = CPUFeatures.known.filter { required.contains($0.bit) && !cpu.has($0.bit) }.map { feature in
            // The instructions exist but the OS does not save their registers.
            cpu.bits & feature.bit != 0 ? "\(feature.name) (not enabled by the operating system)" : feature.name
        }
        if missing.isEmpty { return nil }
        return "the \(rawValue) kernels need \(requirement); this CPU lacks \(missing.joined(separator: ", "))"
    }

    /// The entry points of each variant this CPU supports, looked up once
    /// (a tuple of plain pointers: reading it retains nothing).
    static let tables: (UnsafePointer<nnc_kernel_table>?, UnsafePointer<nnc_kernel_table>?, UnsafePointer<nnc_kernel_table>?) = {
        func table(_ v: KernelVariant) -> UnsafePointer<nnc_kernel_table>? { v.isSupported ? nnc_kernels(v.code) : nil }
        return (table(.baseline), table(.avx2), table(.avx512))
    }()

    /// The variant's entry points. Only for a supported variant (check
    /// `isSupported` first: asking for another is a programming error).
    var table: UnsafePointer<nnc_kernel_table> {
        let t: UnsafePointer<nnc_kernel_table>?
        switch self {
        case .baseline: t = Self.tables.0
        case .avx2: t = Self.tables.1
        case .avx512: t = Self.tables.2
        }
        guard let t else { preconditionFailure(unsupportedReason ?? "\(self) kernels are not available") }
        return t
    }

    /// Rows of the tallest GEMM tile: a thread's share of a product is whole blocks of these.
    public var blockRows: Int { Int(nnc_kernels(code)?.pointee.block_rows ?? 6) }

    /// Floats per vector register.
    public var lanes: Int { Int(nnc_kernels(code)?.pointee.lanes ?? 4) }
}
