/// `r.term(name)`: one line of `r.terms` by name, for names that are no identifiers (a QAMA model's
/// "query-key", "value", "head overlap").
extension ResultValue {
    var termFunction: Value {
        let terms = result.terms, total = result.bestEnergy
        let term = Param<String>.string(at: "name")
        return .function(.builtin(Builtin(
            "term", receiver: "r", [term],
            doc: "The energy of one term of r.terms at the best sample, by name (e.g. r.term(\"value\") for a QAMA model); \"total\" is the best energy.") { args, _ in
                let name = try args[term]
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
