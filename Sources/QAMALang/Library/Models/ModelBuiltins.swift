import Foundation
import IsingCore

/// `model(e)`, `energy(m, sample)`, `ising(m)`, `qubo(m)`, `export(m, path)`.
enum ModelBuiltins {
    static func register(into table: inout BuiltinTable) {
        registerForms(into: &table)
        let e = Param.model(at: "e")
        table.register(Builtin("model", [e], doc: """
            Compiles an Expr into a Model now (solve(e, …) does this on demand and caches it, so this is only needed \
            to look at the model first). Params stay symbolic: one coefficient block per param, so `γ = 8` re-weights \
            the next solve without recompiling.
            """
        ) { args, session in
            .library(ModelValue(handle: try args[e], session: SessionReference(session)))
        })

        let m = Param.model(), sample = Param<Tensor>.tensor(at: "sample")
        table.register(Builtin(
            "energy", [m, sample],
            doc: "The energy of a sample (a vector in the model's variable order and vartype, such as r.best) with the params' current values."
        ) { args, session in
            let handle = try args[m]
            let x = try modelSample(try args[sample], handle, args: args, at: 1)
            return .number(try handle.energy(of: x, params: session.paramValues))
        })
    }

    private static func registerForms(into table: inout BuiltinTable) {
        for form in [CoefficientsValue.Form.ising, .qubo] {
            let isIsing = form == .ising
            let m = Param.model()
            table.register(Builtin(
                form.rawValue, [m],
                doc: isIsing
                    ? "The model in Ising form with the params' current values: tables of h, J and the offset (E = Σ h s + Σ J s s + offset over ±1 spins). Members .h, .J, .couplings, .offset give tensors."
                    : "The model in QUBO form with the params' current values: the linear part on Q's diagonal, couplings above it, and the offset (E = Σ Q x x + offset over 0/1). Members .Q, .linear, .couplings, .offset give tensors."
            ) { args, session in
                .library(try CoefficientsValue.of(try args[m].compiled, params: session.paramValues, form: form))
            })
        }

        let m = Param.model(), file = Param<String>.string(at: "\"file.json\" | \"file.qubo\" | \"file.mtx\"")
        table.register(Builtin("export", [m, file], doc: """
            Writes a model to a file, chosen by extension: .json (the kernel's model format, keeping every param \
            block and constraint, with the params' current values), .qubo (qbsolv; params applied) or .mtx \
            (MatrixMarket; params applied). Relative paths are relative to the working directory.
            """
        ) { args, session in
            let handle = try args[m], path = try args[file]
            let params = session.paramValues
            do {
                let m = try handle.compiled
                switch URL(fileURLWithPath: path).pathExtension.lowercased() {
                case "json": try ModelJSON.write(m, params: params.filter { m.params.contains($0.key) }, path: path)
                case "qubo": try QBSolvFormat.write(m, params: params, path: path)
                case "mtx": try MatrixMarketFormat.write(m, params: params, path: path)
                default:
                    throw LanguageError.value("export(): give a path ending in .json, .qubo or .mtx, not \"\(path)\"",
                                              at: args.rangeOf(argument: 1))
                }
            } catch {
                throw LanguageError(error).located(args.rangeOf(argument: 1))  // a file error points at the path
            }
            return .nothing
        })
    }

    /// A tensor as a sample of `model`: the right length, every entry a value of the model's vartype.
    static func modelSample(_ t: Tensor, _ model: ModelHandle, args: CallArguments, at i: Int) throws -> [Int8] {
        guard t.count == model.variableCount else {
            throw LanguageError.shape("\(args.callee)(): the sample has \(t.count) entries but the model has \(model.variableCount) variables",
                                      at: args.rangeOf(argument: i))
        }
        let allowed: Set<Double> = model.vartype == .binary ? [0, 1] : [-1, 1]
        if let bad = t.storage.firstIndex(where: { !allowed.contains($0) }) {
            throw LanguageError.value("\(args.callee)(): entry \(bad) of the sample is \(NumberFormat.format(t.storage[bad])); a \(model.vartype.rawValue) sample holds only \(model.vartype == .binary ? "0 and 1" : "−1 and 1")",
                                      at: args.rangeOf(argument: i))
        }
        return t.storage.map { Int8($0) }
    }
}
