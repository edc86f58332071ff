import Figures
import JupyterKernel

/// What `sweep(m, γ, values, solver)` returns: one solve per value of a param. Shows as its figure (energy
/// by term and, for QAMA models, the decoded sparsity against the param) above a table of the numbers.
/// Members: `s.values`, `s.energies` (best energy per value), `s.results` (the Results), `s.nonzero`
/// (fraction of kept tokens, QAMA only), `s.param`, `s.term(name)` (one term's energy per value).
struct SweepValue: LibraryValue {
    let param: String
    let values: [Double]
    let results: [SolveResult]

    var typeName: String { "Sweep" }

    /// Term names in first-seen order (objective first), so every row has the same columns.
    private var termNames: [String] {
        var names: [String] = []
        for r in results { for t in r.terms where !t.isConstraint && !names.contains(t.name) { names.append(t.name) } }
        return names
    }

    private func termEnergy(_ r: SolveResult, _ name: String) -> Double {
        r.terms.first { !$0.isConstraint && $0.name == name }?.energy ?? 0
    }

    /// For QAMA models: the fraction of (head, token) weights that are nonzero, and the mean weight.
    private var qamaStatistics: (nonzero: [Double], mean: [Double])? {
        var nonzero: [Double] = [], mean: [Double] = []
        for r in results {
            guard let h = r.model.qama, let w = try? h.layout.weights(r.best), !w.isEmpty else { return nil }
            nonzero.append(Double(w.filter { $0 > 0 }.count) / Double(w.count))
            mean.append(w.reduce(0, +) / Double(w.count))
        }
        return (nonzero, mean)
    }

    var table: SummaryTable {
        let names = termNames
        let qama = qamaStatistics
        // Param terms read "γ term" so they are not confused with the swept value's own column.
        var header = [param, "best energy"] + names.map { $0 == "objective" ? $0 : "\($0) term" }
        if qama != nil { header += ["nonzero", "mean weight"] }
        let anyConstraints = results.contains { !$0.model.constraints.isEmpty }
        if anyConstraints { header.append("broken") }
        var rows: [[String]] = []
        for (k, r) in results.enumerated() {
            var row = [NumberFormat.format(values[k]), NumberFormat.short(r.bestEnergy)]
            row += names.map { NumberFormat.short(termEnergy(r, $0)) }
            if let qama { row += [NumberFormat.short(qama.nonzero[k]), NumberFormat.short(qama.mean[k])] }
            if anyConstraints { row.append("\(r.broken.count)") }
            rows.append(row)
        }
        return SummaryTable(caption: "Sweep over \(param) (\(results.first.map { FigureBuiltins.label($0) } ?? ""))",
                            header: header, rows: rows)
    }

    func figure() throws -> FigureValue {
        let names = termNames
        var series = [SweepPlot.Series(name: "total", values: results.map(\.bestEnergy))]
        if names.count > 1 { series += names.map { n in SweepPlot.Series(name: n, values: results.map { termEnergy($0, n) }) } }
        let qama = qamaStatistics
        return FigureValue(try SweepPlot(parameter: param, values: values, energies: series, sparsity: qama?.nonzero,
                                         meanWeight: qama?.mean))
    }

    private var caption: String {
        "figure: energy terms" + (qamaStatistics != nil ? " and sparsity" : "") + " vs \(param)"
    }

    var plainText: String { caption + "\n\n" + table.plainText }
    var summary: String { "Sweep over \(param): \(values.count) values" }

    var mimeBundle: MimeBundle { table.bundle(plainText: plainText, figure: try? figure(), cssClass: "qama-sweep") }

    var memberNames: [String] { ["values", "energies", "results", "nonzero", "param", "term"] }

    func member(_ name: String, session: Session) throws -> Value? {
        switch name {
        case "values": return .tensor(Tensor(values))
        case "energies": return .tensor(Tensor(results.map(\.bestEnergy)))
        case "results": return .array(results.map { .library(ResultValue(result: $0)) })
        case "nonzero": return qamaStatistics.map { .tensor(Tensor($0.nonzero)) } ?? .nothing
        case "param": return .string(param)
        case "term":
            let names = termNames, results = self.results
            let term = Param<String>.string(at: "name")
            return .function(.builtin(Builtin(
                "term", receiver: "s", [term],
                doc: "The energy of one term (a name of r.terms, e.g. \"value\" for a QAMA model) at each swept value.") { args, _ in
                    let name = try args[term]
                    guard names.contains(name) else {
                        throw LanguageError.value("this sweep has no term \"\(name)\"; its terms are " + names.map { "\"\($0)\"" }.joined(separator: ", "),
                                                  at: args.rangeOf(argument: 0))
                    }
                    return .tensor(Tensor(results.map { r in r.terms.first { !$0.isConstraint && $0.name == name }?.energy ?? 0 }))
                }))
        default: return nil
        }
    }
}
