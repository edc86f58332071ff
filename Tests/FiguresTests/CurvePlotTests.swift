import Figures
import Testing

@Suite("CurvePlot")
struct CurvePlotTests {
    @Test("lines with bands on a log x axis, probability axis fixed to 0…1")
    func bandsOnLogAxis() throws {
        let plot = try CurvePlot(series: [.init(name: "sa", xs: [10, 100, 1000], ys: [0, 0.4, 0.9], lower: [0, 0.2, 0.7], upper: [0.3, 0.6, 1]),
                                          .init(name: "pt", xs: [40, 400], ys: [0.1, 0.5], lower: [0, 0.3], upper: [0.4, 0.7])],
                                 title: "Time to target", xLabel: "sweeps", yLabel: "fraction", logX: true, yRange: (0, 1))
        let doc = try expectStandaloneFigure(plot.svg, title: "Time to target", description: plot.description)
        #expect(doc.count("polyline", withClass: "qf-series") == 2)
        #expect(doc.count("polygon", withClass: "qf-band") == 2)
        #expect(doc.texts(withClass: "qf-axis-label") == ["sweeps", "fraction"])
        #expect(["10", "100", "1000"].allSatisfy(doc.texts(withClass: "qf-tick-label").contains))
        #expect(plot.description == """
            Curves "Time to target": fraction against sweeps (log x)
            sa: 10 → 0, 100 → 0.4, 1000 → 0.9 (with band)
            pt: 40 → 0.1, 400 → 0.5 (with band)
            """)
    }

    @Test("a marked minimum on a log y axis")
    func markedMinimum() throws {
        let plot = try CurvePlot(series: [.init(name: "gap", xs: [0, 1, 2], ys: [0.5, 0.01, 0.002])], title: "Gap", xLabel: "β",
                                 yLabel: "gap", logY: true, mark: .init(x: 2, y: 0.002, label: "min δ = 0.002 at β = 2"))
        let doc = try expectStandaloneFigure(plot.svg, title: "Gap", description: plot.description)
        #expect(doc.count("circle", withClass: "qf-mark") == 1)
        #expect(doc.texts(withClass: "qf-mark-label") == ["min δ = 0.002 at β = 2"])
        #expect(plot.description.hasSuffix("marked: min δ = 0.002 at β = 2"))
        #expect(plot.svg == (try CurvePlot(series: [.init(name: "gap", xs: [0, 1, 2], ys: [0.5, 0.01, 0.002])], title: "Gap", xLabel: "β",
                                           yLabel: "gap", logY: true, mark: .init(x: 2, y: 0.002, label: "min δ = 0.002 at β = 2"))).svg,
                "the same input gives the same bytes")
    }

    @Test("non-positive values on a log axis, mismatched lengths, half a band and no data are errors")
    func invalidInput() {
        #expect(throws: FigureError.self) { try CurvePlot(series: [.init(name: "a", xs: [0, 1], ys: [1, 2])], title: "t", xLabel: "x", yLabel: "y", logX: true) }
        #expect(throws: FigureError.self) { try CurvePlot(series: [.init(name: "a", xs: [1, 2], ys: [0, 2])], title: "t", xLabel: "x", yLabel: "y", logY: true) }
        #expect(throws: FigureError.self) { try CurvePlot(series: [.init(name: "a", xs: [1, 2], ys: [1])], title: "t", xLabel: "x", yLabel: "y") }
        #expect(throws: FigureError.self) { try CurvePlot(series: [.init(name: "a", xs: [1], ys: [1], lower: [0])], title: "t", xLabel: "x", yLabel: "y") }
        #expect(throws: FigureError.self) { try CurvePlot(series: [], title: "t", xLabel: "x", yLabel: "y") }
    }
}
