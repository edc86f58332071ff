import Foundation

/// Numerically stable softmax of `count` values starting at `source`, written to `target`:
/// exp(x − max) / Σ exp(x − max), so large inputs never overflow.
@inline(__always)
func softmax(_ source: UnsafePointer<Double>, count: Int, into target: UnsafeMutablePointer<Double>) {
    var top = -Double.infinity
    for f in 0..<count { top = max(top, source[f]) }
    var total = 0.0
    for f in 0..<count {
        let e = exp(source[f] - top)
        target[f] = e
        total += e
    }
    let scale = 1 / total
    for f in 0..<count { target[f] *= scale }
}

/// (x − mean)/√(var + 1e-5) in place with the biased variance, over the entries `include` accepts:
/// the reference code's BatchNorm at unit scale. Entries it rejects are left as they are.
func standardise(_ values: UnsafeMutableBufferPointer<Double>, include: (Int) -> Bool) {
    var count = 0, sum = 0.0
    for k in values.indices where include(k) { sum += values[k]; count += 1 }
    guard count > 0 else { return }
    let mean = sum / Double(count)
    var squares = 0.0
    for k in values.indices where include(k) { squares += (values[k] - mean) * (values[k] - mean) }
    let scale = 1 / (squares / Double(count) + 1e-5).squareRoot()
    for k in values.indices where include(k) { values[k] = (values[k] - mean) * scale }
}

/// Lets threads of `concurrentPerform` write disjoint parts of one buffer.
struct DisjointWrites<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
