/// `r.term(name)`: one line of `r.terms` by name, for names that are no identifiers (a QAMA model's
/// "query-key", "value", "head overlap").
extension ResultValue {
    var termFunction: Value {
        let terms = result.terms, total = result.bestEnergy
        return .function(.builtin(Builtin(
            name: "term", signature: "r.term(name)",
            doc: "The energy of one term of r.terms at the best sample, by name (e.g. r.term(\"value\") for a QAMA model); \"total\" is the best energy.",
            labels: []) { args, _ in
                let name = try args.string(at: 0)
                try args.finish()
                if name == "total" { return .number(total) }
                guard let t = terms.first(where: { $0.name == name }) else {
                    throw LanguageError.value("r.term(): no term named \"\(name)\"; the terms are "
                                              + (terms.map { "\"\($0.name)\"" } + ["\"total\""]).joined(separator: ", "),
                                              at: args.rangeOf(argument: 0))
                }
                return .number(t.energy)
            }))
    }
}
