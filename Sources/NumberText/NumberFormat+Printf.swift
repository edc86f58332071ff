/// C's `%g` and `%f` conversions, digit for digit, without C: the Double's exact decimal value (every
/// Double is a finite decimal) is rounded half to even, as glibc and the BSD libc do.
extension NumberFormat {
    /// What `printf("%.<precision>g", x)` prints: `precision` significant digits (0 means 1), trailing zeros
    /// trimmed; exponent form ("1.235e+04") when the exponent is below -4 or at least `precision`.
    /// `exponentDigits` is the exponent's minimum digit count (C's is 2: "e+05"; 1 gives "e+5").
    public static func g(_ x: Double, precision: Int, exponentDigits: Int = 2) -> String {
        guard x.isFinite else { return format(x) }
        let sign = x.sign == .minus ? "-" : ""
        let p = max(1, precision)
        guard x != 0 else { return sign + "0" }
        var d = ExactDecimal(abs(x))
        d.round(keeping: p)
        let exponent = d.pointPosition - 1
        var digits = d.digits
        if digits.count < p { digits += [UInt8](repeating: 0, count: p - digits.count) }
        if exponent < -4 || exponent >= p {
            let mantissa = trimmed(point(digits, integerDigits: 1))
            let e = String(abs(exponent))
            return sign + mantissa + (exponent < 0 ? "e-" : "e+") + String(repeating: "0", count: max(0, exponentDigits - e.count)) + e
        }
        return sign + trimmed(point(digits, integerDigits: exponent + 1))
    }

    /// What `printf("%.<precision>f", x)` prints: exactly `precision` decimals, "-" kept on a negative value
    /// that rounds to zero ("-0.0").
    public static func f(_ x: Double, precision: Int) -> String {
        guard x.isFinite else { return format(x) }
        let sign = x.sign == .minus ? "-" : ""
        let p = max(0, precision)
        guard x != 0 else { return sign + point([UInt8](repeating: 0, count: p + 1), integerDigits: 1) }
        var d = ExactDecimal(abs(x))
        d.round(keeping: d.pointPosition + p)
        var digits = d.digits, integerDigits = d.pointPosition
        if integerDigits < 1 {  // 0.00ddd: leading zeros up to and including the units digit
            digits = [UInt8](repeating: 0, count: 1 - integerDigits) + digits
            integerDigits = 1
        }
        let wanted = integerDigits + p
        if digits.count < wanted { digits += [UInt8](repeating: 0, count: wanted - digits.count) }
        return sign + point(Array(digits.prefix(wanted)), integerDigits: integerDigits)
    }

    /// Digits with a decimal point after the first `integerDigits` (leading zeros added when that is ≤ 0).
    private static func point(_ digits: [UInt8], integerDigits: Int) -> String {
        var ds = digits, k = integerDigits
        if k < 1 { ds = [UInt8](repeating: 0, count: 1 - k) + ds; k = 1 }
        let text = ds.map { Character(Unicode.Scalar($0 + 48)) }
        let whole = String(text[..<min(k, text.count)]) + String(repeating: "0", count: max(0, k - text.count))
        return k < text.count ? whole + "." + String(text[k...]) : whole
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = Substring(text)
        while t.last == "0" { t = t.dropLast() }
        if t.last == "." { t = t.dropLast() }
        return String(t)
    }
}

/// The exact decimal value of a positive finite Double: `0.d₁d₂d₃… × 10^pointPosition`, no leading or
/// trailing zero digit. A Double is m·2^e; for e < 0 that is m·5^(−e) / 10^(−e), an integer times a
/// power of ten, computed in base-10⁹ limbs.
struct ExactDecimal {
    private(set) var digits: [UInt8]
    private(set) var pointPosition: Int

    init(_ x: Double) {
        precondition(x.isFinite && x > 0)
        let biased = Int(x.exponentBitPattern)
        var m = x.significandBitPattern | (biased == 0 ? 0 : 1 << 52)
        var e = (biased == 0 ? 1 : biased) - 1075
        while m & 1 == 0 { m >>= 1; e += 1 }
        var limbs: [UInt64] = [m % 1_000_000_000, (m / 1_000_000_000) % 1_000_000_000, m / 1_000_000_000_000_000_000]
        var scale = 0  // value = limbs × 10^scale
        if e >= 0 {
            var k = e
            while k > 0 { let s = min(k, 29); Self.multiply(&limbs, by: 1 << UInt64(s)); k -= s }
        } else {
            var k = -e
            while k > 0 { let s = min(k, 13); Self.multiply(&limbs, by: Self.power(5, s)); k -= s }
            scale = e
        }
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
        var ds: [UInt8] = []
        for (i, limb) in limbs.enumerated().reversed() {
            var chunk = [UInt8](repeating: 0, count: 9), v = limb
            for j in stride(from: 8, through: 0, by: -1) { chunk[j] = UInt8(v % 10); v /= 10 }
            ds += i == limbs.count - 1 ? Array(chunk.drop { $0 == 0 }) : chunk
        }
        pointPosition = ds.count + scale
        while ds.last == 0 { ds.removeLast() }
        digits = ds
    }

    /// Rounds to the first `count` digits, half to even; a carry out of the first digit moves the point.
    mutating func round(keeping count: Int) {
        guard count < digits.count else { return }
        guard count >= 0 else { digits = []; return }
        let next = digits[count]
        let sticky = digits[(count + 1)...].contains { $0 != 0 }
        let lastKept = count > 0 ? digits[count - 1] : 0
        digits.removeLast(digits.count - count)
        if next > 5 || (next == 5 && (sticky || lastKept % 2 == 1)) {
            var i = digits.count - 1
            while i >= 0 && digits[i] == 9 { digits[i] = 0; i -= 1 }
            if i >= 0 { digits[i] += 1 } else { digits.insert(1, at: 0); pointPosition += 1 }
        }
        while digits.last == 0 { digits.removeLast() }
        if digits.isEmpty { pointPosition = 0 }
    }

    private static func multiply(_ limbs: inout [UInt64], by factor: UInt64) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let v = limbs[i] * factor + carry
            limbs[i] = v % 1_000_000_000
            carry = v / 1_000_000_000
        }
        while carry > 0 { limbs.append(carry % 1_000_000_000); carry /= 1_000_000_000 }
    }

    private static func power(_ base: UInt64, _ k: Int) -> UInt64 { (0..<k).reduce(1) { acc, _ in acc * base } }
}
