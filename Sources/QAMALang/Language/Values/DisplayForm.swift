import JupyterKernel

/// What a value looks like when displayed in a session (cell result, `show`): its mime bundle, except that a
/// param shows its current value (`γ = 2 (param)`), which only the session knows.
enum DisplayForm {
    static func bundle(_ v: Value, session: Session) -> MimeBundle {
        if case .param(let name) = v {
            return ["text/plain": "\(name) = \(session.paramValues[name].map(NumberFormat.format) ?? "?") (param)"]
        }
        return v.mimeBundle
    }
}

/// One line about a value, for `who()` and inspect.
enum Summary {
    static func of(_ v: Value, session: Session) -> String {
        switch v {
        case .tensor(let t):
            guard t.count > 0, t.rank > 0 else { return t.rank == 0 ? NumberFormat.format(t.storage[0]) : "empty \(Tensor.dimensions(t.shape))" }
            let lo = t.storage.min()!, hi = t.storage.max()!, mean = t.storage.reduce(0, +) / Double(t.count)
            return "\(Tensor.dimensions(t.shape)) min \(ValueFormatter.element(lo)) max \(ValueFormatter.element(hi)) mean \(ValueFormatter.element(mean))"
        case .variables(let x): return "\(Tensor.dimensions(x.shape)) \(x.vartype.rawValue)"
        case .param(let name): return session.paramValues[name].map(NumberFormat.format) ?? "?"
        case .library(let d): return d.summary
        case .array(let a): return a.count > 8 ? "\(a.count) elements" : oneLine(v.plainText)
        default: return oneLine(v.plainText)
        }
    }

    private static func oneLine(_ s: String) -> String {
        let line = s.prefix { $0 != "\n" }
        return line.count > 80 ? String(line.prefix(79)) + "…" : String(line)
    }
}
