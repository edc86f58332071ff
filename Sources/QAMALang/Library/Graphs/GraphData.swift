import Foundation
import IsingCore

/// A graph as `graph("G11")` reads it: IsingCore's `Graph` (rudy/Gset parsing, MaxCut model, cut value)
/// plus what the language shows: its short name and, for Gset graphs, the best cut on record.
struct GraphData: Sendable {
    var graph: Graph
    var name: String
    /// The best cut known in the literature (Gset's best_known.tsv beside the file), when there is one.
    var bestKnownCut: Double?

    var vertices: Int { graph.n }
    var edges: [Graph.Edge] { graph.edges }

    /// Reads a rudy file; the name is the file name without extension.
    static func read(path: String) throws -> GraphData {
        var g = try Graph.read(path: path)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        g.name = name
        return GraphData(graph: g, name: name, bestKnownCut: bestKnown(name: name, besideFile: path))
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
