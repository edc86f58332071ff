/// Summary statistics over finite values, computed in input order so results are reproducible.
struct Statistics {
    let count: Int
    let minimum: Double
    let maximum: Double
    let mean: Double
    private let sorted: [Double]

    /// `values` must be non-empty and finite (checked by the caller).
    init(_ values: [Double], weights: [Int]? = nil) {
        var total = 0.0, n = 0
        for (i, v) in values.enumerated() {
            let k = weights?[i] ?? 1
            total += v * Double(k)
            n += k
        }
        count = n
        minimum = values.min() ?? 0
        maximum = values.max() ?? 0
        mean = n > 0 ? total / Double(n) : 0
        sorted = values.sorted()
    }

    /// Quantile q ∈ [0, 1] by linear interpolation between order statistics (numpy's default), unweighted.
    func quantile(_ q: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? 0 }
        let h = q * Double(sorted.count - 1)
        let i = min(Int(h), sorted.count - 2)
        return sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i])
    }
}
