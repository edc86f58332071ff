/// `inject(name: value, ...)`: what papermill writes into a notebook's injected-parameters cell
/// (`papermill nb.ipynb out.ipynb -p γ 4` → `inject(γ: 4)`, see python/qama/papermill.py). Papermill's
/// translator cannot see how the parameters cell declared each name, so the kernel decides: a name keeps
/// the kind it has — a param takes the number as its new value (models re-weight, never rebuild), a var
/// is reassigned, and a let (or a name not bound yet) is bound with let.
enum InjectBuiltin {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            "inject", namedLabels: "name: value, ...",
            doc: "Sets each labeled name to its value keeping the name's kind: a param takes a new number, a var is reassigned, a let or an unbound name is bound with let. Papermill's injected-parameters cell calls it (`papermill nb.ipynb out.ipynb -p γ 4`)."
        ) { args, session in
            for argument in args.labeled {
                guard let name = argument.label else { continue }
                let value = argument.value
                if BuiltinTable.standard[name] != nil {
                    throw LanguageError.name("inject(): '\(name)' is a builtin and cannot be set", at: argument.range)
                }
                switch session.bindings[name]?.kind {
                case .param?:
                    guard case .number(let x) = value, x.isFinite else {
                        throw LanguageError.type("inject(): the param '\(name)' takes a finite Number, not \(Operators.describe(value))", at: argument.range)
                    }
                    session.bindings.update(name, value: value)
                case .var?:
                    session.bindings.update(name, value: value)
                case .func?:
                    throw LanguageError.type("inject(): '\(name)' is a function and cannot be set", at: argument.range)
                case .let?, nil:
                    session.bindings.bind(name, kind: .let, value: value)
                }
            }
            return .nothing
        })
    }
}
