import Testing

/// Small display details from issue 12 item 16.
@Suite("Display details")
struct DisplayDetailTests {
    @Test func traceLabelsTheRealSteps() {
        let s = LangSession()
        _ = s.text("let x = binary(4, name: \"x\")\nlet r = solve(sum(i in 0..<4: x[i]) - x[0] * x[1], sa(reads: 2, sweeps: 1000, seed: 1))")
        let description = s.text("trace(r)")
        #expect(description.hasPrefix("Trace \"Energy trace · sa · 2 reads\": energy over 100 steps (sweep 10 … 1000)"))
    }

    @Test func indexErrorsNameTheBinding() {
        let s = LangSession()
        _ = s.text("let x = binary(3)")
        #expect(s.error("x[5]")?.value == "index 5 is out of range 0..<3 on axis 0 of x")
        _ = s.text("let t = zeros(2, 2)")
        #expect(s.error("t[0, 2]")?.value == "index 2 is out of range 0..<2 on axis 1 of t")
    }

    @Test func helpWrapsAtSpaces() {
        let s = LangSession()
        let outcome = s.run("help(\"solve\")").outcome
        guard case .page(let page)? = outcome.payloads.first else {
            Issue.record("help() opens no pager")
            return
        }
        let text = page["text/plain"] ?? ""
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 96 })
        #expect(text.hasPrefix("solve(m, solver)\n\nSolves a Model (or an Expr, compiled on demand and cached) with a solver"))
        #expect(page["text/html"]?.hasPrefix("<pre style=\"white-space:pre-wrap;word-break:normal;overflow-wrap:normal\">") == true)
    }
}
