import Foundation

/// The exact (Clopper–Pearson) confidence interval for a success probability from k successes in N trials:
/// the p with P(X ≥ k | p) = α/2 and the p with P(X ≤ k | p) = α/2, α = 1 − confidence, i.e. quantiles of
/// Beta(k, N − k + 1) and Beta(k + 1, N − k); 0 and 1 at the ends. Its coverage is at least the confidence for
/// every p (it is conservative), which is why it is the one to quote for small success counts.
public struct BinomialInterval: Sendable, Equatable {
    public let successes: Int
    public let trials: Int
    public let confidence: Double
    public let lower: Double
    public let upper: Double

    public init(successes k: Int, trials n: Int, confidence: Double = TimeToTarget.defaultConfidence) {
        precondition(n >= 1 && (0...n).contains(k) && confidence > 0 && confidence < 1)
        successes = k
        trials = n
        self.confidence = confidence
        let alpha = 1 - confidence
        lower = k == 0 ? 0 : IncompleteBeta.inverse(alpha / 2, a: Double(k), b: Double(n - k + 1))
        upper = k == n ? 1 : IncompleteBeta.inverse(1 - alpha / 2, a: Double(k + 1), b: Double(n - k))
    }

    public var estimate: Double { Double(successes) / Double(trials) }

    public func contains(_ p: Double) -> Bool { lower <= p && p <= upper }
}

/// The regularised incomplete beta function I_x(a, b) and its inverse in x.
enum IncompleteBeta {
    /// I_x(a, b) by the continued fraction (modified Lentz), on the side of x where it converges fast.
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-16 { break }
        }
        return h
    }

    /// The x with I_x(a, b) = q, by bisection (I is increasing in x) to the last bit.
    static func inverse(_ q: Double, a: Double, b: Double) -> Double {
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            guard mid > low && mid < high else { break }
            if regularized(mid, a: a, b: b) < q { low = mid } else { high = mid }
        }
        return 0.5 * (low + high)
    }
}
