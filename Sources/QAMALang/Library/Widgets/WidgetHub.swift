import JupyterKernel

/// The session's widgets and the comm targets behind them: `jupyter.widget` (one comm per widget model)
/// and `jupyter.widget.control` (ipywidgets ≥ 7.7: a front end asks for every widget's state at once after
/// a page reload). Opens widgets from the kernel, keeps their state, answers `update`, `request_state` and
/// `custom` from front ends, sends `echo_update` as ipywidgets 8 does, and runs owners' deferred work once
/// per batch of queued messages (see `Interpreter.commsSettled`).
///
/// Threading: the execution thread only (cells, and comm messages, which the kernel core serialises with them).
final class WidgetHub {
    static let widgetTarget = "jupyter.widget"
    static let controlTarget = "jupyter.widget.control"
    static let targets = [widgetTarget, controlTarget]

    private var widgets: [String: Widget] = [:]
    private var opened = 0
    private var controlComms: Set<String> = []
    /// Owners with deferred work, in the order their messages arrived.
    private var unsettled: [any WidgetOwner] = []

    /// The session's hub, made on first use.
    static func of(_ session: Session) -> WidgetHub { session.store[Key.self] }

    enum Key: SessionKey { static func initialValue() -> WidgetHub { WidgetHub() } }

    func widget(_ id: String) -> Widget? { widgets[id] }

    // MARK: kernel → front end

    /// Opens a widget (and first its layout and style models) with `state` over the kind's defaults.
    /// Model ids count up per session (`qama-widget-1`, …): a notebook run twice shows the same ids.
    @discardableResult
    func open(_ kind: WidgetKind, _ state: [String: JSON] = [:], layout: [String: JSON] = [:], output: OutputSink) -> Widget {
        var full = kind.defaults
        if kind.hasLayout { full["layout"] = open(.layout, layout, output: output).reference }
        if let style = kind.style { full["style"] = open(style, output: output).reference }
        full.merge(state) { _, new in new }
        opened += 1
        let widget = Widget(id: "qama-widget-\(opened)", kind: kind, state: full)
        widgets[widget.id] = widget
        output.comm(CommOutgoing(kind: .open(targetName: Self.widgetTarget), commID: widget.id,
                                 data: ["state": .object(full), "buffer_paths": []], metadata: ["version": "2.1.0"]))
        return widget
    }

    /// Changes state in the kernel and sends it (`update`).
    func update(_ widget: Widget, _ changes: [String: JSON], output: OutputSink) {
        widget.state.merge(changes) { _, new in new }
        send(widget, ["method": "update", "state": .object(changes), "buffer_paths": []], output: output)
    }

    private func send(_ widget: Widget, _ data: JSON, output: OutputSink) {
        output.comm(CommOutgoing(kind: .message, commID: widget.id, data: data))
    }

    // MARK: front end → kernel

    func receive(_ event: CommEvent, output: OutputSink, session: Session) {
        if controlComms.contains(event.commID) || event.kind == .open(targetName: Self.controlTarget) {
            control(event, output: output)
            return
        }
        switch event.kind {
        case .open:
            // ipywidgets would build a kernel object for a widget a front end created; no language object
            // here corresponds to one, so the comm is closed again rather than left half alive.
            output.comm(CommOutgoing(kind: .close, commID: event.commID))
        case .close:
            widgets[event.commID] = nil
        case .message:
            guard let widget = widgets[event.commID] else { return }
            switch event.data["method"]?.stringValue {
            case "update": update(widget, from: event, output: output, session: session)
            case "request_state":
                send(widget, ["method": "update", "state": .object(widget.state), "buffer_paths": []], output: output)
            case "custom":
                if let owner = widget.owner {
                    owner.custom(widget, content: event.data["content"] ?? .emptyObject, session: session)
                    markUnsettled(owner)
                }
            default: break
            }
        }
    }

    /// An `update` from a front end: keep what the owner accepts, echo it (ipywidgets 8 `echo_update`,
    /// with the update as parent so the sender can match its echo), and correct refused or changed values.
    private func update(_ widget: Widget, from event: CommEvent, output: OutputSink, session: Session) {
        guard let state = event.data["state"]?.objectValue else { return }
        var accepted: [String: JSON] = [:]
        var corrections: [String: JSON] = [:]
        // Sorted: the order values are applied in never depends on hashing.
        for key in state.keys.sorted() {
            guard let value = state[key], let current = widget.state[key], !key.hasPrefix("_") else { continue }
            let kept = widget.owner.map { $0.accept(widget, key: key, value: value, session: session) } ?? value
            if let kept {
                widget.state[key] = kept
                if key != "outputs" { accepted[key] = value }  // outputs are never echoed (as ipywidgets)
                if kept != value { corrections[key] = kept }
            } else if current != value {
                corrections[key] = current
            }
        }
        if !accepted.isEmpty {
            send(widget, ["method": "echo_update", "state": .object(accepted), "buffer_paths": []], output: output)
        }
        if !corrections.isEmpty {
            send(widget, ["method": "update", "state": .object(corrections), "buffer_paths": []], output: output)
        }
        if let owner = widget.owner, !accepted.isEmpty { markUnsettled(owner) }
    }

    private func markUnsettled(_ owner: any WidgetOwner) {
        if !unsettled.contains(where: { $0 === owner }) { unsettled.append(owner) }
    }

    /// Runs the owners' deferred work (the re-draws), once each, for everything received so far.
    func settle(output: OutputSink, session: Session) {
        let owners = unsettled
        unsettled = []
        for owner in owners { owner.settle(hub: self, output: output, session: session) }
    }

    /// `jupyter.widget.control`: `request_states` is answered with every widget's full state.
    private func control(_ event: CommEvent, output: OutputSink) {
        switch event.kind {
        case .open: controlComms.insert(event.commID)
        case .close: controlComms.remove(event.commID)
        case .message:
            guard event.data["method"]?.stringValue == "request_states" else { return }
            var states: [String: JSON] = [:]
            for (id, widget) in widgets {
                states[id] = [
                    "model_name": widget.state["_model_name"] ?? .null, "model_module": widget.state["_model_module"] ?? .null,
                    "model_module_version": widget.state["_model_module_version"] ?? .null, "state": .object(widget.state),
                ]
            }
            output.comm(CommOutgoing(kind: .message, commID: event.commID,
                                     data: ["method": "update_states", "states": .object(states), "buffer_paths": []]))
        }
    }
}
