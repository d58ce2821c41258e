/// Eight float lanes, for the few elementwise passes the runtime does in
/// Swift (the interpreter's dropout masks, a loss term's weight); the kernels proper are C, one
/// variant per instruction set (`KernelVariant`).
public typealias Float8 = SIMD8<Float>

/// Unaligned eight-lane loads and stores on raw float pointers, and an
/// elementwise loop, compiled for the baseline of the architecture.
@usableFromInline
enum Vector {
    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Float>) -> Float8 {
        UnsafeRawPointer(p).loadUnaligned(as: Float8.self)
    }

    @inline(__always) @usableFromInline
    static func store(_ v: Float8, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Float8.self)
    }

    /// The first `count` (< 8) lanes from p, the rest `fill`.
    @inline(__always) @usableFromInline
    static func loadPartial(_ p: UnsafePointer<Float>, _ count: Int, fill: Float = 0) -> Float8 {
        if count == 8 { return load(p) }
        var v = Float8(repeating: fill)
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    @inline(__always) @usableFromInline
    static func storePartial(_ v: Float8, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
        if count == 8 { return store(v, p) }
        for i in 0..<count { p[i] = v[i] }
    }

    /// y[i] = f(x[i]) for i < count; x may equal y.
    @inline(__always) @usableFromInline
    static func map(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int, _ f: (Float8) -> Float8
    ) {
        var i = 0
        while i + 8 <= count {
            store(f(load(x + i)), y + i)
            i += 8
        }
        if i < count {
            storePartial(f(loadPartial(x + i, count - i)), y + i, count - i)
        }
    }

    /// out[i] = f(a[i], b[i]) for i < count; out may equal a or b.
    @inline(__always) @usableFromInline
    static func map2(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
        _ count: Int, _ f: (Float8, Float8) -> Float8
    ) {
        var i = 0
        while i + 16 <= count {
            let u = f(load(a + i), load(b + i))
            let v = f(load(a + i + 8), load(b + i + 8))
            store(u, out + i)
            store(v, out + i + 8)
            i += 16
        }
        while i + 8 <= count {
            store(f(load(a + i), load(b + i)), out + i)
            i += 8
        }
        if i < count {
            let n = count - i
            storePartial(f(loadPartial(a + i, n), loadPartial(b + i, n)), out + i, n)
        }
    }
}
