/// exp(−x) for 0 ≤ x ≤ 700 without a libm call, for the Metropolis test in the SA inner loop.
///
/// exp(−x) = 2^k · e^f with k = round(−x / ln 2) and |f| ≤ ln 2 / 2; e^f by its degree-7 Taylor polynomial
/// (relative error below 1e-8, far under the resolution of the uniform draw it is compared with).
@inline(__always)
func expNegative(_ x: Double) -> Double {
    let t = -x * 1.4426950408889634
    let roundingShift = 6755399441055744.0  // 1.5 · 2^52: adding and subtracting it rounds to an integer
    let k = (t + roundingShift) - roundingShift
    let f = (t - k) * 0.6931471805599453
    var p = 1.0 / 5040
    p = p * f + 1.0 / 720
    p = p * f + 1.0 / 120
    p = p * f + 1.0 / 24
    p = p * f + 1.0 / 6
    p = p * f + 0.5
    p = p * f + 1
    p = p * f + 1
    return p * Double(bitPattern: UInt64(Int64(k) + 1023) << 52)
}
