import JupyterKernel

/// One control of an `interact`: what it binds (a param or a var, by name) and which widget shows it.
///
/// - A range `lo...hi` (or `lo..<hi`, whose top is hi − step) over a param: an IntSlider when the ends and
///   the step are integers, else a FloatSlider; the step is the call's `step:` (default 1).
/// - An array of numbers over a param: a Dropdown of those values.
/// - An array of strings over a `var`: a Dropdown; the var holds the chosen string.
/// - A Bool over a `var`: a ToggleButton.
struct InteractControl {
    enum Kind {
        case slider(min: Double, max: Double, step: Double, integral: Bool)
        case numberChoice([Double])
        case stringChoice([String])
        case toggle
    }

    let name: String
    let kind: Kind
    var widget: Widget? = nil

    /// Whether the control sets a param (numbers) or a var (strings, Bools).
    var bindsParam: Bool {
        switch kind {
        case .slider, .numberChoice: true
        case .stringChoice, .toggle: false
        }
    }

    /// The widget kind and state that show `current`.
    func widgetState(current: Value) -> (WidgetKind, [String: JSON]) {
        var state: [String: JSON] = ["description": .string(name), "continuous_update": true]
        switch kind {
        case .slider(let lo, let hi, let step, let integral):
            let x = Self.number(current) ?? lo
            if integral {
                state.merge(["min": .int(Int(lo)), "max": .int(Int(hi)), "step": .int(Int(step)), "value": .int(Int(x.rounded()))]) { $1 }
                return (.intSlider, state)
            }
            state.merge(["min": .double(lo), "max": .double(hi), "step": .double(step), "value": .double(x),
                         "readout_format": .string(Self.readoutFormat(step))]) { $1 }
            return (.floatSlider, state)
        case .numberChoice(let values):
            let x = Self.number(current)
            state["continuous_update"] = nil
            state["_options_labels"] = .array(values.map { .string(NumberFormat.format($0)) })
            state["index"] = values.firstIndex(where: { $0 == x }).map { .int($0) } ?? .null
            return (.dropdown, state)
        case .stringChoice(let options):
            state["continuous_update"] = nil
            state["_options_labels"] = .array(options.map { .string($0) })
            if case .string(let s) = current, let k = options.firstIndex(of: s) { state["index"] = .int(k) } else { state["index"] = .null }
            return (.dropdown, state)
        case .toggle:
            state["continuous_update"] = nil
            if case .bool(let b) = current { state["value"] = .bool(b) }
            return (.toggleButton, state)
        }
    }

    /// The binding's new value for a front end's `key: value`, and the widget value to keep; nil refuses.
    func accept(key: String, value: JSON) -> (binding: Value, kept: JSON)? {
        switch kind {
        case .slider(let lo, let hi, _, let integral):
            guard key == "value", let x = Self.json(value), x.isFinite else { return nil }
            let clamped = Swift.min(hi, Swift.max(lo, x))
            return (.number(clamped), integral ? .int(Int(clamped.rounded())) : .double(clamped))
        case .numberChoice(let values):
            guard key == "index", let k = value.intValue, values.indices.contains(k) else { return nil }
            return (.number(values[k]), .int(k))
        case .stringChoice(let options):
            guard key == "index", let k = value.intValue, options.indices.contains(k) else { return nil }
            return (.string(options[k]), .int(k))
        case .toggle:
            guard key == "value", let b = value.boolValue else { return nil }
            return (.bool(b), .bool(b))
        }
    }

    /// `γ = 2.35` for the status line (the values the figure below was drawn with).
    func describe(_ v: Value) -> String {
        switch v {
        case .string(let s): "\(name) = \"\(s)\""
        default: "\(name) = \(v.plainText)"
        }
    }

    /// The readout shows as many decimals as the step has (0.05 → ".2f"), at least one.
    static func readoutFormat(_ step: Double) -> String {
        var digits = 1
        while digits < 6, abs(step * pow10(digits) - (step * pow10(digits)).rounded()) > 1e-9 { digits += 1 }
        return ".\(digits)f"
    }

    private static func pow10(_ k: Int) -> Double { (0..<k).reduce(1.0) { acc, _ in acc * 10 } }

    static func number(_ v: Value) -> Double? { if case .number(let x) = v { x } else { nil } }

    static func json(_ v: JSON) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
