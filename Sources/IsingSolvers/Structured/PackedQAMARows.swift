import Foundation

/// What the structured annealer reads per attempt, laid out for it once per problem: for variable
/// i = t·N + j the row [Q_j | K_j] in Float, each half zero-padded to a multiple of 8 so a dot product is
/// whole SIMD8<Float> loads; and, in Double, Q_j·K_j/√d and the linear coefficient −β·N·h[t, j].
///
/// Immutable after init and owned by one problem (a class so the inner loop gets raw pointers without
/// nesting a closure per array).
final class PackedQAMARows: @unchecked Sendable {
    let count: Int
    /// d rounded up to a multiple of 8.
    let paddedFeatures: Int
    /// count × 2·paddedFeatures.
    let rows: UnsafeMutablePointer<Float>
    let selfOverlap: UnsafeMutablePointer<Double>
    let linear: UnsafeMutablePointer<Double>

    init(heads: Int, tokens: Int, features d: Int, query: [Double], key: [Double], valueField: [Double], beta: Double) {
        let n = heads * tokens, dp = (d + 7) / 8 * 8
        count = n
        paddedFeatures = dp
        rows = .allocate(capacity: max(1, n * 2 * dp))
        rows.initialize(repeating: 0, count: max(1, n * 2 * dp))
        selfOverlap = .allocate(capacity: max(1, n))
        linear = .allocate(capacity: max(1, n))
        let scale = 1 / Double(d).squareRoot()
        for i in 0..<n {
            var dot = 0.0
            for f in 0..<d {
                let q = query[i * d + f], k = key[i * d + f]
                rows[i * 2 * dp + f] = Float(q)
                rows[i * 2 * dp + dp + f] = Float(k)
                dot += q * k
            }
            selfOverlap[i] = dot * scale
            linear[i] = -beta * Double(tokens) * valueField[i]
        }
    }

    deinit {
        rows.deallocate()
        selfOverlap.deallocate()
        linear.deallocate()
    }

    /// Σ row[f]·sums[f] over `length` Floats (a multiple of 8), SIMD8 at a time with two accumulators.
    @inline(__always)
    static func dot(_ row: UnsafePointer<Float>, _ sums: UnsafePointer<Float>, length: Int) -> Float {
        let a = UnsafeRawPointer(row), b = UnsafeRawPointer(sums)
        var even = SIMD8<Float>(), odd = SIMD8<Float>()
        var offset = 0
        let stride = 8 * MemoryLayout<Float>.stride
        let bytes = length * MemoryLayout<Float>.stride
        while offset + 2 * stride <= bytes {
            even += a.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                * b.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            odd += a.loadUnaligned(fromByteOffset: offset + stride, as: SIMD8<Float>.self)
                * b.loadUnaligned(fromByteOffset: offset + stride, as: SIMD8<Float>.self)
            offset += 2 * stride
        }
        if offset < bytes {
            even += a.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                * b.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
        }
        return (even + odd).sum()
    }
}
