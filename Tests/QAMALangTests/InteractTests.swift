import Foundation
import JupyterKernel
import QAMALang
import Testing

/// Records comms (what the kernel core would publish) besides the usual outputs.
final class CommRecordingSink: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [CommOutgoing] = []
    var comms: [CommOutgoing] { lock.withLock { recorded } }
    func stream(_ name: String, _ text: String) {}
    func display(_ data: MimeBundle, metadata: [String: String], displayID: String?, update: Bool) {}
    func clearOutput(wait: Bool) {}
    func input(prompt: String, password: Bool) throws -> String { throw CancellationError() }
    func comm(_ message: CommOutgoing) { lock.withLock { recorded.append(message) } }

    /// Opened widgets: id → state, in opening order.
    var opened: [(String, JSON)] {
        comms.compactMap { c in if case .open = c.kind { (c.commID, c.data["state"] ?? .null) } else { nil } }
    }

    func id(of model: String, description: String? = nil) -> String? {
        opened.first { $0.1["_model_name"] == .string(model) && (description == nil || $0.1["description"] == .string(description!)) }?.0
    }

    func messages(to id: String, method: String) -> [JSON] {
        comms.filter { $0.kind == .message && $0.commID == id && $0.data["method"] == .string(method) }.map(\.data)
    }
}

@Suite("interact: widgets bound to params")
struct InteractTests {
    static let setup = """
        seed(3)
        let Q = randn(2, 4, 3); let K = randn(2, 4, 3); let V = rand(2, 4, 3)
        param γ = 0.8
        param β = 0.16
        let m = qama(Q, K, V, gamma: γ, beta: β)
        func view() = sparsity(solve(m, sa(reads: 4, sweeps: 50)))
        """

    func session(_ sink: CommRecordingSink) -> QAMAInterpreter {
        let interpreter = QAMAInterpreter()
        let setup = interpreter.execute(ExecutionRequest(code: Self.setup, executionCount: 1), output: sink)
        if let e = setup.error { Issue.record("setup cell failed: \(e.name): \(e.value)") }
        return interpreter
    }

    func run(_ interpreter: QAMAInterpreter, _ code: String, _ sink: OutputSink) -> ExecutionOutcome {
        interpreter.resetInterrupt()
        return interpreter.execute(ExecutionRequest(code: code, executionCount: 2), output: sink)
    }

    func move(_ interpreter: QAMAInterpreter, _ id: String, _ state: JSON, _ sink: OutputSink, settle: Bool = true) {
        interpreter.commReceived(CommEvent(kind: .message, commID: id, data: ["method": "update", "state": state, "buffer_paths": []]),
                                 output: sink)
        if settle { interpreter.commsSettled(output: sink) }
    }

    func figure(_ outputs: JSON?) -> String? { outputs?.arrayValue?.first?["data"]?["image/svg+xml"]?.stringValue }

    @Test("a view that calls interact is an error in its output area, not endless widgets (it once recursed without end)")
    func aViewMayNotOpenControls() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        _ = q.execute(ExecutionRequest(code: "func v() = interact(v, γ: 0...4)", executionCount: 2), output: sink)
        let outcome = run(q, "interact(v, γ: 0...4)", sink)
        #expect(outcome.error == nil)
        // One interact: a slider (with its layout and style), the row (label, box), the output area, the box.
        #expect(sink.opened.filter { $0.1["_model_name"] == "VBoxModel" }.count == 1)
        let area = try #require(sink.id(of: "OutputModel"))
        let outputs = sink.opened.first { $0.0 == area }?.1["outputs"]
        #expect(outputs?.arrayValue?.first?["evalue"] == "interact() cannot run inside an interact view: the view would open new controls on every redraw; call interact() from a cell and let the view only compute and show")
    }

    @Test func opensSlidersALabelAndAnOutputAreaInABox() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        let outcome = run(q, "seed(11)\ninteract(view, γ: 0...4, β: 0...1, step: 0.05)", sink)
        #expect(outcome.error == nil)
        let result = try #require(outcome.result)
        let box = try #require(sink.id(of: "VBoxModel"))
        #expect(result["application/vnd.jupyter.widget-view+json"] == "{\"model_id\":\"\(box)\",\"version_major\":2,\"version_minor\":0}")
        #expect(result["text/plain"] == "interact · γ = 0.8 (0…4 step 0.05) · β = 0.16 (0…1 step 0.05)")
        // γ's slider: its layout and style opened first, then the slider; ids count up from 1.
        #expect(sink.opened.prefix(3).map { $0.1["_model_name"] } == ["LayoutModel", "SliderStyleModel", "FloatSliderModel"])
        #expect(sink.opened.prefix(3).map(\.0) == ["qama-widget-1", "qama-widget-2", "qama-widget-3"])
        // Wide enough to set γ to a step: 500 px, never wider than the output.
        #expect(sink.opened[0].1["width"] == "500px" && sink.opened[0].1["max_width"] == "100%")
        let gamma = sink.opened[2].1
        #expect(gamma["min"] == 0.0 && gamma["max"] == 4.0 && gamma["step"] == 0.05 && gamma["value"] == 0.8)
        #expect(gamma["layout"] == "IPY_MODEL_qama-widget-1" && gamma["style"] == "IPY_MODEL_qama-widget-2")
        #expect(gamma["readout_format"] == ".2f" && gamma["description"] == "γ")
        let label = try #require(sink.opened.first { $0.1["_model_name"] == "LabelModel" }?.1)
        #expect(label["value"] == "γ = 0.8 · β = 0.16")
        let area = try #require(sink.opened.first { $0.1["_model_name"] == "OutputModel" }?.1)
        // The area shows what the view shows in a cell with the same random state.
        let direct = run(q, "seed(11)\nview()", CommRecordingSink())
        #expect(figure(area["outputs"]) == direct.result?["image/svg+xml"])
        #expect(figure(area["outputs"]) != nil)
    }

    @Test func aMoveSetsTheParamEchoesAndReDrawsOnSettle() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        _ = run(q, "seed(11)\ninteract(view, γ: 0...4, β: 0...1, step: 0.05)", sink)
        let slider = try #require(sink.id(of: "FloatSliderModel", description: "γ"))
        let area = try #require(sink.id(of: "OutputModel"))
        move(q, slider, ["value": 3.5], sink, settle: false)
        #expect(sink.messages(to: slider, method: "echo_update") == [["method": "echo_update", "state": ["value": 3.5], "buffer_paths": []]])
        #expect(sink.messages(to: area, method: "update").isEmpty)  // nothing drawn before the batch settles
        q.commsSettled(output: sink)
        let redraw = try #require(sink.messages(to: area, method: "update").first)
        #expect(run(q, "γ", CommRecordingSink()).result?["text/plain"] == "γ = 3.5 (param)")
        let direct = run(q, "seed(11)\nview()", CommRecordingSink())
        #expect(figure(redraw["state"]?["outputs"]) == direct.result?["image/svg+xml"])
        let label = try #require(sink.id(of: "LabelModel"))
        #expect(sink.messages(to: label, method: "update").last?["state"] == ["value": "γ = 3.5 · β = 0.16"])
    }

    @Test func movesReceivedTogetherCoalesceIntoOneReDrawOfTheLast() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        _ = run(q, "interact(view, γ: 0...4, step: 0.5)", sink)
        let slider = try #require(sink.id(of: "FloatSliderModel"))
        let area = try #require(sink.id(of: "OutputModel"))
        for v in [1.0, 2.0, 3.0] { move(q, slider, ["value": .double(v)], sink, settle: false) }
        q.commsSettled(output: sink)
        #expect(sink.messages(to: slider, method: "echo_update").count == 3)
        #expect(sink.messages(to: area, method: "update").count == 1)
        #expect(run(q, "γ", CommRecordingSink()).result?["text/plain"] == "γ = 3 (param)")
        q.commsSettled(output: sink)  // nothing pending: nothing drawn
        #expect(sink.messages(to: area, method: "update").count == 1)
    }

    @Test func outOfRangeAndMistypedValuesAreCorrected() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        _ = run(q, "interact(view, γ: 0...4, step: 0.5)", sink)
        let slider = try #require(sink.id(of: "FloatSliderModel"))
        move(q, slider, ["value": 9], sink)
        #expect(sink.messages(to: slider, method: "update").last?["state"] == ["value": 4.0])
        move(q, slider, ["value": "high"], sink)
        #expect(sink.messages(to: slider, method: "update").last?["state"] == ["value": 4.0])
        #expect(run(q, "γ", CommRecordingSink()).result?["text/plain"] == "γ = 4 (param)")
    }

    @Test func anInterruptedReDrawShowsInterruptedAndTheControlsStayAlive() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        _ = run(q, "interact(view, γ: 0...4, step: 0.5)", sink)
        let slider = try #require(sink.id(of: "FloatSliderModel"))
        let area = try #require(sink.id(of: "OutputModel"))
        q.resetInterrupt()
        move(q, slider, ["value": 2.0], sink, settle: false)
        q.interrupt()
        q.commsSettled(output: sink)
        let shown = try #require(sink.messages(to: area, method: "update").last?["state"]?["outputs"]?.arrayValue?.first)
        #expect(shown["output_type"] == "error" && shown["ename"] == "Interrupted")
        q.resetInterrupt()
        move(q, slider, ["value": 1.0], sink)
        #expect(figure(sink.messages(to: area, method: "update").last?["state"]?["outputs"]) != nil)
    }

    @Test func interactLeavesTheSessionRandomStreamAsItWas() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        _ = run(q, "seed(5)\ninteract(view, γ: 0...4, step: 0.5)", sink)
        move(q, try #require(sink.id(of: "FloatSliderModel")), ["value": 2.0], sink)
        let after = run(q, "randn(3)", sink).result?["text/plain"]
        let fresh = QAMAInterpreter()
        let expected = fresh.execute(ExecutionRequest(code: "seed(5)\nrandn(3)", executionCount: 1), output: sink).result?["text/plain"]
        #expect(after == expected)
    }

    @Test func controlsForDropdownsTogglesAndIntegerSliders() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        let outcome = run(q, "param k = 2\nvar mode = \"b\"\nvar flag = false\ninteract(view, k: 0...8, γ: [0.5, 0.8], mode: [\"a\", \"b\"], flag: flag, manual: true)", sink)
        #expect(outcome.error == nil)
        let k = try #require(sink.opened.first { $0.1["_model_name"] == "IntSliderModel" }?.1)
        #expect(k["min"] == 0 && k["max"] == 8 && k["step"] == 1 && k["value"] == 2 && k["readout_format"] == "d")
        let gamma = try #require(sink.id(of: "DropdownModel", description: "γ"))
        let mode = try #require(sink.id(of: "DropdownModel", description: "mode"))
        let flag = try #require(sink.id(of: "ToggleButtonModel", description: "flag"))
        let button = try #require(sink.id(of: "ButtonModel", description: "Run"))
        let area = try #require(sink.id(of: "OutputModel"))
        move(q, gamma, ["index": 0], sink)
        move(q, mode, ["index": 0], sink)
        move(q, flag, ["value": true], sink)
        #expect(sink.messages(to: area, method: "update").isEmpty)  // manual: only a click re-draws
        #expect(run(q, "[γ, mode, flag]", CommRecordingSink()).result?["text/plain"] == "[γ, \"a\", true]")
        #expect(run(q, "γ", CommRecordingSink()).result?["text/plain"] == "γ = 0.5 (param)")
        q.commReceived(CommEvent(kind: .message, commID: button, data: ["method": "custom", "content": ["event": "click"]]), output: sink)
        q.commsSettled(output: sink)
        #expect(sink.messages(to: area, method: "update").count == 1)
    }

    @Test func badCallsAreClearErrors() throws {
        let sink = CommRecordingSink()
        let q = session(sink)
        let cases: [(String, String, String)] = [
            ("interact(view)", "TypeError", "interact() needs at least one control, e.g. interact(view, γ: 0...4)"),
            ("interact(view, δ: 0...4)", "NameError", "interact(): 'δ' is not defined; declare it first with param δ = 0"),
            ("interact(view, m: 0...4)", "TypeError", "interact(): 'm' is a let, but this control sets a param; declare it with param m = 0"),
            ("interact(view, γ: 2...4)", "ValueError", "interact(): γ = 0.8 is outside its slider's range 2...4"),
            ("interact(3, γ: 0...4)", "TypeError", "interact() argument 1 must be a function (e.g. func view() = sparsity(solve(m))), not Number"),
            ("func f(a) = a\ninteract(f, γ: 0...4)", "TypeError", "interact(): f() must take no arguments (it reads the params the controls set), but it takes 1"),
            ("interact(view, γ: 0...4, step: 0)", "ValueError", "interact(): step must be a positive number, got 0"),
            ("interact(view, γ: \"x\")", "TypeError", "interact(): γ takes a range (a slider), an array of choices (a dropdown) or a Bool (a toggle), not String"),
        ]
        for (code, name, message) in cases {
            let e = run(q, code, sink).error
            #expect(e?.name == name, "\(code)")
            #expect(e?.value == message, "\(code)")
        }
        #expect(sink.opened.isEmpty)
    }
}
