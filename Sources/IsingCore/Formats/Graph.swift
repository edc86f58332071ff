/// An undirected weighted graph, as in the rudy/Gset files: `n m` then `i j w` lines (1-based).
public struct Graph: Sendable, Equatable {
    public struct Edge: Sendable, Equatable {
        /// 0-based endpoints, i ≠ j.
        public var i: Int
        public var j: Int
        public var weight: Double
        public init(i: Int, j: Int, weight: Double) {
            self.i = i
            self.j = j
            self.weight = weight
        }
    }

    public var n: Int
    public var edges: [Edge]
    /// Where the graph came from ("G1", a path), for display.
    public var name: String

    public init(n: Int, edges: [Edge], name: String = "graph") {
        self.n = n
        self.edges = edges
        self.name = name
    }

    public var totalWeight: Double { edges.reduce(0) { $0 + $1.weight } }

    /// Reads a rudy file (the Gset format).
    public static func read(path: String) throws -> Graph {
        var g = try parseRudy(try TextFile.read(path), source: path)
        g.name = String(path.split(separator: "/").last ?? Substring(path))
        return g
    }

    public static func parseRudy(_ text: String, source: String = "graph") throws -> Graph {
        let lines = TextFile.lines(text)
        guard let header = lines.first, header.fields.count >= 2, let n = Int(header.fields[0]),
              let m = Int(header.fields[1]), n >= 0, m >= 0
        else { throw FormatError("\(source): the first line must be `n m` (vertices, edges)") }
        var edges: [Edge] = []
        edges.reserveCapacity(m)
        for line in lines.dropFirst() {
            let f = line.fields
            guard f.count >= 2, let a = Int(f[0]), let b = Int(f[1]) else {
                throw FormatError.at(source, line: line.number, "expected `i j w`")
            }
            let w = f.count >= 3 ? Double(f[2]) : 1
            guard let w else { throw FormatError.at(source, line: line.number, "bad weight '\(f[2])'") }
            guard a >= 1, b >= 1, a <= n, b <= n else {
                throw FormatError.at(source, line: line.number, "vertex out of range 1...\(n)")
            }
            guard a != b else { throw FormatError.at(source, line: line.number, "self loop on vertex \(a)") }
            edges.append(Edge(i: a - 1, j: b - 1, weight: w))
        }
        guard edges.count == m else {
            throw FormatError("\(source): the header says \(m) edges but the file has \(edges.count)")
        }
        return Graph(n: n, edges: edges, name: source)
    }

    /// The rudy text of the graph (1-based ids).
    public var rudy: String {
        var s = "\(n) \(edges.count)\n"
        for e in edges { s += "\(e.i + 1) \(e.j + 1) \(TextFile.number(e.weight))\n" }
        return s
    }

    public func write(path: String) throws { try TextFile.write(rudy, to: path) }

    /// MaxCut as a spin model: minimise E(s) = Σ_edges w_ij s_i s_j (dimod convention), so that
    /// cut(s) = (Σ w − E(s)) / 2. Variables are named `s[0]`, `s[1]`, …
    public func maxcut() -> CompiledModel {
        var b = ModelBuilder(vartype: .spin, names: (0..<n).map { "s[\($0)]" })
        b.reserveQuadratic(edges.count)
        for e in edges { b.addQuadratic(e.i, e.j, e.weight) }
        return b.compile()
    }

    /// Σ_edges w_ij (1 − s_i s_j)/2 for a spin vector (±1); 0/1 entries are read as −1/+1.
    public func cut<C: RandomAccessCollection>(_ sample: C) -> Double where C.Element == Int8, C.Index == Int {
        precondition(sample.count == n, "a cut needs \(n) values, got \(sample.count)")
        let base = sample.startIndex
        var total = 0.0
        for e in edges where (sample[base + e.i] > 0) != (sample[base + e.j] > 0) { total += e.weight }
        return total
    }
}
