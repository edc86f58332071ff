/// Locale-free, platform-independent number formatting. Only integer arithmetic and exact IEEE operations
/// decide the digits, so the same Double prints the same everywhere (no `String(format:)`, no libm).
enum NumberFormat {
    /// `x` rounded to at most `decimals` decimals, trailing zeros trimmed, never "-0".
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x < 0 ? "-inf" : "inf") }
        let d = max(0, min(decimals, 15))
        let scaled = (abs(x) * powerOfTen(d)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else { return significant(x, digits: 6) }
        var digits = String(UInt64(scaled))
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
            while digits.last == "0" { digits.removeLast() }
            if digits.last == "." { digits.removeLast() }
        }
        if digits == "0" { return "0" }
        return x < 0 ? "-" + digits : digits
    }

    /// `x` with at most `digits` significant digits; exponent form ("1.5e7", "2e-6") outside 1e-4 ..< 1e7.
    static func significant(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return fixed(x, decimals: 0) }
        if x == 0 { return "0" }
        let n = max(1, digits)
        var e = decimalExponent(abs(x))
        if e >= -4 && e < 7 { return fixed(x, decimals: max(0, n - 1 - e)) }
        var mantissa = x / powerOfTen(e)
        if abs(mantissa.rounded(toDecimals: n - 1)) >= 10 { e += 1; mantissa = x / powerOfTen(e) }
        return fixed(mantissa, decimals: n - 1) + "e" + String(e)
    }

    /// SVG coordinates: two decimals are finer than any screen pixel.
    /// An integer with thousands separated by commas: 65536 → "65,536".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func coordinate(_ x: Double) -> String { fixed(x, decimals: 2) }

    /// The largest e with 10^e ≤ x, for x > 0, by exact comparisons (not log10).
    static func decimalExponent(_ x: Double) -> Int {
        var e = 0
        if x >= 1 {
            while e < 308 && powerOfTen(e + 1) <= x { e += 1 }
        } else {
            while e > -323 && powerOfTen(e) > x { e -= 1 }
        }
        return e
    }

    /// 10^e computed by repeated multiplication or division from exact integer powers, the same on every platform.
    static func powerOfTen(_ e: Int) -> Double {
        if e >= 0 && e <= 22 { return exactPowers[e] }
        if e > 22 { return exactPowers[22] * powerOfTen(e - 22) }
        if e >= -22 { return 1 / exactPowers[-e] }
        return powerOfTen(e + 22) / exactPowers[22]
    }

    private static let exactPowers: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }
}

extension Double {
    fileprivate func rounded(toDecimals d: Int) -> Double {
        let p = NumberFormat.powerOfTen(max(0, d))
        return (self * p).rounded(.toNearestOrAwayFromZero) / p
    }
}
