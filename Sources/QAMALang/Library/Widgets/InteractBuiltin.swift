import JupyterKernel

/// `interact(view, γ: 0...4, β: 0...1, step: 0.05)`: controls bound to params (and vars) that re-run a
/// zero-argument view and re-draw its result when they move. See InteractControl for which value gives
/// which control, and Interaction for when re-draws run.
enum InteractBuiltin {
    static func register(into table: inout BuiltinTable) {
        let view = Param<Value>.value(at: "view", kind: .library("Function"))
        let step = Param.number("step", default: 1, "the slider step"), manual = Param.bool("manual", default: false)
        table.register(Builtin(
            "interact", [view, step, manual], namedLabels: "γ: 0...4, β: [0.5, 1, 2], mode: [\"a\", \"b\"], flag: true",
            doc: """
            Jupyter widgets that drive a view: each labeled argument names a param (a range gives a slider, an \
            array of numbers a dropdown) or a var (an array of strings gives a dropdown, a Bool a toggle). Moving \
            a control sets the param and re-runs view(), a zero-argument function, showing its result below the \
            controls; the model is re-weighted, not rebuilt. `step:` is the slider step (default 1: integer \
            sliders); `manual: true` adds a Run button and re-draws only on a click.
            """
        ) { args, session in
            let viewValue = try args[view]
            guard case .function(let view) = viewValue else {
                throw LanguageError.type("interact() argument 1 must be a function (e.g. func view() = sparsity(solve(m))), not \(viewValue.typeName)",
                                         at: args.rangeOf(argument: 0))
            }
            if case .user(let f) = view, !f.parameters.isEmpty {
                throw LanguageError.type("interact(): \(f.name)() must take no arguments (it reads the params the controls set), but it takes \(f.parameters.count)",
                                         at: args.rangeOf(argument: 0))
            }
            guard !session.drawsInteractView else {
                throw LanguageError.value("interact() cannot run inside an interact view: the view would open new controls on every redraw; call interact() from a cell and let the view only compute and show", at: args.callRange)
            }
            let step = try args[step]
            guard step > 0, step.isFinite else {
                throw LanguageError.value("interact(): step must be a positive number, got \(NumberFormat.format(step))", at: args.rangeOf(label: "step"))
            }
            let manual = try args[manual]
            var controls: [InteractControl] = []
            for argument in args.labeled where !["step", "manual"].contains(argument.label ?? "") {
                controls.append(try control(argument, step: step, session: session))
            }
            guard !controls.isEmpty else {
                throw LanguageError.type("interact() needs at least one control, e.g. interact(view, γ: 0...4)", at: args.callRange)
            }
            let interaction = Interaction(view: view, controls: controls, manual: manual, random: session.random)
            let box = interaction.open(hub: WidgetHub.of(session), session: session)
            return .library(InteractValue(box: box, text: "interact · " + controls.map { describe($0, session: session) }.joined(separator: " · ")))
        })
    }

    /// A control from one labeled argument, checked against what the label names in the session.
    static func control(_ a: CallArguments.Argument, step: Double, session: Session) throws -> InteractControl {
        let name = a.label ?? ""
        let binding = session.bindings[name]
        func need(_ kind: Bindings.Kind, _ example: String) throws {
            guard let binding else {
                throw LanguageError.name("interact(): '\(name)' is not defined; declare it first with \(example)", at: a.range)
            }
            guard binding.kind == kind else {
                throw LanguageError.type("interact(): '\(name)' is a \(binding.kind.rawValue), but this control sets a \(kind.rawValue); declare it with \(example)", at: a.range)
            }
        }
        switch a.value {
        case .range(let r):
            try need(.param, "param \(name) = \(r.lower)")
            let lo = Double(r.lower), hi = r.inclusive ? Double(r.upper) : Double(r.upper) - step
            guard hi > lo else { throw LanguageError.value("interact(): the range of \(name) is empty", at: a.range) }
            guard step <= hi - lo else {
                throw LanguageError.value("interact(): step \(NumberFormat.format(step)) is wider than the range of \(name) (\(r.description)); give a step of at most \(NumberFormat.format(hi - lo))", at: a.range)
            }
            // An IntSlider carries integers a browser holds exactly (JavaScript numbers: |x| ≤ 2^53).
            let integral = [lo, hi, step].allSatisfy { $0 == $0.rounded() && abs($0) <= 9_007_199_254_740_992 }
            if case .number(let x)? = binding?.value, !(lo...hi).contains(x) {
                throw LanguageError.value("interact(): \(name) = \(NumberFormat.format(x)) is outside its slider's range \(r.description)", at: a.range)
            }
            return InteractControl(name: name, kind: .slider(min: lo, max: hi, step: step, integral: integral))
        case .array(let items) where !items.isEmpty:
            if items.allSatisfy({ if case .string = $0 { true } else { false } }) {
                try need(.var, "var \(name) = \(items[0].plainText)")
                return InteractControl(name: name, kind: .stringChoice(items.map(\.printed)))
            }
            if items.allSatisfy({ if case .number = $0 { true } else { false } }) {
                try need(.param, "param \(name) = \(items[0].plainText)")
                return InteractControl(name: name, kind: .numberChoice(items.compactMap(InteractControl.number)))
            }
            throw LanguageError.type("interact(): the choices for \(name) must be all numbers or all strings", at: a.range)
        case .bool:
            try need(.var, "var \(name) = true")
            return InteractControl(name: name, kind: .toggle)
        default:
            throw LanguageError.type("interact(): \(name) takes a range (a slider), an array of choices (a dropdown) or a Bool (a toggle), not \(a.value.typeName)",
                                     at: a.range)
        }
    }

    private static func describe(_ c: InteractControl, session: Session) -> String {
        let now = c.describe(session.bindings[c.name]?.value ?? .nothing)
        switch c.kind {
        case .slider(let lo, let hi, let step, _):
            return "\(now) (\(NumberFormat.format(lo))…\(NumberFormat.format(hi)) step \(NumberFormat.format(step)))"
        case .numberChoice(let v): return "\(now) (one of \(v.map(NumberFormat.format).joined(separator: ", ")))"
        case .stringChoice(let v): return "\(now) (one of \(v.map { "\"\($0)\"" }.joined(separator: ", ")))"
        case .toggle: return now
        }
    }
}

/// The value of an `interact` cell: shows as the widget (with a text line for front ends without widgets).
struct InteractValue: LibraryValue {
    let box: Widget
    let text: String

    var typeName: String { "Interact" }
    var plainText: String { text }
    var mimeBundle: MimeBundle {
        ["text/plain": text, "application/vnd.jupyter.widget-view+json": box.viewJSON]
    }
}
