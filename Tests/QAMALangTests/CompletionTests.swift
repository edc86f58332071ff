import JupyterKernel
import QAMALang
import Testing

/// `complete_request` as a front end sends it: the code and the cursor at its end.
@Suite("Completion: labels, choices and misspellings")
struct CompletionTests {
    func complete(_ s: LangSession, _ code: String) -> [String] {
        s.interpreter.complete(code: code, cursorPosition: code.unicodeScalars.count).matches
    }

    @Test("types read as the language says them: argument labels, params, values' types, functions, keywords")
    func typesAUserWouldRead() {
        let s = LangSession()
        s.run("param weight = 2\nlet wave = zeros(3)\nvar were = 1\nfunc wobble() = 1")
        let result = s.interpreter.complete(code: "sa(w", cursorPosition: 4)
        #expect(result.types.map { "\($0.text) \($0.type)" } == ["wave Tensor", "weight param", "were Number", "wobble function", "weights function", "who function", "where keyword"])
        let labels = s.interpreter.complete(code: "sa(sw", cursorPosition: 5)
        #expect(labels.types.first.map { "\($0.text) \($0.type)" } == "sweeps: argument")
    }

    @Test func labelsAlreadyGivenAreNotOfferedAgain() {
        let s = LangSession()
        #expect(complete(s, "sa(reads: 4, ") .prefix(5) == ["sweeps:", "beta:", "schedule:", "seed:", "threads:"])
        #expect(!complete(s, "sa(reads: 4, ").contains("reads:"))
        #expect(complete(s, "sa(reads: 4, sw") == ["sweeps:", "sweep"], "labels first, then names")
        // A label inside a nested call does not count for the outer one.
        #expect(complete(s, "sb(agents: [sa(seed: 1)], s").prefix(2) == ["steps:", "seed:"])
    }

    @Test func stringChoicesAfterTheirLabel() {
        let s = LangSession()
        #expect(complete(s, "sb(mode: ") == ["\"ballistic\"", "\"discrete\"", "\"heated\""])
        #expect(complete(s, "sb(mode: \"d") == ["\"discrete\""])
        #expect(complete(s, "sa(schedule:") == ["\"geometric\"", "\"linear\""])
        let r = s.interpreter.complete(code: "sb(mode: \"h", cursorPosition: 11)
        #expect(r.cursorStart == 9 && r.cursorEnd == 11, "the replacement starts at the opening quote")
    }

    @Test func aMisspeltNameOffersTheClosestFirst() {
        let s = LangSession()
        #expect(complete(s, "slove").first == "solve")
        _ = s.text("let weights2 = 1")
        #expect(complete(s, "wieghts2") == ["weights2", "weights"], "one swap away, then the builtin two edits away")
        #expect(complete(s, "zzzzzz").isEmpty)
    }
}
