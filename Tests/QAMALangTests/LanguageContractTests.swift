import Testing
import Foundation
import JupyterKernel
import QAMALang

/// The core-only snippets of LANGUAGE.md, as written (model and solver snippets are in Domain*Tests).
@Suite("LANGUAGE.md snippets (core features)")
struct LanguageContractTests {
    @Test("the session's tensor and param lines")
    func sessionLines() {
        let s = LangSession()
        let cell = """
        seed(7)                                   // every random thing below is reproducible
        let Q = randn(4, 16, 32)                  // tensors: heads × tokens × features
        let K = randn(4, 16, 32)
        let V = rand(4, 16, 32)

        param γ = 2.0                             // a named penalty weight
        """
        #expect(s.run(cell).outcome.error == nil)
        #expect(s.text("Q.shape") == "[4, 16, 32]")
        #expect(s.run("γ = 8.0                                   // re-weight").outcome.error == nil)
        #expect(s.text("γ") == "γ = 8 (param)")
    }

    @Test("indexing, slicing, arrays, ranges and the comprehension example")
    func expressions() {
        let s = LangSession()
        s.run("seed(1)\nlet Q = randn(4, 16, 32)\nlet n = 4\nlet J = randn(n, n)\nlet s = tensor([1, -1, 1, -1])")
        #expect(s.text("Q[0, 0..<4, :].shape") == "[4, 32]")
        #expect(s.text("[1, 2, 3]") == "[1, 2, 3]")
        #expect(s.text("1...n") == "1...4")
        let direct = s.text("var e = 0\nfor i in 0..<n { for j in 0..<n { if i < j { e = e + J[i, j] * s[i] * s[j] } } }\ne")
        #expect(s.text("sum(i in 0..<n, j in 0..<n where i < j: J[i, j] * s[i] * s[j])") == direct)
        #expect(s.text("-2^2") == "-4")
        #expect(s.text("softmax(Q, axis: 2).shape") == "[4, 16, 32]")
    }

    @Test("ScriptRunner: exit code 0 for a good script, 1 for an error")
    func scriptRunner() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qama-run-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/good.qama", bad = dir + "/bad.qama"
        try "let a = 1\nlet b = a + 1;\n".write(toFile: good, atomically: true, encoding: .utf8)
        try "let a = 1\nlet b = a + nope\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(ScriptRunner.run(path: good, figuresDirectory: nil) == 0)
        #expect(ScriptRunner.run(path: bad, figuresDirectory: nil) == 1)
        #expect(ScriptRunner.run(path: dir + "/missing.qama", figuresDirectory: nil) == 1)
    }

    @Test("compiler-style error text for qama run, with the token masked")
    func compilerStyle() {
        let e = LanguageError(.name, "'nope' is not defined",
                              at: SourceRange(QAMALang.SourceLocation(line: 2, column: 13, offset: 22), QAMALang.SourceLocation(line: 2, column: 17, offset: 26)))
        let text = ErrorReport.compilerStyle(e, file: "f.qama", source: "let a = 1\nlet b = a + nope")
        #expect(text == "f.qama:2:13: NameError: 'nope' is not defined\n    let b = a + nope\n                ^")
        #expect(ErrorReport.maskingSecrets("cim(token: \"abc\", url: x)") == "cim(token: \"***\", url: x)")
    }
}
