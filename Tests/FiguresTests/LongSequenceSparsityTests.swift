import Figures
import Foundation
import Testing

@Suite("Sparsity maps of long sequences")
struct LongSequenceSparsityTests {
    /// 8 heads × 65,536 tokens; head t selects token i when (i / 256) % 8 < t + 1 — so every block of 256
    /// tokens is wholly in or out, and a column's share is exactly 0 or 1.
    static func weights() -> [Double] {
        var w: [Double] = []
        w.reserveCapacity(8 * 65_536)
        for t in 0..<8 { for i in 0..<65_536 { w.append((i / 256) % 8 < t + 1 ? 1 : 0) } }
        return w
    }

    @Test("65,536 tokens become 256 columns of 256 tokens, a small SVG, with the caption saying so")
    func downSampled() throws {
        let map = try Heatmap.sparsity(weights: Self.weights(), heads: 8, tokens: 65_536)
        let doc = try SVGDocument(map.svg)
        #expect(map.renderedRows == 8)
        #expect(map.renderedColumns == 256)
        #expect(Heatmap.sparsityColumns == 256)
        #expect(doc.count("rect", withClass: "qf-cell") == 8 * 256)
        #expect(map.svg.utf8.count < 200_000)
        let caption = "down-sampled: 65,536 tokens in 256 columns of 256 tokens, each the mean weight of its block"
        #expect(doc.texts(withClass: "qf-subtitle") == [caption])
        #expect(map.description.contains(caption))
        #expect(map.description.contains("Heatmap \"Attention weights (heads × tokens)\": 8 × 65536 (head × token)"))
        // The root's size: the requested width, and a height that does not grow with N.
        #expect(doc.root.attributes["width"] == "760")
        // Head 0 keeps 1 block in 8: columns 0, 8, 16, … are full, the rest empty (two colours in row 0).
        let fills = doc.elements(withClass: "qf-cell").map { $0.attributes["fill"]! }
        #expect(fills[0] != fills[1])
        #expect(fills[0] == fills[8])
        #expect(fills[1] == fills[2])
    }

    @Test("uneven blocks are named by their two sizes; short sequences have no caption")
    func unevenAndShort() throws {
        let uneven = try Heatmap.sparsity(weights: [Double](repeating: 1, count: 1_000), heads: 1, tokens: 1_000)
        #expect(try SVGDocument(uneven.svg).texts(withClass: "qf-subtitle")
                == ["down-sampled: 1,000 tokens in 256 columns of 3–4 tokens, each the mean weight of its block"])
        let short = try Heatmap.sparsity(weights: [1, 0, 1, 0], heads: 2, tokens: 2)
        #expect(try SVGDocument(short.svg).texts(withClass: "qf-subtitle").isEmpty)
        #expect(short.renderedColumns == 2)
    }
}

@Suite("Down-sampled heatmaps say so")
struct DownSampledHeatmapTests {
    @Test("a heads × 65,536 heatmap is drawn as 8 × 256 cells under a caption; a small one has none")
    func caption() throws {
        let values = (0..<(8 * 65_536)).map { Double($0 % 7) }
        let map = try Heatmap(values: values, rows: 8, columns: 65_536, title: "Importance")
        let doc = try SVGDocument(map.svg)
        #expect(map.renderedRows == 8 && map.renderedColumns == 256)
        #expect(doc.texts(withClass: "qf-subtitle") == ["down-sampled: 8 × 65,536 in 8 × 256 cells, each the mean of its block"])
        #expect(map.svg.utf8.count < 200_000)
        let small = try Heatmap(values: [1, 2, 3, 4], rows: 2, columns: 2)
        #expect(try SVGDocument(small.svg).texts(withClass: "qf-subtitle").isEmpty)
    }
}
