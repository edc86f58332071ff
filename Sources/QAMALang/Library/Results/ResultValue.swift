import IsingCore
import JupyterKernel

/// The Result value `solve` returns. Shows the best energy, the energy split by term, which constraints the
/// best sample breaks, and the solver with the parameters it used. The display holds no wall-clock time
/// (a saved notebook must be the same bytes on every run); `r.time` gives the seconds.
struct ResultValue: LibraryValue {
    let result: SolveResult

    var typeName: String { "Result" }

    private var solverLine: String {
        let s = result.samples
        // Incidental settings (the thread count) are left out, so a saved notebook is the same bytes on every machine.
        let shown = s.settings.decisive
        return shown.isEmpty ? s.solver : "\(s.solver)(\(SettingText.list(shown, .asUsed)))"
    }

    var summary: String {
        "Result: \(result.samples.solver), \(result.reads) reads, best energy \(NumberFormat.short(result.bestEnergy))"
    }

    private var overview: SummaryTable {
        let s = result.samples
        var rows: [(String, String)] = [
            ("best energy", NumberFormat.short(result.bestEnergy)),
            ("reads", "\(s.reads)" + (s.reads > 0 ? " (best seen \(bestCount)×)" : "")),
            ("variables", "\(result.n) \(result.model.vartype.rawValue)"),
        ]
        if !result.params.isEmpty {
            rows.append(("params", result.model.params.map { "\($0) = \(NumberFormat.format(result.params[$0] ?? .nan))" }
                .joined(separator: ", ")))
        }
        if !result.model.constraints.isEmpty {
            let broken = result.broken
            rows.append(("broken", broken.isEmpty ? "none"
                : ModelValue.list(broken.map(\.name), limit: 8)))
        }
        rows.append(("solver", solverLine))
        return SummaryTable(caption: "Result", pairs: rows)
    }

    /// How many reads reached the best energy (within 1e-9 relative).
    private var bestCount: Int {
        let e = result.samples.energies
        guard let best = e.first else { return 0 }
        let tol = 1e-9 * max(1, abs(best))
        return zip(e, result.samples.occurrences).reduce(0) { $0 + ($1.0 <= best + tol ? $1.1 : 0) }
    }

    var termsTable: TermsValue { TermsValue(terms: result.terms, total: result.bestEnergy) }

    var plainText: String {
        overview.plainText + "\n\n" + termsTable.table.plainText
    }

    var mimeBundle: MimeBundle {
        ["text/plain": plainText,
         "text/html": "<div class=\"qama-result\">" + overview.html + termsTable.table.html + "</div>"]
    }

    var memberNames: [String] {
        ["energy", "energies", "samples", "best", "value", "time", "terms", "broken", "trace", "reads", "solver",
         "occurrences", "model", "params", "term"]
    }

    func member(_ name: String, session: Session) throws -> Value? {
        let s = result.samples
        switch name {
        case "energy": return .number(result.bestEnergy)
        case "energies": return .tensor(Tensor(s.energies))
        case "samples": return .tensor(Tensor(shape: [s.reads, s.n], storage: s.samples.map(Double.init)))
        case "best": return .tensor(Tensor(result.best.map(Double.init)))
        case "time": return .number(s.seconds)
        case "terms": return .library(termsTable)
        case "term": return termFunction
        case "broken": return .array(result.broken.map { .string($0.name) })
        case "trace": return .tensor(Tensor(s.trace))
        case "reads": return .number(Double(s.reads))
        case "solver": return .string(s.solver)
        case "occurrences": return .tensor(Tensor(s.occurrences.map(Double.init)))
        case "model": return .library(ModelValue(handle: result.model, session: SessionReference(session)))
        case "params":
            return .array(result.model.params.map { .array([.string($0), .number(result.params[$0] ?? .nan)]) })
        case "value":
            let result = self.result
            let variables = Param<Value>.value(at: "x", kind: .library("Variables"))
            return .function(.builtin(Builtin(
                "value", receiver: "r", [variables],
                doc: "The values of the decision variables x (a Variables block such as `x` or `x[1, :]`) in the best sample, as a tensor shaped like x.") { args, _ in
                    let v = try args[variables]
                    guard case .variables(let x) = v else {
                        throw LanguageError.type("r.value() takes a Variables block such as x or x[1, :], not \(v.typeName)",
                                                 at: args.rangeOf(argument: 0))
                    }
                    // Not one of x's variables is in the model (a block made after it, or never used in it):
                    // there is no value to report, and 0s would be a silent wrong answer.
                    guard x.ids.isEmpty || x.ids.contains(where: { result.model.index(ofVariable: $0) != nil }) else {
                        throw LanguageError.value("r.value(): the model has none of the variables of \(x.name); pass variables the model was built from",
                                                  at: args.rangeOf(argument: 0))
                    }
                    let best = Array(result.best)
                    var out = [Double]()
                    out.reserveCapacity(x.ids.count)
                    for id in x.ids {
                        // A variable the model does not mention never affects the energy: report its
                        // lowest value, 0 (binary) or −1 (spin), as a solver would leave it.
                        if let k = result.model.index(ofVariable: id) {
                            // A spin in a model made binary by mixing (s = 2x − 1) reads back as ±1.
                            let v = Double(best[k])
                            out.append(x.vartype == .spin && result.model.vartype == .binary ? 2 * v - 1 : v)
                        }
                        else if case .expression = result.model.origin { out.append(x.vartype == .binary ? 0 : -1) }
                        else {
                            throw LanguageError.value("r.value(): this model was not built from \(x.name) (use r.best for its samples)",
                                                      at: args.rangeOf(argument: 0))
                        }
                    }
                    return .tensor(Tensor(shape: x.shape, storage: out))
                }))
        default: return nil
        }
    }
}

/// `r.terms`: the best sample's energy split by term. `r.terms.γ` reads one term's energy.
struct TermsValue: LibraryValue {
    let terms: [EnergyTerm]
    let total: Double

    var typeName: String { "Table" }

    var table: SummaryTable {
        var rows = terms.map { t in
            [t.isConstraint ? "  " + t.name : t.name, t.weight.map(NumberFormat.format) ?? "",
             NumberFormat.short(t.energy)]
        }
        rows.append(["total", "", NumberFormat.short(total)])
        return SummaryTable(caption: "Energy by term (best sample; indented: the constraints inside the term above)",
                            header: ["term", "weight", "energy"], rows: rows)
    }

    var plainText: String { table.plainText }
    var mimeBundle: MimeBundle { ["text/plain": plainText, "text/html": table.html] }
    var memberNames: [String] { terms.map(\.name) + ["total"] }

    func member(_ name: String, session: Session) throws -> Value? {
        if name == "total" { return .number(total) }
        return terms.first { $0.name == name }.map { .number($0.energy) }
    }
}

extension Param where T == SolveResult {
    /// A Result of `solve(...)`.
    static func result(at name: String) -> Param<SolveResult> {
        .library(at: name, ResultValue.self, "a Result of solve()") { $0.result }
    }
}
