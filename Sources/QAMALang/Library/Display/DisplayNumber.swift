/// Numbers in tables and summaries: six significant digits, so energies line up and read at a glance
/// (`r.energy` itself prints in full). Only exact IEEE operations decide the digits, so the text is the same
/// on every machine.
enum DisplayNumber {
    static func short(_ x: Double, digits: Int = 6) -> String {
        guard x.isFinite, x != 0 else { return NumberFormat.format(x) }
        var e = 0
        let a = abs(x)
        if a >= 1 { while e < 300 && power(e + 1) <= a { e += 1 } } else { while e > -300 && power(e) > a { e -= 1 } }
        let shift = digits - 1 - e
        if shift <= 0 { return NumberFormat.format(x.rounded()) }
        let scale = power(shift)
        guard scale.isFinite, (a * scale) < 9e15 else { return NumberFormat.format(x) }
        let rounded = (x * scale).rounded(.toNearestOrAwayFromZero) / scale
        return NumberFormat.format(rounded == 0 ? 0 : rounded)
    }

    private static func power(_ e: Int) -> Double {
        var p = 1.0
        if e >= 0 { for _ in 0..<e { p *= 10 } } else { for _ in 0..<(-e) { p *= 10 }; return 1 / p }
        return p
    }

    /// Seconds as "0.42 s" / "12.3 s" (for r.time's own display only; never inside result tables, whose
    /// bytes must not depend on timing).
    static func seconds(_ s: Double) -> String { short(s, digits: 3) + " s" }
}
