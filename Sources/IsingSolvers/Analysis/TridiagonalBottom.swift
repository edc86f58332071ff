/// The lowest eigenvalue of a symmetric tridiagonal matrix (diagonal `a`, off-diagonal `b`, b[k] joining k and
/// k+1) and the last component of its unit eigenvector: what Lanczos needs for its Ritz value and the residual
/// bound |β_k · y_k|.
enum TridiagonalBottom {
    /// Number of eigenvalues below x (Sturm count via the LDLᵀ pivots).
    static func countBelow(_ x: Double, _ a: [Double], _ b: [Double]) -> Int {
        var count = 0
        var d = 1.0
        for k in a.indices {
            let off = k == 0 ? 0 : b[k - 1] * b[k - 1]
            d = a[k] - x - (k == 0 ? 0 : off / d)
            if d == 0 { d = -1e-300 }
            if d < 0 { count += 1 }
        }
        return count
    }

    static func lowest(_ a: [Double], _ b: [Double]) -> (value: Double, lastComponent: Double) {
        let m = a.count
        // Gershgorin bounds.
        var low = Double.infinity, high = -Double.infinity
        for k in 0..<m {
            let r = (k > 0 ? abs(b[k - 1]) : 0) + (k + 1 < m ? abs(b[k]) : 0)
            low = min(low, a[k] - r)
            high = max(high, a[k] + r)
        }
        // Bisection to the last bit (or 200 halvings, far below the accuracy Lanczos needs near 0): [low, high]
        // always holds the lowest eigenvalue.
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            guard mid > low && mid < high else { break }
            if countBelow(mid, a, b) >= 1 { high = mid } else { low = mid }
        }
        let value = 0.5 * (low + high)
        return (value, lastComponent(of: value, a, b))
    }

    /// Inverse iteration with a shifted LU solve (no pivoting needed: the shift is just below the lowest
    /// eigenvalue, so T − θ is positive definite up to rounding).
    static func lastComponent(of theta: Double, _ a: [Double], _ b: [Double]) -> Double {
        let m = a.count
        guard m > 1 else { return 1 }
        let scale = a.map(abs).max()! + b.map(abs).max()!
        let shift = theta - 1e-13 * max(scale, 1e-300)
        var z = [Double](repeating: 1, count: m)
        for _ in 0..<3 {
            // Solve (T − shift) x = z by Thomas' algorithm.
            var c = [Double](repeating: 0, count: m), d = [Double](repeating: 0, count: m)
            var pivot = a[0] - shift
            if pivot == 0 { pivot = 1e-300 }
            c[0] = m > 1 ? b[0] / pivot : 0
            d[0] = z[0] / pivot
            for k in 1..<m {
                pivot = a[k] - shift - b[k - 1] * c[k - 1]
                if pivot == 0 { pivot = 1e-300 }
                c[k] = k + 1 < m ? b[k] / pivot : 0
                d[k] = (z[k] - b[k - 1] * d[k - 1]) / pivot
            }
            z[m - 1] = d[m - 1]
            for k in stride(from: m - 2, through: 0, by: -1) { z[k] = d[k] - c[k] * z[k + 1] }
            var norm = 0.0
            for v in z { norm += v * v }
            norm = norm.squareRoot()
            guard norm.isFinite, norm > 0 else { return 0 }
            for k in 0..<m { z[k] /= norm }
        }
        return z[m - 1]
    }
}
