import Figures
import Testing

@Suite("Determinism")
struct DeterminismTests {
    static func renderAll() throws -> [String] {
        let values = (0..<48).map { Double(($0 * 37) % 23) / 7 - 1.3 }
        return [
            try Heatmap(values: values, rows: 6, columns: 8, title: "h").svg,
            try Heatmap.sparsity(weights: values.map { abs($0) / 2 }, heads: 4, tokens: 12).svg,
            try Histogram(values: values).svg,
            try TracePlot(best: values.indices.map { -Double($0) / 3 }, mean: values).svg,
            try LandscapePlot(distances: [0, 1, 2], minimum: [-3, -2.5, -2], mean: [-3, -2, -1], maximum: [-3, -1, 0.333333], best: -3).svg,
            try ComparisonPlot([.init(label: "a", energies: values), .init(label: "b", energies: values.map { $0 + 0.1 })]).svg,
            try SweepPlot(parameter: "γ", values: [0.5, 1, 2], energies: [.init(name: "e", values: [1 / 3, 2 / 3, 1])], sparsity: [0.1, 0.2, 0.3]).svg,
        ]
    }

    @Test("every figure renders byte-identical output twice")
    func renderTwice() throws {
        #expect(try DeterminismTests.renderAll() == DeterminismTests.renderAll())
    }

    @Test("numbers are written in a fixed, locale-free form: at most two decimals in coordinates, no exponents or commas")
    func numberFormat() throws {
        for svg in try DeterminismTests.renderAll() {
            let doc = try SVGDocument(svg)
            for element in doc.elements {
                for key in ["x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r"] {
                    guard let v = element.attributes[key] else { continue }
                    #expect(Double(v) != nil && !v.contains("e") && !v.contains(","), "\(element.name) \(key)=\(v)")
                    if let dot = v.firstIndex(of: ".") { #expect(v[v.index(after: dot)...].count <= 2, "\(key)=\(v)") }
                }
            }
        }
    }
}
