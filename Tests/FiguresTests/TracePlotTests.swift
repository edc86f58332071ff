import Figures
import Testing

@Suite("TracePlot")
struct TracePlotTests {
    @Test("best and mean lines over steps, with axes, legend and the final best labelled")
    func bestAndMean() throws {
        let best: [Double] = [0, -2, -5, -5, -7, -7]
        let mean: [Double] = [3, 1, -1, -2, -3, -4]
        let plot = try TracePlot(best: best, mean: mean)
        let doc = try expectStandaloneFigure(plot.svg, title: "Energy trace", description: plot.description)
        #expect(doc.elements(withClass: "qf-best-line").count == 1)
        #expect(doc.elements(withClass: "qf-mean").count == 1)
        let points = doc.elements(withClass: "qf-best-line").first?.attributes["points"]?.split(separator: " ").count
        #expect(points == 6)
        #expect(doc.texts(withClass: "qf-axis-label") == ["step", "energy"])
        #expect(doc.texts(withClass: "qf-best-label") == ["best -7"])
        #expect(doc.elements(withClass: "qf-legend").count == 1)
        #expect(plot.description.contains("over 6 steps"))
        #expect(plot.description.contains("final -7, lowest -7"))
    }

    @Test("long traces are block-averaged to at most maxPoints, and the description says so")
    func downSampling() throws {
        let best = (0..<5000).map { -Double($0) / 10 }
        let plot = try TracePlot(best: best, maxPoints: 500)
        #expect(plot.renderedPoints == 500)
        let doc = try SVGDocument(plot.svg)
        #expect(doc.elements(withClass: "qf-best-line").first?.attributes["points"]?.split(separator: " ").count == 500)
        #expect(plot.description.contains("down-sampled to 500 points, each the mean of a block of up to 10 steps"))
        #expect(doc.elements(withClass: "qf-mean").isEmpty, "no mean line without mean data")
    }

    @Test("a one-step trace draws a marker")
    func singleStep() throws {
        let plot = try TracePlot(best: [-3])
        let doc = try expectStandaloneFigure(plot.svg, title: "Energy trace", description: plot.description)
        #expect(doc.elements.filter { $0.name == "circle" && $0.classes.contains("qf-best-line") }.count == 1)
    }

    @Test("empty, non-finite, mismatched and non-increasing input is rejected")
    func invalidInput() {
        #expect(throws: FigureError.self) { try TracePlot(best: []) }
        #expect(throws: FigureError.self) { try TracePlot(best: [1, -.infinity]) }
        #expect(throws: FigureError.self) { try TracePlot(best: [1, 2], mean: [1]) }
        #expect(throws: FigureError.self) { try TracePlot(best: [1, 2], steps: [5, 5]) }
    }
}
