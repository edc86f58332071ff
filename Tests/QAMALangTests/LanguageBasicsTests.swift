import Testing
import JupyterKernel
import QAMALang

@Suite("Numbers, precedence and statements")
struct LanguageBasicsTests {
    @Test("numbers print as integers when integral, otherwise shortest round-trip")
    func numberPrinting() {
        #expect(NumberFormat.format(42) == "42")
        #expect(NumberFormat.format(-4) == "-4")
        #expect(NumberFormat.format(5.5) == "5.5")
        #expect(NumberFormat.format(0.1) == "0.1")
        #expect(NumberFormat.format(1e-7) == "1e-07")
        #expect(NumberFormat.format(9_007_199_254_740_992) == "9007199254740992")
        #expect(NumberFormat.format(1e300) == "1e+300")
        #expect(NumberFormat.format(-0.0) == "0")
        let s = LangSession()
        #expect(s.text("42") == "42")
        #expect(s.text("11 / 2") == "5.5")
        #expect(s.text("1e-7") == "1e-07")
        #expect(s.text("0.1") == "0.1")
        #expect(s.text("0x1F") == "31")
        #expect(s.text("3.5") == "3.5")
        #expect(s.text("1e-3") == "0.001")
        #expect(s.text("true") == "true")
        #expect(s.text("1 < 2 && 2 > 3") == "false")
    }

    @Test("precedence: ^ is right-associative and binds tighter than unary minus")
    func precedence() {
        let s = LangSession()
        #expect(s.text("-2^2") == "-4")
        #expect(s.text("2^3^2") == "512")
        #expect(s.text("1 + 2 * 3") == "7")
        #expect(s.text("(1 + 2) * 3") == "9")
        #expect(s.text("7 % 3") == "1")
        #expect(s.text("2^-1") == "0.5")
        #expect(s.text("1 + 1 == 2 || false") == "true")
        #expect(s.text("!true") == "false")
        #expect(s.text("0..<3") == "0..<3")
        #expect(s.text("1...3") == "1...3")
    }

    @Test("let, var, assignment, params and functions across cells")
    func bindings() {
        let s = LangSession()
        s.run("let a = 2\nvar b = 3")
        s.run("b = b + a")
        #expect(s.text("b") == "5")
        s.run("func f(x, y) = x * y + a")
        #expect(s.text("f(3, 4)") == "14")
        s.run("let a = 10")  // a new let in a later cell rebinds
        #expect(s.text("a") == "10")
        s.run("param γ = 2.0")
        #expect(s.text("γ") == "γ = 2 (param)")
        s.run("γ = 8")
        #expect(s.text("γ.value") == "8")
        #expect(s.error("γ = \"x\"")?.name == "TypeError")
        #expect(s.error("a = 1")?.value.contains("let constant") == true)
    }

    @Test("statements end at newlines or ';', lines continue after operators, commas, open brackets or before a binary operator")
    func lineContinuation() {
        let s = LangSession()
        #expect(s.text("let a = 1 +\n  2\na") == "3")
        #expect(s.text("let b = [1,\n 2,\n 3]\nb") == "[1, 2, 3]")
        #expect(s.text("let c = 10\n    - 4\nc") == "6")
        #expect(s.text("let d = 5\n-d") == "-5")
        #expect(s.text("1; 2") == "2")
        #expect(s.text("1; 2;") == "")
        #expect(s.text("let e = 1 // comment\n/* block /* nested */ still */ e + 1") == "2")
    }

    @Test("for loops over ranges, arrays and tensor axes; if/else; block scope")
    func control() {
        let s = LangSession()
        #expect(s.text("var t = 0\nfor i in 0..<5 { t = t + i }\nt") == "10")
        #expect(s.text("var u = 0\nfor v in [1, 2, 3] { if v == 2 { u = u + 10 } else { u = u + 1 } }\nu") == "12")
        #expect(s.text("var rows = 0\nfor r in zeros(3, 2) { rows = rows + r.shape[0] }\nrows") == "6")
        #expect(s.text("var w = 0\nfor i in 1...3 {\n  let sq = i * i\n  w = w + sq\n}\nw") == "14")
        #expect(s.error("sq")?.name == "NameError")
        #expect(s.text("var z = 0\nif 1 > 2 {\n z = 1\n}\nelse if 2 > 1 {\n z = 2\n}\nz") == "2")
    }

    @Test("strings: escapes and interpolation")
    func strings() {
        let s = LangSession()
        s.run("let n = 3")
        #expect(s.text("\"n = \\(n), twice \\(n * 2)\"") == "\"n = 3, twice 6\"")
        s.run("print(\"a\\tb\", 1.5, \"q\\\"\")")
        #expect(s.sink.stdout == "a\tb 1.5 q\"\n")
        // \r, as papermill writes a Windows line end; an unknown escape names the ones there are.
        #expect(s.text("\"line 1\\r\\nline 2\"") == "\"line 1\r\nline 2\"")
        #expect(s.error("\"a\\qb\"")?.value == "unknown escape '\\q' in a string (use \\n, \\t, \\r, \\\", \\\\ or \\( )")
        s.run("eprint(\"oops\")")
        #expect(s.sink.stderr == "oops\n")
    }

    @Test("comprehension sums with several loops and a where clause")
    func comprehension() {
        let s = LangSession()
        #expect(s.text("sum(i in 0..<4: i)") == "6")
        #expect(s.text("sum(i in 0..<3, j in 0..<3 where i < j: i * 10 + j)") == "15")
        #expect(s.text("sum(i in 0..<0: i)") == "0")
    }

    @Test("unicode identifiers")
    func unicode() {
        let s = LangSession()
        #expect(s.text("let λ = 3\nlet α_2 = λ * 2\nα_2") == "6")
    }
}
