extension NumberFormat {
    /// A share as a percentage with three significant digits at most ("1.33%", "12.5%", "133%"); a fraction
    /// above 10¹⁰ shows as 10¹² percent.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return format(fraction) }
        let p = min(fraction * 100, 1e12)
        let digits = p >= 100 ? 0 : p >= 10 ? 1 : 2
        return fixed(p, decimals: digits, trimmingZeros: false) + "%"
    }
}
