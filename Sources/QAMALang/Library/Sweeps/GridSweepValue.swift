import Figures
import JupyterKernel
import QAMA

/// What `sweep(m, β, values, γ, values, solver)` returns: a solve per point of a grid over two params, for one
/// model or a batch of models sharing the params. Every grid quantity is a tensor shaped [rows, columns]
/// (first param × second param), averaged over the batch; points not solved (an interrupt) hold NaN.
///
/// Members: `s.term(name)`, `s.ratio(a, b)` (mean of |a|/|b|), `s.energies`, `s.nonzero` (QAMA), `s.rows`,
/// `s.columns`, `s.params`, `s.results`, `s.solved`, and `s.heatmap(what, ...)` — a figure of a term, a
/// ratio ("Q2L" = |query-key|/|value|, "Q2P" = |query-key|/|head overlap|, or two term names), "energy" or
/// "nonzero" over the grid, with `mark: [row value, column value]` drawing a point.
struct GridSweepValue: LibraryValue {
    let params: (row: String, column: String)
    let rowValues: [Double]
    let columnValues: [Double]
    /// Per point solved, row-major (the first param slowest), the result of each model of the batch.
    let results: [[SolveResult]]

    /// The paper's ratios of the QAMA terms' magnitudes: name → (numerator, denominator).
    static let namedRatios: [(name: String, terms: (String, String))] = [
        ("Q2L", (QAMATerm.queryKey, QAMATerm.value)),
        ("Q2P", (QAMATerm.queryKey, QAMATerm.headOverlap)),
    ]

    var typeName: String { "Sweep" }
    var pointCount: Int { rowValues.count * columnValues.count }
    var batchSize: Int { results.first?.count ?? 0 }
    private var isQAMA: Bool { results.first?.first?.model.qama != nil }

    /// Term names in first-seen order, so every model's terms line up.
    var termNames: [String] {
        var names: [String] = []
        for point in results { for r in point { for t in r.terms where !t.isConstraint && !names.contains(t.name) { names.append(t.name) } } }
        return names
    }

    /// One number per point ([rows × columns], NaN where not solved): `value` of each model averaged over the batch.
    private func grid(_ value: (SolveResult) -> Double) -> [Double] {
        var out = [Double](repeating: .nan, count: pointCount)
        for (k, point) in results.enumerated() where !point.isEmpty {
            out[k] = point.reduce(0) { $0 + value($1) } / Double(point.count)
        }
        return out
    }

    private func energy(_ r: SolveResult, _ name: String) -> Double {
        r.terms.first { !$0.isConstraint && $0.name == name }?.energy ?? 0
    }

    func term(_ name: String) throws -> [Double] {
        try requireTerm(name)
        return grid { energy($0, name) }
    }

    /// The batch mean of |a| / |b| per point (∞ or NaN where b is 0).
    func ratio(_ a: String, _ b: String) throws -> [Double] {
        try requireTerm(a)
        try requireTerm(b)
        return grid { abs(energy($0, a)) / abs(energy($0, b)) }
    }

    var energies: [Double] { grid(\.bestEnergy) }

    /// Fraction of (head, token) weights kept, QAMA models only.
    var nonzero: [Double]? {
        guard isQAMA else { return nil }
        return grid { r in
            guard let w = try? r.model.qama?.layout.weights(r.best), !w.isEmpty else { return .nan }
            return Double(w.filter { $0 > 0 }.count) / Double(w.count)
        }
    }

    private func requireTerm(_ name: String) throws {
        guard termNames.contains(name) else {
            throw LanguageError.value("this sweep has no term \"\(name)\"; its terms are " + termNames.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }

    /// The quantity `what` (and `other`, for a ratio of two terms) as (values, what it is).
    func quantity(_ what: String, _ other: String?) throws -> (values: [Double], label: String) {
        if let other { return (try ratio(what, other), "|\(what)| / |\(other)|") }
        if let named = Self.namedRatios.first(where: { $0.name == what }) {
            return (try ratio(named.terms.0, named.terms.1), "\(what) = |\(named.terms.0)| / |\(named.terms.1)|")
        }
        switch what {
        case "energy": return (energies, "best energy")
        case "nonzero":
            guard let n = nonzero else { throw LanguageError.value("\"nonzero\" needs a sweep of QAMA models") }
            return (n, "fraction of tokens kept")
        default: return (try term(what), "\(what) energy")
        }
    }

    func figure(_ what: String, _ other: String? = nil, title: String? = nil, marks: [GridHeatmap.Mark] = [],
                range: ClosedRange<Double>? = nil) throws -> FigureValue {
        let (values, label) = try quantity(what, other)
        let batch = batchSize > 1 ? " (mean of \(batchSize) models)" : ""
        return FigureValue(try GridHeatmap(values: values, rowValues: rowValues, columnValues: columnValues,
                                           rowLabel: params.row, columnLabel: params.column,
                                           title: title ?? "\(label) over \(params.row) × \(params.column)\(batch)",
                                           valueLabel: label, marks: marks, range: range))
    }

    // MARK: display

    var table: SummaryTable {
        var pairs: [(String, String)] = [
            ("grid", "\(params.row): \(rowValues.count) values × \(params.column): \(columnValues.count) values"),
            ("points solved", results.count == pointCount ? "\(pointCount)" : "\(results.count) of \(pointCount) (interrupted)"),
        ]
        if batchSize > 1 { pairs.append(("models", "\(batchSize) (each quantity is their mean)")) }
        let range = { (v: [Double]) -> String in
            let f = v.filter(\.isFinite)
            guard let lo = f.min(), let hi = f.max() else { return "—" }
            return NumberFormat.short(lo) + " … " + NumberFormat.short(hi)
        }
        pairs.append(("best energy", range(energies)))
        for name in termNames { pairs.append(("\(name) term", (try? term(name)).map(range) ?? "—")) }
        if let n = nonzero { pairs.append(("nonzero", range(n))) }
        if let r = results.first?.first { pairs.append(("solver", FigureBuiltins.label(r))) }
        return SummaryTable(caption: "Sweep over \(params.row) × \(params.column)", pairs: pairs)
    }

    private var defaultFigure: FigureValue? { try? figure(isQAMA ? "nonzero" : "energy") }

    var plainText: String { "figure: " + (isQAMA ? "fraction of tokens kept" : "best energy") + " over \(params.row) × \(params.column)\n\n" + table.plainText }
    var summary: String { "Sweep over \(params.row) × \(params.column): \(results.count) of \(pointCount) points" }

    var mimeBundle: MimeBundle { table.bundle(plainText: plainText, figure: defaultFigure, cssClass: "qama-sweep") }

    // MARK: members

    var memberNames: [String] { ["term", "ratio", "heatmap", "energies", "nonzero", "rows", "columns", "params", "results", "solved"] }

    private func shaped(_ v: [Double]) -> Value { .tensor(Tensor(shape: [rowValues.count, columnValues.count], storage: v)) }

    func member(_ name: String, session: Session) throws -> Value? {
        switch name {
        case "energies": return shaped(energies)
        case "nonzero": return nonzero.map(shaped) ?? .nothing
        case "rows": return .tensor(Tensor(rowValues))
        case "columns": return .tensor(Tensor(columnValues))
        case "params": return .array([.string(params.row), .string(params.column)])
        case "solved": return .number(Double(results.count))
        case "results":
            return .array(results.map { point in
                batchSize == 1 ? .library(ResultValue(result: point[0])) : .array(point.map { .library(ResultValue(result: $0)) })
            })
        case "term":
            let name = Param<String>.string(at: "name")
            return method("term", [name], "The energy of one term at every grid point, [rows, columns], averaged over the batch.") { args in
                shaped(try term(try args[name]))
            }
        case "ratio":
            let a = Param<String>.string(at: "a"), b = Param<String>.string(at: "b")
            return method("ratio", [a, b], "|a| / |b| of two terms at every grid point, [rows, columns], averaged over the batch (∞ or NaN where b is 0).") { args in
                shaped(try ratio(try args[a], try args[b]))
            }
        case "heatmap":
            let what = Param<String>.string(at: "what"), other = Param<String?>.optionalString(at: "other")
            let mark = Param<Tensor?>.tensor("mark", shown: "[row, column]"), title = Param<String?>.string("title")
            let range = Param<Tensor?>.tensor("range", shown: "[low, high]")
            return method("heatmap", [what, other, mark, title, range],
                          """
                          A heatmap over the grid of a term ("value"), the ratio of two terms (s.heatmap("query-key", "value")), \
                          a named ratio ("Q2L" = |query-key|/|value|, "Q2P" = |query-key|/|head overlap|), "energy" or "nonzero". \
                          mark: [a, b] circles the point (first param a, second b); range fixes the colour range.
                          """) { args in
                let what = try args[what], other = try args[other], title = try args[title]
                var marks: [GridHeatmap.Mark] = []
                if let m = try args[mark] {
                    guard m.count == 2 else {
                        throw LanguageError.shape("s.heatmap() 'mark:' takes [\(params.row), \(params.column)], not \(m.count) values",
                                                  at: args.rangeOf(label: "mark"))
                    }
                    marks.append(GridHeatmap.Mark(row: m.storage[0], column: m.storage[1],
                                                  label: "(\(NumberFormat.format(m.storage[0])), \(NumberFormat.format(m.storage[1])))"))
                }
                var colours: ClosedRange<Double>? = nil
                if let r = try args[range] {
                    guard r.count == 2, r.storage[0] < r.storage[1] else {
                        throw LanguageError.value("s.heatmap() 'range:' takes [low, high] with low < high", at: args.rangeOf(label: "range"))
                    }
                    colours = r.storage[0]...r.storage[1]
                }
                return .library(try figure(what, other, title: title, marks: marks, range: colours))
            }
        default: return nil
        }
    }

    private func method(_ name: String, _ parameters: [any DeclaresParameter], _ doc: String,
                        _ body: @escaping (CallArguments) throws -> Value) -> Value {
        .function(.builtin(Builtin(name, receiver: "s", parameters, doc: doc) { args, _ in try body(args) }))
    }
}
