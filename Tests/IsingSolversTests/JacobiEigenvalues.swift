import Foundation

/// Eigenvalues of a dense symmetric matrix by the cyclic Jacobi method: the test target's independent
/// reference for the Lanczos spectral gap (slow, O(N³) per sweep, but simple enough to trust).
enum JacobiEigenvalues {
    /// `a` is row-major N × N and symmetric. Returns the eigenvalues in descending order.
    static func of(_ matrix: [Double], size m: Int) -> [Double] {
        var a = matrix
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<m { for q in (p + 1)..<max(p + 1, m) { off += a[p * m + q] * a[p * m + q] } }
            if off < 1e-30 { break }
            for p in 0..<m {
                for q in (p + 1)..<max(p + 1, m) where a[p * m + q] != 0 {
                    let apq = a[p * m + q]
                    // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1).
                    let theta = (a[q * m + q] - a[p * m + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<m {
                        let akp = a[k * m + p], akq = a[k * m + q]
                        a[k * m + p] = c * akp - s * akq
                        a[k * m + q] = s * akp + c * akq
                    }
                    for k in 0..<m {
                        let apk = a[p * m + k], aqk = a[q * m + k]
                        a[p * m + k] = c * apk - s * aqk
                        a[q * m + k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<m).map { a[$0 * m + $0] }.sorted(by: >)
    }
}
