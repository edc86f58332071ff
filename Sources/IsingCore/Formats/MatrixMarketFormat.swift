/// MatrixMarket coordinate files (`.mtx`) as quadratic models, E(x) = xᵀ Q x + offset:
///
/// - `general`: every entry (i, j, v) adds v·x_i·x_j (so a diagonal entry is a linear term);
/// - `symmetric`: an entry off the diagonal stands for both (i, j) and (j, i), adding 2v·x_i·x_j.
///
/// Fields `real`, `integer` and `pattern` (value 1) are read. We write `coordinate real general` with
/// the diagonal holding the linear part and the upper triangle the couplings, plus two comment lines
/// (`%qama vartype binary|spin`, `%qama offset v`) that we read back so a model round-trips.
public enum MatrixMarketFormat {
    public static func read(path: String) throws -> CompiledModel { try parse(try TextFile.read(path), source: path) }

    public static func parse(_ text: String, source: String = "mtx") throws -> CompiledModel {
        let lines = TextFile.lines(text)
        guard let banner = lines.first, banner.fields.count >= 5,
              banner.fields[0].lowercased() == "%%matrixmarket", banner.fields[1].lowercased() == "matrix",
              banner.fields[2].lowercased() == "coordinate"
        else { throw FormatError("\(source): expected a `%%MatrixMarket matrix coordinate …` banner") }
        let field = banner.fields[3].lowercased(), symmetry = banner.fields[4].lowercased()
        guard ["real", "integer", "pattern", "double"].contains(field) else {
            throw FormatError("\(source): unsupported field '\(field)' (real, integer or pattern)")
        }
        guard symmetry == "general" || symmetry == "symmetric" else {
            throw FormatError("\(source): unsupported symmetry '\(symmetry)' (general or symmetric)")
        }
        var vartype = Vartype.binary, offset = 0.0
        var size: (rows: Int, cols: Int, entries: Int)?
        var entries: [(Int, Int, Double)] = []
        for line in lines.dropFirst() {
            let f = line.fields
            if f[0].hasPrefix("%") {
                if f[0] == "%qama", f.count >= 3 {
                    if f[1] == "vartype", let v = Vartype(rawValue: String(f[2])) { vartype = v }
                    if f[1] == "offset", let v = Double(f[2]) { offset = v }
                }
                continue
            }
            guard let s = size else {
                guard f.count >= 3, let r = Int(f[0]), let c = Int(f[1]), let e = Int(f[2]), r == c else {
                    throw FormatError.at(source, line: line.number, "expected a square size line `n n entries`")
                }
                size = (r, c, e)
                entries.reserveCapacity(e)
                continue
            }
            guard f.count >= (field == "pattern" ? 2 : 3), let i = Int(f[0]), let j = Int(f[1]) else {
                throw FormatError.at(source, line: line.number, "expected `i j value`")
            }
            let v = field == "pattern" ? 1 : Double(f[2])
            guard let v else { throw FormatError.at(source, line: line.number, "bad value '\(f[2])'") }
            guard i >= 1, j >= 1, i <= s.rows, j <= s.cols else {
                throw FormatError.at(source, line: line.number, "index out of range 1...\(s.rows)")
            }
            entries.append((i - 1, j - 1, v))
        }
        guard let s = size else { throw FormatError("\(source): no size line") }
        guard entries.count == s.entries else {
            throw FormatError("\(source): the size line says \(s.entries) entries, the file has \(entries.count)")
        }
        let prefix = vartype == .binary ? "x" : "s"
        var b = ModelBuilder(vartype: vartype, names: (0..<s.rows).map { "\(prefix)[\($0)]" })
        b.reserveQuadratic(entries.count)
        b.addOffset(offset)
        for (i, j, v) in entries {
            b.addQuadratic(i, j, symmetry == "symmetric" && i != j ? 2 * v : v)  // i == j folds x² = x, s² = 1
        }
        return b.compile()
    }

    /// The `.mtx` text of a model in its own vartype with params applied.
    public static func text(_ model: CompiledModel, params: [String: Double]) throws -> String {
        let t = try model.table(params: params)
        let diagonal = t.linear.enumerated().filter { $0.element != 0 }
        // A spin diagonal would fold into the offset on reading (s² = 1), so spin linear terms can't
        // live on the diagonal: convert to binary for the file in that case.
        if model.vartype == .spin && !diagonal.isEmpty { return try text(model.converted(to: .binary), params: params) }
        var s = "%%MatrixMarket matrix coordinate real general\n"
        s += "%qama vartype \(t.vartype.rawValue)\n"
        if t.offset != 0 { s += "%qama offset \(TextFile.number(t.offset))\n" }
        s += "\(t.linear.count) \(t.linear.count) \(diagonal.count + t.couplings.count)\n"
        for (i, v) in diagonal { s += "\(i + 1) \(i + 1) \(TextFile.number(v))\n" }
        for c in t.couplings { s += "\(c.i + 1) \(c.j + 1) \(TextFile.number(c.value))\n" }
        return s
    }

    public static func write(_ model: CompiledModel, params: [String: Double], path: String) throws {
        try TextFile.write(try text(model, params: params), to: path)
    }
}
