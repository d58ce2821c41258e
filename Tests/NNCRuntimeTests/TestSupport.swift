import Foundation
import Testing
@testable import NNCRuntime

/// A float buffer owned by a test; freed on deinit.
final class Buffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int, value: Float = 0) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: max(count, 1))
    }

    convenience init(_ values: [Float]) {
        self.init(values.count)
        for (i, v) in values.enumerated() { pointer[i] = v }
    }

    /// Uniform values in [lo, hi) from a seeded generator.
    convenience init(random count: Int, seed: UInt64, lo: Float = -1, hi: Float = 1) {
        self.init(count)
        var g = RandomGenerator(seed: seed)
        for i in 0..<count { pointer[i] = lo + (hi - lo) * g.uniformFloat() }
    }

    deinit { pointer.deallocate() }

    subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    var doubles: [Double] { array.map(Double.init) }
}

/// The largest |a − b| / (|b| + floor) over two arrays, and where.
func maxError(_ a: [Double], _ b: [Double], floor: Double = 1) -> (error: Double, index: Int) {
    var worst = 0.0
    var at = -1
    for i in 0..<min(a.count, b.count) {
        let e = abs(a[i] - b[i]) / (abs(b[i]) + floor)
        if e > worst || e.isNaN {
            worst = e.isNaN ? .infinity : e
            at = i
        }
    }
    return (worst, at)
}

extension KernelVariant {
    /// Cancels the running test case, visibly and with the reason, when this
    /// CPU (or this build) cannot run the variant: every variant is tested on
    /// the machines that have it.
    func requireSupport() throws {
        if let reason = unsupportedReason {
            print("skipped: \(reason)")
            try Test.cancel(Comment(rawValue: reason))
        }
    }
}
