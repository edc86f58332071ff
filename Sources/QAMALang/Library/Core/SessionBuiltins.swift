import Foundation
import JupyterKernel

/// Session builtins: seed, print, eprint, show, clear, input, env, params, who, help, version.
enum SessionBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(name: "seed", signature: "seed(n)",
                               doc: "Fixes every random draw that follows in this session (tensors, default solver seeds, landscapes): the same notebook run twice prints the same numbers.") { args, session in
            let n = try args.int(at: 0)
            try args.finish()
            guard n >= 0 else { throw LanguageError.value("seed() needs a non-negative integer, got \(n)", at: args.rangeOf(argument: 0)) }
            session.seed(UInt64(n))
            return .nothing
        })
        table.register(Builtin(name: "print", signature: "print(values...)",
                               doc: "Writes the values to standard output, separated by spaces, followed by a new line. Strings print without quotes.") { args, session in
            let parts = args.rest(from: 0).map(\.value.printed)
            try args.finish()
            session.print(parts.joined(separator: " "))
            return .nothing
        })
        table.register(Builtin(name: "eprint", signature: "eprint(values...)",
                               doc: "Like print, but writes to standard error.") { args, session in
            let parts = args.rest(from: 0).map(\.value.printed)
            try args.finish()
            session.eprint(parts.joined(separator: " "))
            return .nothing
        })
        table.register(Builtin(name: "show", signature: "show(v)",
                               doc: "Displays a value now, in the middle of a cell, with its richest form (table, figure, …).") { args, session in
            let v = try args.value(at: 0)
            try args.finish()
            session.display(DisplayForm.bundle(v, session: session))
            return .nothing
        })
        table.register(Builtin(name: "clear", signature: "clear(wait: false)", doc: "Clears the cell's output so far; with wait: true the old output stays until new output arrives.", labels: ["wait"]) { args, session in
            let wait = try args.bool(label: "wait") ?? false
            try args.finish()
            session.clear(wait: wait)
            return .nothing
        })
        table.register(Builtin(name: "input", signature: "input(prompt, password: false)",
                               doc: "Asks the notebook user for a line of text and returns it as a String. An error where the frontend does not allow input.", labels: ["password"]) { args, session in
            let prompt = args.count > 0 ? try args.string(at: 0) : ""
            let password = try args.bool(label: "password") ?? false
            try args.finish()
            return .string(try session.input(prompt, password: password))
        })
        table.register(Builtin(name: "env", signature: "env(\"NAME\")",
                               doc: "The value of the environment variable NAME as a String; a ValueError when it is not set.") { args, session in
            let name = try args.string(at: 0)
            try args.finish()
            guard let v = session.environment[name] else {
                throw LanguageError.value("the environment variable \(name) is not set", at: args.rangeOf(argument: 0))
            }
            return .string(v)
        })
        table.register(Builtin(name: "params", signature: "params()",
                               doc: "A table of every param (named penalty weight) and its current value.") { args, session in
            try args.finish()
            let rows = session.bindings.orderedNames.compactMap { name -> [String]? in
                guard session.bindings[name]?.kind == .param, let v = session.paramValues[name] else { return nil }
                return [name, NumberFormat.format(v)]
            }
            return .library(TableValue(table: SummaryTable(caption: rows.isEmpty ? "no params" : nil, header: ["param", "value"], rows: rows)))
        })
        table.register(Builtin(name: "who", signature: "who()",
                               doc: "A table of every name bound in the session with its kind (let, var, param, func), type and a one-line summary.") { args, session in
            try args.finish()
            let rows = session.bindings.orderedNames.map { name -> [String] in
                let b = session.bindings[name]!
                let v = b.kind == .param ? Value.param(name) : b.value
                return [name, b.kind.rawValue, v.typeName, Summary.of(v, session: session)]
            }
            return .library(TableValue(table: SummaryTable(caption: rows.isEmpty ? "nothing bound yet" : nil,
                                                          header: ["name", "kind", "type", "summary"], rows: rows)))
        })
        table.register(Builtin(name: "version", signature: "version()",
                               doc: "The kernel, language and Swift versions and the algorithm versions that decide what a seed produces (random generator, solvers).") { args, _ in
            try args.finish()
            var pairs: [(String, String)] = [("kernel", QAMAVersion.kernel), ("language", QAMAVersion.language),
                                             ("swift", QAMAVersion.swift), ("random", QAMAVersion.random)]
            pairs += QAMAVersion.solvers.map { ("solver " + $0.0, $0.1) }
            return .library(TableValue(table: SummaryTable(caption: "qama \(QAMAVersion.kernel)", pairs: pairs)))
        })
    }
}
