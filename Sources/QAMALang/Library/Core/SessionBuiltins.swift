import Foundation
import JupyterKernel

/// Session builtins: seed, print, eprint, show, clear, input, env, params, who, help, version.
enum SessionBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register([seed, printing("print", "Writes the values to standard output, separated by spaces, followed by a new line. Strings print without quotes.") { $0.print($1) },
                        printing("eprint", "Like print, but writes to standard error.") { $0.eprint($1) },
                        show, clear, input, env, params, who, version])
    }

    private static var seed: Builtin {
        let n = Param<Int>.integer(at: "n")
        return Builtin("seed", [n],
                       doc: "Fixes every random draw that follows in this session (tensors, default solver seeds, landscapes): the same notebook run twice prints the same numbers.") { args, session in
            let n = try args[n]
            guard n >= 0 else { throw LanguageError.value("seed() needs a non-negative integer, got \(n)", at: args.rangeOf(argument: 0)) }
            session.seed(UInt64(n))
            return .nothing
        }
    }

    private static func printing(_ name: String, _ doc: String, _ write: @escaping (Session, String) -> Void) -> Builtin {
        let values = Param<[CallArguments.Argument]>.rest("values...")
        return Builtin(name, [values], doc: doc) { args, session in
            write(session, try args[values].map(\.value.printed).joined(separator: " "))
            return .nothing
        }
    }

    private static var show: Builtin {
        let v = Param<Value>.value(at: "v")
        return Builtin("show", [v], doc: "Displays a value now, in the middle of a cell, with its richest form (table, figure, …).") { args, session in
            session.display(DisplayForm.bundle(try args[v], session: session))
            return .nothing
        }
    }

    private static var clear: Builtin {
        let wait = Param<Bool>.bool("wait", default: false)
        return Builtin("clear", [wait], doc: "Clears the cell's output so far; with wait: true the old output stays until new output arrives.") { args, session in
            session.clear(wait: try args[wait])
            return .nothing
        }
    }

    private static var input: Builtin {
        let prompt = Param<String?>.optionalString(at: "prompt"), password = Param<Bool>.bool("password", default: false)
        return Builtin("input", [prompt, password],
                       doc: "Asks the notebook user for a line of text and returns it as a String. An error where the frontend does not allow input.") { args, session in
            .string(try session.input(try args[prompt] ?? "", password: try args[password]))
        }
    }

    private static var env: Builtin {
        let name = Param<String>.string(at: "\"NAME\"")
        return Builtin("env", [name], doc: "The value of the environment variable NAME as a String; a ValueError when it is not set.") { args, session in
            let name = try args[name]
            guard let v = session.environment[name] else {
                throw LanguageError.value("the environment variable \(name) is not set", at: args.rangeOf(argument: 0))
            }
            return .string(v)
        }
    }

    private static var params: Builtin {
        Builtin("params", doc: "A table of every param (named penalty weight) and its current value.") { args, session in
            let rows = session.bindings.orderedNames.compactMap { name -> [String]? in
                guard session.bindings[name]?.kind == .param, let v = session.paramValues[name] else { return nil }
                return [name, NumberFormat.format(v)]
            }
            return .library(TableValue(table: SummaryTable(caption: rows.isEmpty ? "no params" : nil, header: ["param", "value"], rows: rows)))
        }
    }

    private static var who: Builtin {
        Builtin("who", doc: "A table of every name bound in the session with its kind (let, var, param, func), type and a one-line summary.") { args, session in
            let rows = session.bindings.orderedNames.map { name -> [String] in
                let b = session.bindings[name]!
                let v = b.kind == .param ? Value.param(name) : b.value
                return [name, b.kind.rawValue, v.typeName, Summary.of(v, session: session)]
            }
            return .library(TableValue(table: SummaryTable(caption: rows.isEmpty ? "nothing bound yet" : nil,
                                                          header: ["name", "kind", "type", "summary"], rows: rows)))
        }
    }

    private static var version: Builtin {
        Builtin("version", doc: "The kernel, language and Swift versions and the algorithm versions that decide what a seed produces (random generator, solvers).") { args, _ in
            var pairs: [(String, String)] = [("kernel", QAMAVersion.kernel), ("language", QAMAVersion.language),
                                             ("swift", QAMAVersion.swift), ("random", QAMAVersion.random)]
            pairs += QAMAVersion.solvers.map { ("solver " + $0.0, $0.1) }
            return .library(TableValue(table: SummaryTable(caption: "qama \(QAMAVersion.kernel)", pairs: pairs)))
        }
    }
}
