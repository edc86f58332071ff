import JupyterKernel

/// A widget model the kernel opened: its comm id (the front end's `model_id`), kind and current state.
final class Widget {
    let id: String
    let kind: WidgetKind
    var state: [String: JSON]
    /// Who is told when a front end changes it (an `interact`); nil for layouts, styles and boxes. Strong:
    /// nothing else keeps an interaction alive after its cell; the hub keeps the widget for the session.
    var owner: (any WidgetOwner)?

    init(id: String, kind: WidgetKind, state: [String: JSON]) {
        self.id = id
        self.kind = kind
        self.state = state
    }

    /// `IPY_MODEL_<id>`: how one widget's state refers to another (children, layout, style).
    var reference: JSON { .string("IPY_MODEL_" + id) }

    /// The display_data a front end renders as this widget's view (protocol 2.0), as JSON text.
    var viewJSON: String {
        JSON.object(["model_id": .string(id), "version_major": 2, "version_minor": 0]).text
    }
}

/// The kernel-side object behind some widgets.
protocol WidgetOwner: AnyObject {
    /// A front end set `key` of `widget` to `value`: the value to keep (possibly corrected, e.g. clamped
    /// to a slider's range), or nil to refuse it (the front end is sent the value kept).
    func accept(_ widget: Widget, key: String, value: JSON, session: Session) -> JSON?
    /// A front end sent a custom message (a button click: `{"event": "click"}`).
    func custom(_ widget: Widget, content: JSON, session: Session)
    /// Deferred work after the queued front-end messages were all accepted (the re-draw).
    func settle(hub: WidgetHub, output: OutputSink, session: Session)
}
