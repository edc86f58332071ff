import JupyterKernel
import Testing

/// `==` on the interpreter's reply values compares every field: a completion that offers other type
/// entries, or a language with another banner, is a different value.
@Suite("Interpreter value equality")
struct InterpreterValueEqualityTests {
    @Test("completion results differ in their type entries")
    func completionTypes() {
        let plain = CompletionResult(matches: ["solve"], cursorStart: 0, cursorEnd: 3)
        let typed = CompletionResult(matches: ["solve"], cursorStart: 0, cursorEnd: 3,
                                     types: [(text: "solve", type: "function", signature: "solve(model, solver)")])
        #expect(plain != typed)
        #expect(typed == CompletionResult(matches: ["solve"], cursorStart: 0, cursorEnd: 3,
                                          types: [(text: "solve", type: "function", signature: "solve(model, solver)")]))
        #expect(typed != CompletionResult(matches: ["solve"], cursorStart: 0, cursorEnd: 3,
                                          types: [(text: "solve", type: "function", signature: "solve(model)")]))
    }

    @Test("language infos differ in every field, help links included")
    func languageInfo() {
        func info(banner: String = "QAMA", links: [(text: String, url: String)] = []) -> LanguageInfo {
            LanguageInfo(name: "qama", version: "1", mimetype: "text/x-qama", fileExtension: ".qama", pygmentsLexer: "qama",
                         codemirrorMode: "qama", implementation: "qama", implementationVersion: "1", banner: banner,
                         helpLinks: links)
        }
        #expect(info() == info())
        #expect(info(banner: "QAMA 2") != info())
        #expect(info(links: [(text: "Docs", url: "https://example.org")]) != info())
        #expect(info(links: [(text: "Docs", url: "https://example.org/a")]) != info(links: [(text: "Docs", url: "https://example.org/b")]))
    }
}
