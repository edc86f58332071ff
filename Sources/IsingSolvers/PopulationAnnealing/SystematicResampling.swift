import Foundation

/// Population annealing's resampling step: from R members with energies E_j, going from β to β + Δβ, member j
/// gets a number of copies with mean R·w_j / Σw, w_j = exp(−Δβ·(E_j − E_min)), and the population stays R.
///
/// Systematic resampling: one uniform u ∈ [0, 1) places R evenly spaced pointers (u + m) on the cumulative
/// expected counts; member j gets the pointers that fall in its stretch, so its count is ⌊τ_j⌋ or ⌈τ_j⌉ —
/// the lowest-variance unbiased scheme with a fixed population (Douc & Cappé 2005), and deterministic given u.
public enum SystematicResampling {
    /// Copies per member (sum R). Energies are subtracted from their minimum first, so no weight overflows.
    public static func copies(energies: [Double], deltaBeta: Double, uniform u: Double) -> [Int] {
        let r = energies.count
        guard r > 0 else { return [] }
        let lowest = energies.min()!
        var weights = energies.map { exp(-deltaBeta * ($0 - lowest)) }
        let total = weights.reduce(0, +)
        for j in 0..<r { weights[j] *= Double(r) / total }
        var counts = [Int](repeating: 0, count: r)
        var cumulative = 0.0, previous = 0
        for j in 0..<r {
            cumulative += weights[j]
            // Pointers u + m below the running sum: ⌈C_j − u⌉ of them. The last stretch ends at R exactly,
            // whatever the rounding of the sum.
            let next = j == r - 1 ? r : min(r, max(previous, Int((cumulative - u).rounded(.up))))
            counts[j] = next - previous
            previous = next
        }
        return counts
    }
}
