/// qbsolv's `.qubo` text format (0-based):
///
///     c comment lines
///     p qubo 0 <maxNodes> <nNodes> <nCouplers>
///     i i <linear>            (nNodes lines)
///     i j <coupling>  i < j   (nCouplers lines)
///
/// The format has no offset; we write it as a comment `c offset <value>` and read that comment back,
/// so a model round-trips with identical energies.
public enum QBSolvFormat {
    public static func read(path: String) throws -> CompiledModel { try parse(try TextFile.read(path), source: path) }

    public static func parse(_ text: String, source: String = "qubo") throws -> CompiledModel {
        var header: (n: Int, nodes: Int, couplers: Int)?
        var offset = 0.0
        var linear: [(Int, Double)] = [], quadratic: [(Int, Int, Double)] = []
        for line in TextFile.lines(text) {
            let f = line.fields
            if f[0] == "c" {
                if f.count >= 3, f[1] == "offset", let v = Double(f[2]) { offset = v }
                continue
            }
            if f[0] == "p" {
                guard f.count >= 6, f[1] == "qubo", let n = Int(f[3]), let nodes = Int(f[4]), let cp = Int(f[5]) else {
                    throw FormatError.at(source, line: line.number, "expected `p qubo 0 maxNodes nNodes nCouplers`")
                }
                header = (n, nodes, cp)
                continue
            }
            guard let h = header else { throw FormatError.at(source, line: line.number, "data before the `p qubo` line") }
            guard f.count >= 3, let i = Int(f[0]), let j = Int(f[1]), let v = Double(f[2]) else {
                throw FormatError.at(source, line: line.number, "expected `i j value`")
            }
            guard i >= 0, j >= 0, i < h.n, j < h.n else {
                throw FormatError.at(source, line: line.number, "index out of range 0..<\(h.n)")
            }
            if i == j { linear.append((i, v)) } else { quadratic.append((i, j, v)) }
        }
        guard let h = header else { throw FormatError("\(source): no `p qubo` line") }
        guard linear.count == h.nodes, quadratic.count == h.couplers else {
            throw FormatError("\(source): the header says \(h.nodes) nodes and \(h.couplers) couplers, the file has "
                              + "\(linear.count) and \(quadratic.count)")
        }
        var b = ModelBuilder(vartype: .binary, names: (0..<h.n).map { "x[\($0)]" })
        b.reserveQuadratic(quadratic.count)
        b.addOffset(offset)
        for (i, v) in linear { b.addLinear(i, v) }
        for (i, j, v) in quadratic { b.addQuadratic(i, j, v) }
        return b.compile()
    }

    /// The `.qubo` text of a model with params applied (a spin model is converted to binary first).
    public static func text(_ model: CompiledModel, params: [String: Double]) throws -> String {
        let t = try model.quboTable(params: params)
        let nodes = t.linear.enumerated().filter { $0.element != 0 }
        var s = "c written by qama: \(model.variableCount) variables\n"
        if t.offset != 0 { s += "c offset \(TextFile.number(t.offset))\n" }
        s += "p qubo 0 \(model.variableCount) \(nodes.count) \(t.couplings.count)\n"
        for (i, v) in nodes { s += "\(i) \(i) \(TextFile.number(v))\n" }
        for c in t.couplings { s += "\(c.i) \(c.j) \(TextFile.number(c.value))\n" }
        return s
    }

    public static func write(_ model: CompiledModel, params: [String: Double], path: String) throws {
        try TextFile.write(try text(model, params: params), to: path)
    }
}
