import Foundation

/// Reads a rudy/Gset graph file into `GraphData`, and the best known cut from a `best_known.tsv` beside it.
enum GraphReader {
    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(path: String) throws -> GraphData {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw FormatError(description: "graph(): cannot read \(path)")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var lines = text.split(whereSeparator: \.isNewline).lazy
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }) }
            .filter { !$0.isEmpty && !$0[0].hasPrefix("#") && !$0[0].hasPrefix("%") }
            .makeIterator()
        guard let head = lines.next(), head.count >= 2, let n = Int(head[0]), let m = Int(head[1]), n >= 0, m >= 0 else {
            throw FormatError(description: "graph(): \(name) does not start with a `vertices edges` line")
        }
        var edges: [(i: Int, j: Int, w: Double)] = []
        edges.reserveCapacity(m)
        var lineNumber = 1
        while let fields = lines.next() {
            lineNumber += 1
            guard fields.count >= 2, let a = Int(fields[0]), let b = Int(fields[1]), a >= 1, b >= 1, a <= n, b <= n else {
                throw FormatError(description: "graph(): \(name) edge line \(lineNumber - 1) is not `i j w` with vertices 1…\(n)")
            }
            let w = fields.count >= 3 ? Double(fields[2]) : 1
            guard let w else { throw FormatError(description: "graph(): \(name) edge line \(lineNumber - 1) has a bad weight") }
            edges.append((a - 1, b - 1, w))
        }
        guard edges.count == m else {
            throw FormatError(description: "graph(): \(name) declares \(m) edges but lists \(edges.count)")
        }
        return GraphData(name: name, vertices: n, edges: edges, bestKnownCut: bestKnown(name: name, besideFile: path))
    }

    /// The `best_known_cut` column of `best_known.tsv` in the graph's folder, if there is one.
    static func bestKnown(name: String, besideFile path: String) -> Double? {
        let tsv = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("best_known.tsv").path
        guard let text = try? String(contentsOfFile: tsv, encoding: .utf8) else { return nil }
        let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        guard let header = rows.first, let column = header.firstIndex(where: { $0 == "best_known_cut" }) else { return nil }
        for row in rows.dropFirst() where row.first.map(String.init) == name && row.count > column {
            return Double(row[column])
        }
        return nil
    }
}
