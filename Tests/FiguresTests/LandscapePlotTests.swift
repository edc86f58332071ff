import Figures
import Testing

@Suite("LandscapePlot")
struct LandscapePlotTests {
    @Test("min … max band, mean line with a marker per distance, best energy line")
    func bandAndBest() throws {
        let plot = try LandscapePlot(distances: [2, 0, 1, 3], minimum: [-6, -10, -8, -5], mean: [-4, -10, -6, -2],
                                     maximum: [-1, -10, -3, 0], best: -10)
        let doc = try expectStandaloneFigure(plot.svg, title: "Energy landscape", description: plot.description)
        #expect(doc.count("polygon", withClass: "qf-band") == 1)
        #expect(doc.count("polyline", withClass: "qf-mean") == 1)
        #expect(doc.count("line", withClass: "qf-best") == 1)
        #expect(doc.elements(withClass: "qf-points").count == 1)
        #expect(doc.elements.filter { $0.name == "circle" }.count == 4)
        #expect(doc.texts(withClass: "qf-axis-label") == ["Hamming distance from best state", "energy"])
        #expect(plot.description.contains("4 distances from 0 to 3"))
        #expect(plot.description.contains("best -10; band -10 … 0"))
        // Drawn in distance order: the mean line's x coordinates increase.
        let xs = doc.elements(withClass: "qf-mean").first!.attributes["points"]!.split(separator: " ").map { Double($0.split(separator: ",")[0])! }
        #expect(xs == xs.sorted())
    }

    @Test("mismatched lengths, NaN and min > mean are rejected")
    func invalidInput() {
        #expect(throws: FigureError.self) { try LandscapePlot(distances: [], minimum: [], mean: [], maximum: [], best: 0) }
        #expect(throws: FigureError.self) { try LandscapePlot(distances: [0, 1], minimum: [0], mean: [0, 1], maximum: [0, 1], best: 0) }
        #expect(throws: FigureError.self) { try LandscapePlot(distances: [0], minimum: [.nan], mean: [0], maximum: [0], best: 0) }
        #expect(throws: FigureError.self) { try LandscapePlot(distances: [0], minimum: [2], mean: [1], maximum: [3], best: 0) }
        #expect(throws: FigureError.self) { try LandscapePlot(distances: [0], minimum: [0], mean: [0], maximum: [0], best: .infinity) }
    }
}
