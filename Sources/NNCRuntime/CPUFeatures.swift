import NNCKernels

/// What the processor running nnc can do, read once at start-up with CPUID
/// (and XGETBV: whether the operating system saves the AVX and AVX-512
/// registers, without which the instructions must not be used).
public struct CPUFeatures: Sendable, Equatable {
    /// The feature bits (`NNC_CPU_*` of the kernels' header).
    let bits: UInt64
    /// The CPU's model name, "" when it does not say.
    public let model: String

    /// The features of the CPU this process runs on.
    public static let current = CPUFeatures(bits: nnc_cpu_features(), model: Self.readModel())

    init(bits: UInt64, model: String) {
        self.bits = bits
        self.model = model
    }

    static func readModel() -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        nnc_cpu_model(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Names of the features nnc cares about, as `lscpu` spells them, in one line's order.
    static let known: [(name: String, bit: UInt64)] = [
        ("sse2", NNC_CPU_SSE2), ("sse4_1", NNC_CPU_SSE41), ("sse4_2", NNC_CPU_SSE42),
        ("avx", NNC_CPU_AVX), ("avx2", NNC_CPU_AVX2), ("fma", NNC_CPU_FMA), ("f16c", NNC_CPU_F16C),
        ("bmi2", NNC_CPU_BMI2),
        ("avx512f", NNC_CPU_AVX512F), ("avx512cd", NNC_CPU_AVX512CD), ("avx512bw", NNC_CPU_AVX512BW),
        ("avx512dq", NNC_CPU_AVX512DQ), ("avx512vl", NNC_CPU_AVX512VL), ("avx512ifma", NNC_CPU_AVX512IFMA),
        ("avx512vbmi", NNC_CPU_AVX512VBMI), ("avx512_vnni", NNC_CPU_AVX512VNNI),
        ("avx512_bf16", NNC_CPU_AVX512BF16), ("avx512_fp16", NNC_CPU_AVX512FP16), ("amx", NNC_CPU_AMX),
        ("neon", NNC_CPU_NEON),
    ]

    /// The features found, by name (`avx512*` only when the OS saves their registers too).
    public var names: [String] {
        Self.known.filter { has($0.bit) }.map(\.name)
    }

    /// Whether the CPU has the feature and, for AVX and AVX-512, the OS enables its registers.
    func has(_ bit: UInt64) -> Bool {
        guard bits & bit != 0 else { return false }
        let avx512 = NNC_CPU_AVX512F | NNC_CPU_AVX512CD | NNC_CPU_AVX512BW | NNC_CPU_AVX512DQ | NNC_CPU_AVX512VL
            | NNC_CPU_AVX512IFMA | NNC_CPU_AVX512VBMI | NNC_CPU_AVX512VNNI | NNC_CPU_AVX512BF16 | NNC_CPU_AVX512FP16
        let avx = NNC_CPU_AVX | NNC_CPU_AVX2 | NNC_CPU_FMA | NNC_CPU_F16C
        if bit & avx512 != 0 { return bits & NNC_CPU_OS_AVX512 != 0 }
        if bit & avx != 0 { return bits & NNC_CPU_OS_AVX != 0 }
        return true
    }

    /// Whether every feature in `required` is usable.
    func hasAll(_ required: [UInt64]) -> Bool {
        required.allSatisfy(has)
    }
}
