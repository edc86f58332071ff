import Foundation
import JupyterKernel
import Testing

@Suite("Graphs: graph(), maxcut(), cut()")
struct DomainGraphTests {
    /// A 4-cycle with unit weights: the best cut is 4 (alternate sides).
    static let cycle = "4 4\n1 2 1\n2 3 1\n3 4 1\n4 1 1\n"

    @Test func maxcutOfAFileGraph() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qama-cycle-\(UUID().uuidString).txt").path
        try Self.cycle.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = LangSession()
        _ = s.text("let g = graph(\"\(path)\")\nlet m = maxcut(g)\nlet r = solve(m, exact())")
        #expect(s.number("cut(g, r.best)") == 4)
        #expect(s.number("r.energy") == -4)
        #expect(s.text("g.edges.shape") == "[4, 3]")
        #expect(s.text("g").contains("vertices"))
        #expect(s.error("cut(g, [1, 1])")?.name == "ShapeError")
        #expect(s.error("graph(\"no/such/file.txt\")")?.name == "ValueError")
    }

    @Test func gsetNamesAreFoundThroughQAMA_GSET_DIR() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qama-gset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.cycle.write(to: dir.appendingPathComponent("G901"), atomically: true, encoding: .utf8)
        try "name\tn\tm\tbest_known_cut\nG901\t4\t4\t4\n".write(to: dir.appendingPathComponent("best_known.tsv"), atomically: true, encoding: .utf8)
        setenv("QAMA_GSET_DIR", dir.path, 1)
        let s = LangSession()
        let text = s.text("graph(\"G901\")")
        #expect(text == "Graph G901\nvertices        4\nedges           4\nweights         1\ntotal weight    4\nbest known cut  4")
        #expect(s.number("graph(\"G901\").best") == 4)
        #expect(s.error("graph(\"G999999\")")?.name == "ValueError")
    }
}
