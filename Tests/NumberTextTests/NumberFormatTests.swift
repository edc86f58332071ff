import Testing
import NumberText

@Suite("Number text")
struct NumberFormatTests {
    @Test("format: integers as integers, everything else the shortest round trip")
    func shortest() {
        let cases: [(Double, String)] = [
            (42, "42"), (-4, "-4"), (5.5, "5.5"), (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"), (1e-5, "1e-05"),
            (1e-7, "1e-07"), (123456789, "123456789"), (1234.5, "1234.5"), (-0.0, "0"),
            (9_007_199_254_740_992, "9007199254740992"), (1e300, "1e+300"), (.leastNonzeroMagnitude, "5e-324"),
            (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
        ]
        for (x, text) in cases { #expect(NumberFormat.format(x) == text, "\(x)") }
    }

    @Test("short: rounded to n significant digits (ties away from zero), then written by format")
    func short() {
        #expect(NumberFormat.short(0.333333333) == "0.333333")
        #expect(NumberFormat.short(0.333333333, digits: 4) == "0.3333")
        #expect(NumberFormat.short(1234.5, digits: 4) == "1235")
        #expect(NumberFormat.short(99999.95) == "100000")
        #expect(NumberFormat.short(-11624) == "-11624")
        #expect(NumberFormat.short(123456789) == "123456789")
        #expect(NumberFormat.short(0.1 + 0.2) == "0.3")
        #expect(NumberFormat.short(1e-5) == "1e-05")
        #expect(NumberFormat.short(-0.0) == "0")
        #expect(NumberFormat.short(1.234567e-7) == "1.23457e-07")
        #expect(NumberFormat.short(.nan) == "nan")
    }

    @Test("fixed: at most n decimals, ties away from zero on x·10ⁿ, zeros trimmed unless asked to keep them")
    func fixed() {
        #expect(NumberFormat.fixed(0.015, decimals: 2) == "0.02")   // 0.015·100 is 1.5 in binary
        #expect(NumberFormat.fixed(0.333333333, decimals: 2) == "0.33")
        #expect(NumberFormat.fixed(1234.5, decimals: 2) == "1234.5")
        #expect(NumberFormat.fixed(-0.004, decimals: 2) == "0")
        #expect(NumberFormat.fixed(-11624, decimals: 2) == "-11624")
        #expect(NumberFormat.fixed(1e-5, decimals: 2) == "0")
        #expect(NumberFormat.fixed(9_007_199_254_740_992, decimals: 2) == "9.0072e15")
        #expect(NumberFormat.fixed(1.3, decimals: 2, trimmingZeros: false) == "1.30")
        #expect(NumberFormat.fixed(0, decimals: 2, trimmingZeros: false) == "0.00")
        #expect(NumberFormat.fixed(-0.4, decimals: 2, trimmingZeros: false) == "-0.40")
        #expect(NumberFormat.fixed(250, decimals: 0, trimmingZeros: false) == "250")
    }

    @Test("significant: n digits, exponent form outside 1e-4 ..< 1e7")
    func significant() {
        #expect(NumberFormat.significant(123456789, digits: 4) == "1.235e8")
        #expect(NumberFormat.significant(123456789, digits: 6) == "1.23457e8")
        #expect(NumberFormat.significant(1234.5, digits: 4) == "1235")
        #expect(NumberFormat.significant(1.5e7, digits: 4) == "1.5e7")
        #expect(NumberFormat.significant(2e-6, digits: 6) == "2e-6")
        #expect(NumberFormat.significant(1e-5, digits: 4) == "1e-5")
        #expect(NumberFormat.significant(0.1 + 0.2, digits: 6) == "0.3")
        #expect(NumberFormat.significant(-0.0, digits: 6) == "0")
        #expect(NumberFormat.significant(9.99996e7, digits: 4) == "1e8")
    }

    @Test("bytes in decimal units with one decimal")
    func bytes() {
        #expect(NumberFormat.bytes(512) == "512 B")
        #expect(NumberFormat.bytes(999.9) == "999 B")
        #expect(NumberFormat.bytes(1234.5) == "1.2 kB")
        #expect(NumberFormat.bytes(123456789) == "123.5 MB")
        #expect(NumberFormat.bytes(1.5e7) == "15.0 MB")
        #expect(NumberFormat.bytes(37.25e9) == "37.2 GB")   // 37.25 is a tie, to even
        #expect(NumberFormat.bytes(1.2e15) == "1.2 PB")
    }

    @Test("grouped: thousands separated by commas")
    func grouped() {
        #expect(NumberFormat.grouped(0) == "0")
        #expect(NumberFormat.grouped(999) == "999")
        #expect(NumberFormat.grouped(1000) == "1,000")
        #expect(NumberFormat.grouped(65536) == "65,536")
        #expect(NumberFormat.grouped(-1234567) == "-1,234,567")
    }

    @Test("zero-padded integers")
    func zeroPadded() {
        #expect(NumberFormat.zeroPadded(7, width: 3) == "007")
        #expect(NumberFormat.zeroPadded(1234, width: 3) == "1234")
        #expect(NumberFormat.zeroPadded(-7, width: 3) == "-07")
    }

    @Test("percent: a share with two decimals below 10%, one below 100%, none above")
    func percent() {
        #expect(NumberFormat.percent(0.013333) == "1.33%")
        #expect(NumberFormat.percent(0) == "0.00%")
        #expect(NumberFormat.percent(0.125) == "12.5%")
        #expect(NumberFormat.percent(1.5) == "150%")
        #expect(NumberFormat.percent(.nan) == "nan")
    }
}
