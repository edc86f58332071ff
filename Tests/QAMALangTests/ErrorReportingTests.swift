import Testing
import Foundation
import JupyterKernel
import QAMALang

@Suite("Errors: kind, message, position and caret")
struct ErrorReportingTests {
    /// The traceback must show `line N, column M`, the offending line and a caret under the column.
    func expectError(_ code: String, _ kind: String, line: Int, column: Int, containing: String = "",
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let s = LangSession()
        guard let e = s.error(code) else {
            Issue.record("no error for \(code)", sourceLocation: sourceLocation)
            return
        }
        #expect(e.name == kind, sourceLocation: sourceLocation)
        #expect(containing.isEmpty || e.value.contains(containing), "\(e.value)", sourceLocation: sourceLocation)
        #expect(e.traceback.first == "\(kind): \(e.value)", sourceLocation: sourceLocation)
        #expect(e.traceback.contains("  at line \(line), column \(column):"), "\(e.traceback)", sourceLocation: sourceLocation)
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(e.traceback.contains("    " + lines[line - 1]), sourceLocation: sourceLocation)
        #expect(e.traceback.last == "    " + String(repeating: " ", count: column - 1) + "^", sourceLocation: sourceLocation)
    }

    @Test("SyntaxError") func syntax() {
        expectError("let x = (1 +\n 2))", "SyntaxError", line: 2, column: 4)
        expectError("let = 3", "SyntaxError", line: 1, column: 5, containing: "expected a name")
        expectError("\"abc", "SyntaxError", line: 1, column: 1, containing: "unterminated")
        expectError("1 $ 2", "SyntaxError", line: 1, column: 3, containing: "unexpected character")
    }

    @Test("NameError with a suggestion") func name() {
        expectError("let value = 1\nvalue + valeu", "NameError", line: 2, column: 9, containing: "did you mean 'value'?")
        expectError("zeros(2).nope", "NameError", line: 1, column: 10, containing: "no member 'nope'")
    }

    @Test("TypeError") func type() {
        expectError("1 + \"a\"", "TypeError", line: 1, column: 3)
        expectError("zeros(\"a\")", "TypeError", line: 1, column: 7, containing: "argument 1 must be a Number")
        expectError("sum(zeros(2), axiz: 1)", "TypeError", line: 1, column: 15, containing: "no argument 'axiz:'")
        expectError("if 1 { }", "TypeError", line: 1, column: 4, containing: "must be a Bool")
    }

    @Test("ValueError") func value() {
        expectError("let t = zeros(3)\nt[5]", "ValueError", line: 2, column: 1, containing: "out of range")
        expectError("eye(2.5)", "ValueError", line: 1, column: 5, containing: "must be an integer")
        expectError("env(\"QAMA_SURELY_NOT_SET_123\")", "ValueError", line: 1, column: 5, containing: "not set")
    }

    @Test("ShapeError") func shape() {
        expectError("let a = zeros(2, 3)\nlet b = a * zeros(3, 2)", "ShapeError", line: 2, column: 11, containing: "[2, 3] and [3, 2]")
        expectError("tensor([[1, 2], [3]])", "ShapeError", line: 1, column: 8, containing: "ragged")
    }

    /// One error boundary: each library's error type carries its user-facing kind (UserFacingError) and the
    /// evaluator maps it once, whichever builtin raised it.
    @Test("library errors keep their kind and message through the one boundary") func libraryErrors() {
        let s = LangSession()
        let cases: [(String, String, String)] = [
            ("qama(randn(2, 3), randn(3, 4), rand(2, 3))", "ShapeError",
             "Q has shape [2, 3] but K has shape [3, 4]; Q and K must have the same shape [H, N, d]"),  // QAMAError
            ("let x = binary(3, name: \"x\")\nmodel(x[0] * x[1] * x[2])", "ValueError",
             "x[0]*x[1]*x[2] has degree 3; a term can have degree at most 2"),  // ExpressionError
            ("heatmap(zeros(0, 0))", "ValueError", "heatmap \"Heatmap\": no data to plot"),  // FigureError
            ("let y = spin(31)\nsolve(sum(y), exact())", "SolverError",
             "exact() enumerates every state and refuses more than 30 variables; this model has 31"),  // SolverFailure
        ]
        for (code, kind, message) in cases {
            let e = s.error(code)
            #expect(e?.name == kind, "\(code)")
            #expect(e?.value == message, "\(code)")
        }
    }

    /// A CIM failure is a RemoteError wherever it is raised: in a solve and inside a sweep alike.
    @Test("a CIM failure is a RemoteError in solve and in sweep") func remoteEverywhere() {
        let s = LangSession()
        _ = s.text("param γ = 1\nlet z = spin(551)\nlet E = γ * sum(i in 0..<550: z[i] * z[i + 1])")
        for code in ["solve(E, cim(profile: \"cpqc-550\", seed: 1))", "sweep(E, γ, [1, 2], cim(profile: \"cpqc-550\", seed: 1))"] {
            let e = s.error(code)
            #expect(e?.name == "RemoteError", "\(code)")
            #expect(e?.value == "cim: the problem has 551 spins; the cpqc-550 machine has 550", "\(code)")
        }
    }

    @Test("errors never lose earlier state") func keepsState() {
        let s = LangSession()
        s.run("var a = 1")
        #expect(s.error("a = 2\nthis_fails")?.name == "NameError")
        #expect(s.text("a") == "2")  // the statement before the failing one stays
    }
}
