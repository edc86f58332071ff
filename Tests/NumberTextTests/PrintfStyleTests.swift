import Testing
import NumberText

/// `g` and `f` must print what C's printf prints. Each expected text below is what glibc's
/// `printf("%.4g")`, `printf("%.6g")`, `printf("%.1f")`, `printf("%.2f")` print for the value (checked
/// with `String(format:)` and with Python's `%` operator, which round the exact binary value half to even).
@Suite("C-style %g and %f")
struct PrintfStyleTests {
    @Test("%.4g: four significant digits, exponent form from 1e4 and below 1e-4")
    func fourSignificantDigits() {
        let cases: [(Double, String)] = [
            (1e-5, "1e-05"), (123456789, "1.235e+08"), (-0.0, "-0"), (0, "0"), (0.1 + 0.2, "0.3"),
            (1234.5, "1234"),        // an exact tie rounds to the even digit
            (1235.5, "1236"), (12345.678, "1.235e+04"), (99995, "1e+05"), (9.9995, "9.999"),
            (0.00012345, "0.0001234"), (1e21, "1e+21"), (.leastNonzeroMagnitude, "4.941e-324"),
            (1.7976931348623157e308, "1.798e+308"), (0.5, "0.5"), (2.5, "2.5"), (-3, "-3"), (10, "10"),
        ]
        for (x, text) in cases { #expect(NumberFormat.g(x, precision: 4) == text, "\(x)") }
    }

    @Test("%.6g, and the one-digit exponent tensors print")
    func sixSignificantDigits() {
        #expect(NumberFormat.g(123456789, precision: 6) == "1.23457e+08")
        #expect(NumberFormat.g(1234.5, precision: 6) == "1234.5")
        #expect(NumberFormat.g(.leastNonzeroMagnitude, precision: 6) == "4.94066e-324")
        #expect(NumberFormat.g(1.5e-7, precision: 6, exponentDigits: 1) == "1.5e-7")
        #expect(NumberFormat.g(123456789, precision: 6, exponentDigits: 1) == "1.23457e+8")
        #expect(NumberFormat.g(1e300, precision: 6, exponentDigits: 1) == "1e+300")
        #expect(NumberFormat.g(0.333333333, precision: 6) == "0.333333")
    }

    @Test("precision 0 means one digit, as in C")
    func precisionZero() {
        #expect(NumberFormat.g(0.25, precision: 0) == "0.2")
        #expect(NumberFormat.g(35, precision: 0) == "4e+01")
    }

    @Test("%.1f and %.2f: exactly that many decimals, the sign of a negative zero kept")
    func fixedDecimals() {
        let one: [(Double, String)] = [
            (1e-5, "0.0"), (123456789, "123456789.0"), (-0.0, "-0.0"), (0.1 + 0.2, "0.3"), (1234.5, "1234.5"),
            (9.9995, "10.0"), (0.25, "0.2"), (0.35, "0.3"),  // 0.35 is 0.34999…, 0.25 an exact tie to even
            (-0.04, "-0.0"), (1e21, "1000000000000000000000.0"),
        ]
        for (x, text) in one { #expect(NumberFormat.f(x, precision: 1) == text, "\(x)") }
        #expect(NumberFormat.f(0.015, precision: 2) == "0.01")  // 0.01499999…
        #expect(NumberFormat.f(12345.678, precision: 2) == "12345.68")
        #expect(NumberFormat.f(2.5, precision: 0) == "2")
        #expect(NumberFormat.f(3.5, precision: 0) == "4")
    }

    @Test("non-finite values are nan, inf and -inf")
    func nonFinite() {
        #expect(NumberFormat.g(.nan, precision: 4) == "nan")
        #expect(NumberFormat.g(.infinity, precision: 4) == "inf")
        #expect(NumberFormat.f(-.infinity, precision: 1) == "-inf")
    }

    @Test("digits come from the Double's exact decimal value")
    func exactDecimalValue() {
        #expect(NumberFormat.f(0.1, precision: 55) == "0.1000000000000000055511151231257827021181583404541015625")
        #expect(NumberFormat.f(1e23, precision: 0) == "99999999999999991611392")  // the Double nearest 1e23
        #expect(NumberFormat.g(0.1, precision: 17) == "0.10000000000000001")
    }
}
