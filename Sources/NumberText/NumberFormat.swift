/// How every module writes a number as text: locale-free and the same on every platform. No
/// `String(format:)`, no Foundation formatter, no libm: only integer arithmetic and exact IEEE operations
/// decide the digits, so a saved notebook output never depends on the machine or its locale.
///
/// The styles, by role:
/// - `format`: a value as the language prints it (shortest text that reads back to the same Double).
/// - `short`: a value in a table or summary (rounded to a few significant digits, then `format`).
/// - `fixed`, `significant`: figure labels and SVG geometry (at most n decimals; n significant digits).
/// - `g`, `f`: exactly what C's `printf("%.<n>g")` and `printf("%.<n>f")` print, for texts that were
///   first written with them (the settings a solver run used, tensor elements, memory sizes, logs).
/// - `bytes`, `zeroPadded`, `percent`: memory sizes, numbered file names, shares.
///
/// Non-finite values are "nan", "inf" and "-inf" in every style.
public enum NumberFormat {
    /// An integral value below 2^53 in magnitude as an integer (`42`, `-4`, and `0` for -0.0); anything else
    /// as the shortest decimal that reads back to the same Double (`5.5`, `0.1`, `1e-07`, `1e+300`), which
    /// is Swift's `Double.description` without a trailing ".0".
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded(), abs(x) < 9_007_199_254_740_992 { return String(Int64(x)) }
        // Swift writes 2^53 … 1e16 as "9007199254740992.0"; the ".0" adds nothing to a round trip.
        let text = x.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// `x` rounded to `digits` significant digits (ties away from zero), then written by `format`: six
    /// digits line energies up in a table (`-11624`, `0.333333`, `1.23457e-07`).
    /// How many significant digits `short` keeps unless told otherwise (tables, summaries).
    public static let shortDigits = 6

    public static func short(_ x: Double, digits: Int = shortDigits) -> String {
        guard x.isFinite, x != 0 else { return format(x) }
        let shift = digits - 1 - decimalExponent(abs(x))
        if shift <= 0 { return format(x.rounded()) }
        let scale = powerOfTen(shift)
        guard scale.isFinite, abs(x) * scale < 9e15 else { return format(x) }
        let rounded = (x * scale).rounded(.toNearestOrAwayFromZero) / scale
        return format(rounded == 0 ? 0 : rounded)
    }

    /// `x` rounded to `decimals` decimals (ties away from zero, on `x · 10^decimals`). Trailing zeros are
    /// trimmed and "-0" is "0" unless `trimmingZeros` is false, which keeps exactly `decimals` of them
    /// ("1.30"). Beyond 9·10^15 after scaling, `significant(x, digits: 6)`.
    public static func fixed(_ x: Double, decimals: Int, trimmingZeros: Bool = true) -> String {
        guard x.isFinite else { return format(x) }
        let d = max(0, min(decimals, 15))
        let scaled = (abs(x) * powerOfTen(d)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else { return significant(x, digits: 6) }
        var digits = String(UInt64(scaled))
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
            if trimmingZeros {
                while digits.last == "0" { digits.removeLast() }
                if digits.last == "." { digits.removeLast() }
            }
        }
        if scaled == 0 { return digits }
        return x < 0 ? "-" + digits : digits
    }

    /// `x` with at most `digits` significant digits, trailing zeros trimmed; exponent form ("1.5e7",
    /// "2e-6") outside 1e-4 ..< 1e7.
    public static func significant(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return format(x) }
        if x == 0 { return "0" }
        let n = max(1, digits)
        var e = decimalExponent(abs(x))
        if e >= -4 && e < 7 { return fixed(x, decimals: max(0, n - 1 - e)) }
        var mantissa = x / powerOfTen(e)
        if abs(mantissa.rounded(toDecimals: n - 1)) >= 10 { e += 1; mantissa = x / powerOfTen(e) }
        return fixed(mantissa, decimals: n - 1) + "e" + String(e)
    }

    /// A byte count in decimal units with one decimal: "512 B", "1.5 kB", "37.2 GB".
    public static func bytes(_ bytes: Double) -> String {
        guard !bytes.isNaN else { return "nan B" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var v = bytes, u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? "\(Int(v)) B" : f(v, precision: 1) + " " + units[u]
    }

    /// `n` in decimal with leading zeros up to `width` digits: `zeroPadded(7, width: 3)` is "007".
    public static func zeroPadded(_ n: Int, width: Int) -> String {
        let digits = String(n.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count - (n < 0 ? 1 : 0)))
        return (n < 0 ? "-" : "") + padding + digits
    }

    /// An integer with its thousands separated by commas: `grouped(65536)` is "65,536".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

// MARK: exact powers of ten

extension NumberFormat {
    /// The largest e with 10^e ≤ x, for x > 0, by exact comparisons (not log10).
    public static func decimalExponent(_ x: Double) -> Int {
        var e = 0
        if x >= 1 {
            while e < 308 && powerOfTen(e + 1) <= x { e += 1 }
        } else {
            while e > -323 && powerOfTen(e) > x { e -= 1 }
        }
        return e
    }

    /// 10^e by multiplication or division of exact integer powers, the same on every platform.
    public static func powerOfTen(_ e: Int) -> Double {
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
