import Figures
import Testing

@Suite("SweepPlot")
struct SweepPlotTests {
    @Test("energy terms and sparsity against the swept value, in two panels")
    func twoPanels() throws {
        let plot = try SweepPlot(parameter: "γ", values: [8, 0.5, 2, 1, 4],
                                 energies: [.init(name: "total", values: [-100, -150, -128, -140, -115]),
                                            .init(name: "penalty", values: [8, 10, 12, 10, 10])],
                                 sparsity: [0.2, 0.9, 0.5, 0.7, 0.3], meanWeight: [0.1, 0.6, 0.3, 0.45, 0.2])
        let doc = try expectStandaloneFigure(plot.svg, title: "Sweep over γ", description: plot.description)
        #expect(doc.count("polyline", withClass: "qf-series") == 4)
        #expect(doc.elements(withClass: "qf-legend").count == 2)
        let axisLabels = doc.texts(withClass: "qf-axis-label")
        #expect(axisLabels.contains("energy") && axisLabels.contains("sparsity") && axisLabels.contains("γ"))
        #expect(["0.5", "1", "2", "4", "8"].allSatisfy(doc.texts(withClass: "qf-tick-label").contains))
        #expect(plot.description.contains("5 values of γ from 0.5 to 8 (log axis)"))
        #expect(plot.description.contains("total: -150, -140, -128, -115, -100"), "series are listed in swept order")
        // Points are drawn left to right in swept order.
        let xs = doc.elements(withClass: "qf-series").first!.attributes["points"]!.split(separator: " ").map { Double($0.split(separator: ",")[0])! }
        #expect(xs == xs.sorted())
    }

    @Test("a linear axis when values are not all positive; energy only is one panel")
    func linearSinglePanel() throws {
        let plot = try SweepPlot(parameter: "λ", values: [0, 1, 2], energies: [.init(name: "total", values: [1, 2, 3])], title: "λ sweep")
        let doc = try expectStandaloneFigure(plot.svg, title: "λ sweep", description: plot.description)
        #expect(!plot.description.contains("log axis"))
        #expect(doc.count("polyline", withClass: "qf-series") == 1)
        #expect(!doc.texts(withClass: "qf-axis-label").contains("sparsity"))
    }

    @Test("mismatched series, sparsity outside [0, 1] and a log axis over non-positive values are errors")
    func invalidInput() {
        #expect(throws: FigureError.self) { try SweepPlot(parameter: "γ", values: [1, 2], energies: [.init(name: "e", values: [1])]) }
        #expect(throws: FigureError.self) { try SweepPlot(parameter: "γ", values: [1, 2], energies: [], sparsity: [0.5, 1.5]) }
        #expect(throws: FigureError.self) { try SweepPlot(parameter: "γ", values: [0, 2], energies: [.init(name: "e", values: [1, 2])], logScale: true) }
        #expect(throws: FigureError.self) { try SweepPlot(parameter: "γ", values: [1], energies: []) }
    }
}
