import Figures
import Testing

@Suite("ComparisonPlot")
struct ComparisonPlotTests {
    let entries = [
        ComparisonPlot.Entry(label: "sa", energies: [-10, -9, -9, -7], seconds: 0.25,
                             terms: [NamedValue("objective", -12), NamedValue("γ penalty", 2)]),
        ComparisonPlot.Entry(label: "sb", energies: [-8, -8, -6, -5], seconds: 0.1,
                             terms: [NamedValue("objective", -9), NamedValue("γ penalty", 1)]),
    ]

    @Test("summary per result, spread, overlaid distributions and per-term bars")
    func panels() throws {
        let plot = try ComparisonPlot(entries, title: "sa vs sb")
        let doc = try expectStandaloneFigure(plot.svg, title: "sa vs sb", description: plot.description)
        #expect(doc.elements(withClass: "qf-summary").count == 1)
        #expect(doc.count("path", withClass: "qf-histogram") == 2)
        #expect(doc.count("rect", withClass: "qf-box") == 2)
        #expect(doc.count("circle", withClass: "qf-best") == 2)
        #expect(doc.count("rect", withClass: "qf-bar") == 4)
        #expect(doc.texts(withClass: "qf-tick-label").contains("objective"))
        #expect(doc.texts(withClass: "qf-tick-label").contains("γ penalty"))
        #expect(doc.texts(withClass: "qf-best-label") == ["-10", "-8"])
        #expect(plot.description.contains("sa: best -10 · mean -8.75 · worst -7 · 4 reads · 0.25 s · objective -12, γ penalty 2"))
        #expect(plot.description.contains("sb: best -8 (+2 from lowest)"))
    }

    @Test("without terms there is no term panel")
    func noTerms() throws {
        let plot = try ComparisonPlot([.init(label: "a", energies: [1, 2]), .init(label: "b", energies: [1, 3, 4])])
        let doc = try expectStandaloneFigure(plot.svg, title: "Comparison", description: plot.description)
        #expect(doc.count("rect", withClass: "qf-bar") == 0)
        #expect(doc.texts(withClass: "qf-axis-label").contains("fraction of reads"), "unequal read counts compare as fractions")
    }

    @Test("no results, an empty result or a NaN energy are errors")
    func invalidInput() {
        #expect(throws: FigureError.self) { try ComparisonPlot([]) }
        #expect(throws: FigureError.self) { try ComparisonPlot([.init(label: "a", energies: [])]) }
        #expect(throws: FigureError.self) { try ComparisonPlot([.init(label: "a", energies: [1, .nan])]) }
    }
}
