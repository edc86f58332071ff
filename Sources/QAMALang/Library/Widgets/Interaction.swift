import IsingCore
import JupyterKernel

/// What `interact(view, γ: 0...4, …)` leaves alive after its cell: the controls, a status label and the
/// output area, and the view to re-run when a control moves.
///
/// A move sets the param (or var) at once — so a later cell sees it even if no re-draw ran — and marks the
/// interaction unsettled; the re-draw runs when the kernel has taken every queued message (see
/// `WidgetHub.settle`), so moves that arrive during a re-solve coalesce into one re-draw of the latest
/// values. Each re-draw starts the session's random generator from the state it had when `interact` ran and
/// puts it back afterwards: the same slider values draw the same figure, however many moves came before,
/// and later cells draw the same numbers whether or not anyone moved a slider.
final class Interaction: WidgetOwner {
    private let view: FunctionValue
    private var controls: [InteractControl]
    private let manual: Bool
    private let random: SeededRandom
    private var status: Widget?
    private var area: Widget?
    private var runButton: Widget?
    private var pending = false

    init(view: FunctionValue, controls: [InteractControl], manual: Bool, random: SeededRandom) {
        self.view = view
        self.controls = controls
        self.manual = manual
        self.random = random
    }

    /// Opens the widgets (controls, then a row with the Run button if manual and the status label, then the
    /// output area drawn once with the current values — unless manual —, all in a VBox) and returns the box.
    func open(hub: WidgetHub, session: Session) -> Widget {
        let sink = session.output
        var children: [JSON] = []
        for k in controls.indices {
            let current = session.bindings[controls[k].name]?.value ?? .nothing
            let (kind, state) = controls[k].widgetState(current: current)
            // ipywidgets' default slider is ~300 px with its label, so a 60 px drag crossed half a 0…4 range:
            // sliders get 500 px (never wider than the output).
            let layout: [String: JSON] = kind == .floatSlider || kind == .intSlider ? ["width": "500px", "max_width": "100%"] : [:]
            let widget = hub.open(kind, state, layout: layout, output: sink)
            widget.owner = self
            controls[k].widget = widget
            children.append(widget.reference)
        }
        var row: [JSON] = []
        if manual {
            let button = hub.open(.button, ["description": "Run", "button_style": "primary"], output: sink)
            button.owner = self
            runButton = button
            row.append(button.reference)
        }
        // Manual: nothing is drawn before the first click (the view may be slow: that is why it is manual).
        let (outputs, line) = manual ? ([], "press Run to draw") : render(session: session)
        let label = hub.open(.label, ["value": .string(line)], output: sink)
        status = label
        row.append(label.reference)
        children.append(hub.open(.hbox, ["children": .array(row)], output: sink).reference)
        let output = hub.open(.output, ["outputs": .array(outputs)], output: sink)
        area = output
        children.append(output.reference)
        return hub.open(.vbox, ["children": .array(children), "_dom_classes": ["widget-interact"]], output: sink)
    }

    func accept(_ widget: Widget, key: String, value: JSON, session: Session) -> JSON? {
        guard let control = controls.first(where: { $0.widget === widget }),
              let (binding, kept) = control.accept(key: key, value: value) else { return nil }
        // The name must still be what interact bound: a later cell may have rebound it with `let`.
        guard let b = session.bindings[control.name], b.kind == (control.bindsParam ? .param : .var) else {
            stale = "\(control.name) is no longer a \(control.bindsParam ? "param" : "var"); run the interact cell again"
            pending = true
            return nil
        }
        session.bindings.update(control.name, value: binding)
        if !manual { pending = true }
        return kept
    }

    private var stale: String? = nil

    func custom(_ widget: Widget, content: JSON, session: Session) {
        if widget === runButton, content["event"] == "click" { pending = true }
    }

    func settle(hub: WidgetHub, output: OutputSink, session: Session) {
        guard pending, let area else { return }
        pending = false
        var outputs: [JSON]
        var line: String
        if let stale {
            self.stale = nil
            outputs = [["output_type": "error", "ename": "NameError", "evalue": .string(stale),
                        "traceback": [.string("NameError: \(stale)")]]]
            line = stale
        } else {
            let saved = session.output
            session.output = output
            (outputs, line) = render(session: session)
            session.output = saved
        }
        if let status { hub.update(status, ["value": .string(line)], output: output) }
        hub.update(area, ["outputs": .array(outputs)], output: output)
    }

    /// Runs the view with the current values and the random state `interact` saw; returns the output dicts
    /// for the area (its value, what it printed, or its error) and the status line.
    private func render(session: Session) -> ([JSON], String) {
        let capture = OutputCapture(forwardingCommsTo: session.output)
        let savedOutput = session.output, savedRandom = session.random
        session.output = capture
        session.random = random
        session.drawsInteractView = true
        defer {
            session.output = savedOutput
            session.random = savedRandom
            session.drawsInteractView = false
        }
        let line = controls.map { $0.describe(session.bindings[$0.name]?.value ?? .nothing) }.joined(separator: " · ")
        do {
            let value = try call(session: session)
            if case .nothing = value {} else { capture.display(DisplayForm.bundle(value, session: session), metadata: [:], displayID: nil, update: false) }
        } catch {
            capture.error(LanguageError(error))
        }
        return (capture.outputs, line)
    }

    private func call(session: Session) throws -> Value {
        switch view {
        case .user(let f):
            return try Evaluator(session: session, builtins: .standard).evaluateDetached(f.body)
        case .builtin(let b):
            return try b.invoke(CallArguments(callee: b.name, positional: []), session: session)
        }
    }
}
