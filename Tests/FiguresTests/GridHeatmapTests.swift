import Figures
import Foundation
import Testing

@Suite("Grid heatmap")
struct GridHeatmapTests {
    static let rows = [0.0, 0.5, 1.0], columns = [0.0, 0.25, 0.5, 1.0]

    @Test("one cell per grid point, parameter values as ticks, first parameter upward")
    func cellsAndAxes() throws {
        let values = (0..<12).map(Double.init)
        let map = try GridHeatmap(values: values, rowValues: Self.rows, columnValues: Self.columns, rowLabel: "β",
                                  columnLabel: "γ", title: "Q2L", valueLabel: "ratio")
        let doc = try expectStandaloneFigure(map.svg, title: "Q2L", description: map.description)
        #expect(doc.count("rect", withClass: "qf-cell") == 12)
        #expect(doc.texts(withClass: "qf-axis-label").contains("β") && doc.texts(withClass: "qf-axis-label").contains("γ"))
        let ticks = doc.texts(withClass: "qf-tick-label")
        for label in ["0", "0.25", "0.5", "1"] { #expect(ticks.contains(label), "\(label)") }
        // Drawn top to bottom: the top row is the largest β (values 8 … 11), the bottom row β = 0 (values 0 … 3).
        let byRow = try GridHeatmap(values: (0..<12).map { Double($0 / 4) }, rowValues: Self.rows, columnValues: Self.columns,
                                    rowLabel: "β", columnLabel: "γ", title: "rows")
        let fills = try SVGDocument(byRow.svg).elements(withClass: "qf-cell").map { $0.attributes["fill"] ?? "" }
        #expect(Set(fills[0..<4]).count == 1 && Set(fills[8..<12]).count == 1 && fills[0] != fills[8])
        let top = try SVGDocument(try GridHeatmap(values: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], rowValues: Self.rows,
                                                  columnValues: Self.columns, rowLabel: "β", columnLabel: "γ", title: "top").svg)
        #expect(top.elements(withClass: "qf-cell").first?.attributes["fill"] == fills[0], "β = 1 (the largest) is drawn on top")
        #expect(map.description == """
            Grid heatmap "Q2L": ratio over β (3 values, 0 … 1) × γ (4 values, 0 … 1)
            values 0 … 11, mean 5.5
            sequential colour scale over 0 … 11
            """)
    }

    @Test("points without a finite value are hatched and left out of the colour range")
    func missingPoints() throws {
        var values = (0..<12).map(Double.init)
        values[0] = .infinity
        values[11] = .nan
        let map = try GridHeatmap(values: values, rowValues: Self.rows, columnValues: Self.columns, rowLabel: "β",
                                  columnLabel: "γ", title: "Q2P")
        let doc = try SVGDocument(map.svg)
        #expect(doc.elements(withClass: "qf-missing").count == 2)
        #expect(map.description.contains("values 1 … 10, mean 5.5"))
        #expect(map.description.contains("2 of 12 points have no finite value (hatched)"))
    }

    @Test("a mark sits between the grid values it falls between")
    func markPlacement() throws {
        #expect(GridHeatmap.fractionalIndex(0.16, in: [0, 0.1, 0.2]).map { abs($0 - 1.6) < 1e-12 } == true)
        #expect(GridHeatmap.fractionalIndex(0.8, in: [0, 0.5, 1]).map { abs($0 - 1.6) < 1e-12 } == true)
        #expect(GridHeatmap.fractionalIndex(1.2, in: [0, 0.5, 1]).map { abs($0 - 2.4) < 1e-12 } == true)
        #expect(GridHeatmap.fractionalIndex(1.3, in: [0, 0.5, 1]) == nil)
        let map = try GridHeatmap(values: (0..<12).map(Double.init), rowValues: Self.rows, columnValues: Self.columns,
                                  rowLabel: "β", columnLabel: "γ", title: "Q2L",
                                  marks: [GridHeatmap.Mark(row: 0.16, column: 0.8, label: "paper")])
        let doc = try SVGDocument(map.svg)
        #expect(doc.elements(withClass: "qf-mark").count == 1)
        #expect(doc.texts(withClass: "qf-mark-label") == ["paper"])
        #expect(map.description.hasSuffix("marked: paper at β = 0.16, γ = 0.8"))
    }

    @Test("bad grids are errors")
    func errors() {
        #expect(throws: FigureError.self) {
            try GridHeatmap(values: [1, 2], rowValues: [0, 1], columnValues: [0, 1], rowLabel: "a", columnLabel: "b", title: "t")
        }
        #expect(throws: FigureError("grid heatmap: the values of a must be strictly increasing")) {
            try GridHeatmap(values: [1, 2], rowValues: [1, 0], columnValues: [0], rowLabel: "a", columnLabel: "b", title: "t")
        }
        #expect(throws: FigureError("grid heatmap: the mark \"m\" at (5, 0) lies outside the grid")) {
            try GridHeatmap(values: [1, 2], rowValues: [0, 1], columnValues: [0], rowLabel: "a", columnLabel: "b", title: "t",
                            marks: [GridHeatmap.Mark(row: 5, column: 0, label: "m")])
        }
        #expect(throws: FigureError.self) {
            try GridHeatmap(values: [.nan, .nan], rowValues: [0, 1], columnValues: [0], rowLabel: "a", columnLabel: "b", title: "t")
        }
    }
}
