import JupyterKernel

/// `help(name)`: the signature and doc of a builtin, the definition of a user function, or the type and
/// summary of any other value. In Jupyter the text opens in the pager (an execute_reply `page` payload); in
/// `qama run` it is printed. `help()` lists every builtin.
enum HelpBuiltin {
    static func register(into table: inout BuiltinTable) {
        let name = Param<Value?>.optional(at: "name")
        table.register(Builtin("help", [name],
                               doc: "Shows the signature and description of a builtin (help(sa) or help(\"sa\")), the definition of a function, or the type and summary of a value. help() lists every builtin.") { args, session in
            let text: String
            if let v = try args[name] {
                text = page(for: v, session: session)
            } else {
                text = "Builtins:\n" + BuiltinTable.standard.names.map { "  " + (BuiltinTable.standard[$0]?.signature ?? $0) }.joined(separator: "\n")
            }
            switch session.mode {
            case .notebook:
                // The HTML form wraps at spaces only (JupyterLab's plain-text pager breaks anywhere, mid-word).
                session.addPayload(.page(["text/plain": text,
                                          "text/html": "<pre style=\"white-space:pre-wrap;word-break:normal;overflow-wrap:normal\">"
                                              + HTML.escape(text) + "</pre>"]))
            case .script: session.print(text)
            }
            return .nothing
        })
    }

    static func page(for v: Value, session: Session) -> String {
        switch v {
        case .function(.builtin(let b)): return b.signature + "\n\n" + TextWrap.wrap(b.doc, width: 96)
        case .function(.user(let f)): return FunctionValue.user(f).signature
        case .string(let name):
            if let b = BuiltinTable.standard[name] { return b.signature + "\n\n" + TextWrap.wrap(b.doc, width: 96) }
            if let binding = session.bindings[name] { return page(for: binding.value, session: session) }
            return "no builtin or binding named '\(name)'"
        default:
            return "\(v.typeName): \(Summary.of(v, session: session))"
        }
    }
}
