import Testing
import JupyterKernel
import QAMALang

@Suite("A failing statement changes no binding")
struct AtomicityTests {
    @Test("a loop that fails halfway keeps its completed statements: only the failing one is undone")
    func loop() {
        let s = LangSession()
        s.run("var total = 0")
        let e = s.error("for i in 0..<5 { total = total + i; if i == 3 { total = total + missing } }")
        #expect(e?.name == "NameError")
        #expect(s.text("total") == "6")  // 0 + 1 + 2 from the completed iterations, + 3 from the first statement of i = 3
    }

    @Test("a failing let binds nothing and a failing assignment keeps the old value")
    func bindings() {
        let s = LangSession()
        s.run("var x = 1")
        #expect(s.error("let y = zeros(2) + zeros(3)")?.name == "ShapeError")
        #expect(s.error("y")?.name == "NameError")
        #expect(s.error("x = zeros(2) + zeros(3)")?.name == "ShapeError")
        #expect(s.text("x") == "1")
    }

    @Test("a syntax error anywhere runs nothing")
    func syntax() {
        let s = LangSession()
        s.run("var x = 1")
        #expect(s.error("x = 2\nlet = ")?.name == "SyntaxError")
        #expect(s.text("x") == "1")
    }
}
