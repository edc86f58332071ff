import IsingCore
import JupyterKernel

/// What `ising(m)` and `qubo(m)` return: a model's coefficients with the params' current values applied,
/// as tables (the first entries of the linear and coupling parts, and the offset). Members give the whole
/// thing as tensors: `.h`/`.J` (Ising) or `.Q` (QUBO, upper triangle with the linear part on the diagonal),
/// `.linear`, `.couplings` (a k×3 tensor of `[i, j, value]` rows), `.offset`.
struct CoefficientsValue: LibraryValue {
    enum Form: String { case ising, qubo }

    let form: Form
    let names: [String]
    let linear: [Double]
    /// i < j, sorted.
    let couplings: [(i: Int, j: Int, value: Double)]
    let offset: Double

    static let shownEntries = 10
    /// Above this many variables the dense `J`/`Q` member refuses (use `.couplings`).
    static let denseLimit = 4096

    var typeName: String { "Table" }
    private var n: Int { names.count }
    private var linearName: String { form == .ising ? "h" : "Q diagonal" }
    private var pairName: String { form == .ising ? "J" : "Q" }

    private var tables: [SummaryTable] {
        let shown = Self.shownEntries
        let overview = SummaryTable(caption: form == .ising ? "Ising form: E(s) = Σ h_i s_i + Σ_{i<j} J_ij s_i s_j + offset"
                                                            : "QUBO form: E(x) = Σ_{i≤j} Q_ij x_i x_j + offset",
                                    pairs: [("variables", "\(n)"), ("couplings", "\(couplings.count)"),
                                            ("offset", NumberFormat.short(offset))])
        var linearRows = linear.prefix(shown).enumerated().map { [names[$0.offset], NumberFormat.short($0.element)] }
        if n > shown { linearRows.append(["… \(n - shown) more", ""]) }
        var pairRows = couplings.prefix(shown).map { [names[$0.i], names[$0.j], NumberFormat.short($0.value)] }
        if couplings.count > shown { pairRows.append(["… \(couplings.count - shown) more", "", ""]) }
        return [overview,
                SummaryTable(caption: linearName, header: ["variable", linearName], rows: linearRows),
                SummaryTable(caption: pairName, header: ["i", "j", pairName], rows: pairRows)]
    }

    var plainText: String { tables.map(\.plainText).joined(separator: "\n\n") }
    var summary: String { "\(form == .ising ? "Ising" : "QUBO") coefficients: \(n) variables, \(couplings.count) couplings" }
    var mimeBundle: MimeBundle { ["text/plain": plainText, "text/html": tables.map(\.html).joined()] }
    var memberNames: [String] { (form == .ising ? ["h", "J"] : ["Q"]) + ["linear", "couplings", "offset"] }

    func member(_ name: String, session: Session) throws -> Value? {
        switch (name, form) {
        case ("h", .ising), ("linear", _): return .tensor(Tensor(linear))
        case ("offset", _): return .number(offset)
        case ("couplings", _):
            var storage: [Double] = []
            storage.reserveCapacity(3 * couplings.count)
            for c in couplings { storage += [Double(c.i), Double(c.j), c.value] }
            return .tensor(Tensor(shape: [couplings.count, 3], storage: storage))
        case ("J", .ising), ("Q", .qubo):
            guard n <= Self.denseLimit else {
                throw LanguageError.value("\(n) variables are too many for a dense matrix; use .couplings (a k×3 tensor of [i, j, value] rows)")
            }
            var m = [Double](repeating: 0, count: n * n)
            for c in couplings {
                m[c.i * n + c.j] = c.value
                if form == .ising { m[c.j * n + c.i] = c.value }  // symmetric J; QUBO stays upper-triangular
            }
            if form == .qubo { for i in 0..<n { m[i * n + i] = linear[i] } }
            return .tensor(Tensor(shape: [n, n], storage: m))
        default: return nil
        }
    }

    /// The model with `params` applied, in the requested form (s = 2x − 1 between the two).
    static func of(_ model: CompiledModel, params: [String: Double], form: Form) throws -> CoefficientsValue {
        let w = try model.weighted(params)
        var linear = w.linear, offset = w.offset
        var pairs: [(i: Int, j: Int, value: Double)] = []
        pairs.reserveCapacity(model.couplingCount)
        let convert = (model.vartype == .binary) != (form == .qubo)
        for i in 0..<model.variableCount {
            for k in model.rowStart[i]..<model.rowStart[i + 1] where w.quadratic[k] != 0 {
                let j = Int(model.columns[k]), b = w.quadratic[k]
                guard convert else { pairs.append((i, j, b)); continue }
                if form == .ising {  // b·x_i x_j = b/4 (s_i s_j + s_i + s_j + 1)
                    pairs.append((i, j, b / 4)); linear[i] += b / 4; linear[j] += b / 4; offset += b / 4
                } else {  // b·s_i s_j = 4b x_i x_j − 2b x_i − 2b x_j + b
                    pairs.append((i, j, 4 * b)); linear[i] -= 2 * b; linear[j] -= 2 * b; offset += b
                }
            }
        }
        if convert {
            for i in linear.indices {
                let a = w.linear[i]
                if form == .ising { linear[i] += a / 2 - a; offset += a / 2 }  // a·x = a/2·s + a/2
                else { linear[i] += 2 * a - a; offset -= a }                    // a·s = 2a·x − a
            }
        }
        return CoefficientsValue(form: form, names: model.names, linear: linear, couplings: pairs, offset: offset)
    }
}
