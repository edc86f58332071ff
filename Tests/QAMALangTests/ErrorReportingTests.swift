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

    @Test("errors never lose earlier state") func keepsState() {
        let s = LangSession()
        s.run("var a = 1")
        #expect(s.error("a = 2\nthis_fails")?.name == "NameError")
        #expect(s.text("a") == "2")  // the statement before the failing one stays
    }
}
