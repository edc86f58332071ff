import Testing
import Foundation
import JupyterKernel
import QAMALang

@Suite("Kernel integration: results, display, is_complete, completion, inspect")
struct KernelIntegrationTests {
    @Test("the last expression is the result; statements and a trailing ';' have none; silent shows none")
    func results() {
        let s = LangSession()
        #expect(s.run("let a = 1").outcome.result == nil)
        #expect(s.run("a + 1").outcome.result?["text/plain"] == "2")
        #expect(s.run("a + 1;").outcome.result == nil)
        #expect(s.run("a + 1", silent: true).outcome.result == nil)
        #expect(s.run("print(a)").outcome.result == nil)
    }

    @Test("user_expressions are evaluated after the cell without changing bindings")
    func userExpressions() {
        let s = LangSession()
        let (outcome, _) = s.run("var a = 20", userExpressions: ["double": "a * 2", "bad": "nope"])
        #expect(outcome.userExpressions["double"] == .ok(["text/plain": "40"]))
        if case .error(let e)? = outcome.userExpressions["bad"] { #expect(e.name == "NameError") } else { Issue.record("expected an error") }
    }

    @Test("show, clear, input, env, params, who, version, help")
    func sessionBuiltins() {
        let s = LangSession()
        s.run("show(1 + 1)\nclear(wait: true)")
        #expect(s.sink.events.contains(.display(["text/plain": "2"], displayID: nil, update: false)))
        #expect(s.sink.events.contains(.clear(wait: true)))
        #expect(s.text("input(\"age? \")") == "\"42\"")
        #expect(s.sink.prompts == ["age? "])
        #expect(s.text("input(\"x\")") == "\"42\"")
        #expect(s.run("input(\"x\")", allowStdin: false).outcome.error?.name == "ValueError")
        #expect(s.text("env(\"PATH\")").isEmpty == false)
        s.run("param γ = 2\nparam λ = 0.5")
        let table = s.run("params()").outcome.result
        #expect(table?["text/plain"] == "param  value\n─────  ─────\nγ      2\nλ      0.5")
        #expect(table?["text/html"]?.contains("<table style=\"table-layout:auto;word-break:normal;overflow-wrap:normal\">") == true)
        let who = s.run("let t = zeros(2, 3)\nwho()").outcome.result?["text/plain"] ?? ""
        #expect(who == """
            name  kind   type    summary
            ────  ─────  ──────  ──────────────────────
            γ     param  Param   2
            λ     param  Param   0.5
            t     let    Tensor  2×3 min 0 max 0 mean 0
            """)
        let version = s.text("version()")
        #expect(version.contains("language") && version.contains("swift") && version.contains("random"))
        let help = s.run("help(softmax)").outcome
        #expect(help.result == nil)
        if case .page(let page)? = help.payloads.first {
            #expect(page["text/plain"]?.hasPrefix("softmax(t, axis: -1)") == true)
        } else {
            Issue.record("help() must return a page payload")
        }
    }

    @Test("is_complete follows the language's rules")
    func isComplete() {
        let i = QAMAInterpreter()
        #expect(i.isComplete(code: "let a = 1") == .complete)
        #expect(i.isComplete(code: "let a = (1 +") == .incomplete(indent: ""))
        #expect(i.isComplete(code: "let a = 1 +") == .incomplete(indent: ""))
        #expect(i.isComplete(code: "f(1,") == .incomplete(indent: ""))
        #expect(i.isComplete(code: "for i in 0..<3 {") == .incomplete(indent: "    "))
        #expect(i.isComplete(code: "for i in 0..<3 {\n  if i > 1 {") == .incomplete(indent: "        "))
        #expect(i.isComplete(code: "\"abc") == .incomplete(indent: ""))
        #expect(i.isComplete(code: "/* still /* nested */ open") == .incomplete(indent: ""))
        #expect(i.isComplete(code: "let = 3") == .invalid)
        #expect(i.isComplete(code: "1 )") == .invalid)
        #expect(i.isComplete(code: "1 $ 2") == .invalid)
    }

    @Test("completion offers builtins, bound names, labels of the call being typed, and members")
    func completion() {
        let s = LangSession()
        _ = s.text("let tensorA = zeros(2)\nvar total = 1")
        let i = s.interpreter
        let names = i.complete(code: "ten", cursorPosition: 3)
        #expect(names.matches == ["tensorA", "tensor"])
        #expect(names.cursorStart == 0 && names.cursorEnd == 3)
        let labels = i.complete(code: "softmax(t, ax", cursorPosition: 13)
        #expect(labels.matches.first == "axis:")
        #expect(labels.cursorStart == 11)
        let members = i.complete(code: "x = tensorA.sh", cursorPosition: 14)
        #expect(members.matches == ["shape"])
        #expect(members.cursorStart == 12)
        #expect(i.complete(code: "to", cursorPosition: 2).matches == ["total", "topk"], "bound names, then builtins")
    }

    @Test("inspect shows a builtin's signature and doc, or a binding's type and shape")
    func inspect() {
        let s = LangSession()
        _ = s.text("let Q = zeros(4, 16)")
        let i = s.interpreter
        let builtin = i.inspect(code: "softmax(Q", cursorPosition: 3, detailLevel: 0)?["text/plain"]
        #expect(builtin?.hasPrefix("softmax(t, axis: -1)\n\n") == true)
        let binding = i.inspect(code: "Q", cursorPosition: 1, detailLevel: 0)?["text/plain"]
        #expect(binding?.contains("Tensor") == true && binding?.contains("[4, 16]") == true)
        #expect(i.inspect(code: "nothing_here", cursorPosition: 3, detailLevel: 0) == nil)
    }

    @Test("interrupt from another thread stops a long loop and keeps earlier bindings")
    func interrupt() async throws {
        let i = QAMAInterpreter()
        let sink = RecordingSink()
        _ = i.execute(ExecutionRequest(code: "var kept = 1", executionCount: 1), output: sink)
        let started = DispatchSemaphore(value: 0)
        let box = OutcomeBox()
        let worker = Thread {
            started.signal()
            box.outcome = i.execute(ExecutionRequest(code: "kept = 2\nvar n = 0\nfor k in 0..<1000000000000 { n = n + 1 }", executionCount: 2), output: sink)
            box.done.signal()
        }
        worker.start()
        started.wait()
        try await Task.sleep(for: .milliseconds(200))
        i.interrupt()
        #expect(box.done.wait(timeout: .now() + 10) == .success)
        #expect(box.outcome?.error?.name == "Interrupted")
        #expect(box.outcome?.error?.traceback.contains { $0.hasPrefix("  at line 3, column ") } == true)
        i.resetInterrupt()  // as the kernel core does before every cell
        #expect(i.execute(ExecutionRequest(code: "kept", executionCount: 3), output: sink).result?["text/plain"] == "2")
        // The completed iterations stay, and the message counts them: n is exactly that count.
        let n = i.execute(ExecutionRequest(code: "n", executionCount: 4), output: sink).result?["text/plain"] ?? "?"
        let message = box.outcome?.error?.value ?? ""
        let atHead = "the cell was interrupted in iteration \((Int(n) ?? -1) + 1) of 1000000000000 of the loop at line 3, before the iteration began; the \(n) completed iterations and the statements before the loop are kept"
        let inBody = "the cell was interrupted in iteration \((Int(n) ?? -1) + 1) of 1000000000000 of the loop at line 3; the statement at line 3 was undone; the \(n) completed iterations and the statements before it are kept"
        #expect(message == atHead || message == inBody, "\(message) (n = \(n))")
    }
}

final class OutcomeBox: @unchecked Sendable {
    var outcome: ExecutionOutcome?
    let done = DispatchSemaphore(value: 0)
}
