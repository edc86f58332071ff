import Figures
import Testing

@Suite("Histogram")
struct HistogramTests {
    @Test("integer energies get whole-number bins with every value inside a bin, counts add up, best is marked")
    func integerEnergies() throws {
        let energies: [Double] = [-3, -3, -2, -1, -1, -1, 0]
        let h = try Histogram(values: energies)
        let doc = try expectStandaloneFigure(h.svg, title: "Energy histogram", description: h.description)
        #expect(h.binEdges == [-3.5, -2.5, -1.5, -0.5, 0.5])
        #expect(h.binCounts == [2, 1, 3, 1])
        #expect(doc.count("rect", withClass: "qf-bar") == 4)
        #expect(doc.texts(withClass: "qf-count") == ["2", "1", "3", "1"])
        #expect(doc.elements(withClass: "qf-best").count == 1)
        #expect(doc.texts(withClass: "qf-best-label") == ["best -3"])
        #expect(doc.texts(withClass: "qf-axis-label") == ["energy", "reads"])
        #expect(h.description.contains("over 7 reads"))
        #expect(h.description.contains("min -3 (best), mean -1.57143, max 0"))
    }

    @Test("bins are nice, deterministic and cover the data; a requested count is honoured roughly")
    func continuousBins() throws {
        let values = (0..<100).map { Double($0) * 0.0173 - 1.2 }
        let h = try Histogram(values: values, bins: 10)
        let width = h.binEdges[1] - h.binEdges[0]
        #expect(abs(width - 0.2) < 1e-12)
        #expect(h.binEdges.first! <= values.min()! && h.binEdges.last! >= values.max()!)
        #expect(h.binCounts.reduce(0, +) == 100)
        #expect((5...12).contains(h.binCounts.count))
        #expect(try Histogram(values: values, bins: 10).svg == h.svg)
    }

    @Test("occurrence counts weight the values")
    func weighted() throws {
        let h = try Histogram(values: [1, 2], counts: [3, 5])
        #expect(h.binCounts.reduce(0, +) == 8)
        #expect(h.description.contains("over 8 reads"))
    }

    @Test("a single repeated value still draws one bar")
    func constant() throws {
        let h = try Histogram(values: [-4.5, -4.5, -4.5])
        #expect(h.binCounts == [3])
        try expectStandaloneFigure(h.svg, title: "Energy histogram", description: h.description)
    }

    @Test("no values, NaN, mismatched counts and a zero bin count are errors")
    func invalidInput() {
        #expect(throws: FigureError.self) { try Histogram(values: []) }
        #expect(throws: FigureError.self) { try Histogram(values: [1, .nan]) }
        #expect(throws: FigureError.self) { try Histogram(values: [1, 2], counts: [1]) }
        #expect(throws: FigureError.self) { try Histogram(values: [1, 2], bins: 0) }
    }
}
