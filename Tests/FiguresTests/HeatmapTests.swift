import Figures
import Foundation
import Testing

@Suite("Heatmap")
struct HeatmapTests {
    @Test("one qf-cell rect per entry, axes, labels and a colour bar")
    func cellsAndAxes() throws {
        let values = (0..<15).map { Double($0) / 14 }
        let map = try Heatmap(values: values, rows: 3, columns: 5, title: "Weights", rowLabel: "head", columnLabel: "token")
        let doc = try expectStandaloneFigure(map.svg, title: "Weights", description: map.description)
        #expect(doc.count("rect", withClass: "qf-cell") == 15)
        #expect(!map.isRaster && map.renderedRows == 3 && map.renderedColumns == 5)
        #expect(doc.texts(withClass: "qf-axis-label").contains("head"))
        #expect(doc.texts(withClass: "qf-axis-label").contains("token"))
        #expect(doc.texts(withClass: "qf-title") == ["Weights"])
        #expect(doc.elements(withClass: "qf-axis").count >= 2)
        #expect(doc.texts(withClass: "qf-tick-label").contains("4"), "every column index fits, so the last one is labelled")
        #expect(doc.elements(withClass: "qf-colourbar").count == 1)
        // The lowest and highest cells get the two ends of the palette, and differ.
        let fills = doc.elements(withClass: "qf-cell").map { $0.attributes["fill"] ?? "" }
        #expect(fills.first != fills.last)
        #expect(fills.allSatisfy { $0.count == 7 && $0.hasPrefix("#") })
    }

    @Test("palette is diverging when values span both signs, sequential otherwise")
    func paletteChoice() throws {
        let mixed = try Heatmap(values: [-2, -1, 0, 3], rows: 2, columns: 2)
        let positive = try Heatmap(values: [1, 2, 3, 4], rows: 2, columns: 2)
        #expect(mixed.description.contains("diverging colour scale over -3 … 3"))
        #expect(positive.description.contains("sequential colour scale over 1 … 4"))
        // Zero sits in the middle of a diverging scale: a symmetric pair maps to different colours.
        let doc = try SVGDocument(mixed.svg)
        let fills = doc.elements(withClass: "qf-cell").map { $0.attributes["fill"]! }
        #expect(Set(fills).count == 4)
    }

    @Test("sparsity map of 8 × 512 is down-sampled to 8 × 256 cells, says so, and stays under 200 KB")
    func largeSparsityMap() throws {
        var weights: [Double] = []
        for t in 0..<8 { for i in 0..<512 { weights.append(Double((t * 7 + i * 13) % 16) / 15) } }
        let map = try Heatmap.sparsity(weights: weights, heads: 8, tokens: 512)
        let doc = try expectStandaloneFigure(map.svg, title: "Attention weights (heads × tokens)", description: map.description)
        #expect(map.svg.utf8.count < 200_000)
        #expect(map.renderedRows == 8 && map.renderedColumns == 256)
        #expect(doc.count("rect", withClass: "qf-cell") == 8 * 256)
        #expect(map.description.contains("8 × 512"))
        #expect(map.description.contains("down-sampled to 8 × 256"))
        #expect(map.description.contains("sequential colour scale over 0 … 1"))
        #expect(doc.texts(withClass: "qf-axis-label").contains("head"))
        #expect(doc.texts(withClass: "qf-axis-label").contains("token"))
    }

    @Test("sparsity summary reports nonzero fraction and mean weight; weights outside [0, 1] are rejected")
    func sparsitySummary() throws {
        let map = try Heatmap.sparsity(weights: [0, 0.5, 1, 0], heads: 2, tokens: 2)
        #expect(map.description.contains("nonzero weights 2 of 4 (50 %), mean weight 0.375"))
        #expect(throws: FigureError.self) { try Heatmap.sparsity(weights: [0, 1.5], heads: 1, tokens: 2) }
    }

    @Test("block averaging: a down-sampled map draws the block means")
    func blockAverages() throws {
        let reduced = try Heatmap(values: [0, 1, 2, 3], rows: 1, columns: 4, range: 0...3, maxColumns: 2)
        let direct = try Heatmap(values: [0.5, 2.5], rows: 1, columns: 2, range: 0...3)
        let fills = { (m: Heatmap) in try SVGDocument(m.svg).elements(withClass: "qf-cell").map { $0.attributes["fill"]! } }
        #expect(reduced.renderedColumns == 2)
        #expect(try fills(reduced) == fills(direct))
    }

    @Test("maps with more than 2048 drawn cells become one embedded PNG, not megabytes of rects")
    func rasterForLargeMaps() throws {
        var values: [Double] = []
        for i in 0..<300 { for j in 0..<300 { values.append(Double(abs(i - j) % 17)) } }
        let map = try Heatmap(values: values, rows: 300, columns: 300, title: "attention", rowLabel: "query", columnLabel: "key")
        let doc = try expectStandaloneFigure(map.svg, title: "attention", description: map.description)
        #expect(map.isRaster && map.renderedRows == 256 && map.renderedColumns == 256)
        #expect(doc.count("rect", withClass: "qf-cell") == 0)
        let images = doc.elements.filter { $0.name == "image" && $0.classes.contains("qf-raster") }
        #expect(images.count == 1)
        #expect(images.first?.attributes["xlink:href"]?.hasPrefix("data:image/png;base64,iVBORw0KGgo") == true)
        // The PNG's IHDR holds the drawn grid size: 256 × 256 pixels, one per averaged cell.
        let base64 = String(images.first?.attributes["xlink:href"]?.dropFirst("data:image/png;base64,".count) ?? "")
        let png = [UInt8](Data(base64Encoded: base64) ?? Data())
        #expect(png.count > 256 * 256)
        if png.count > 24 {
            let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 256 && height == 256)
            #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        }
        #expect(map.description.contains("raster image"))
        #expect(map.svg.utf8.count < 200_000)
    }

    @Test("row names are drawn when rows are tall enough")
    func rowNames() throws {
        let map = try Heatmap(values: [1, 2, 3, 4, 5, 6], rows: 3, columns: 2, rowNames: ["alpha", "beta", "gamma"])
        let doc = try SVGDocument(map.svg)
        let ticks = doc.texts(withClass: "qf-tick-label")
        #expect(["alpha", "beta", "gamma"].allSatisfy(ticks.contains))
    }

    @Test("user text is escaped: the SVG stays well-formed and shows the text verbatim")
    func escaping() throws {
        let title = "J <i,j> & \"K\" 'q'"
        let map = try Heatmap(values: [1, 2], rows: 1, columns: 2, title: title, rowLabel: "<row>")
        let doc = try expectStandaloneFigure(map.svg, title: title, description: map.description)
        #expect(doc.texts(withClass: "qf-axis-label").contains("<row>"))
    }

    @Test("bad shapes and values are errors that say what is wrong")
    func invalidInput() {
        #expect(throws: FigureError.self) { try Heatmap(values: [1, 2, 3], rows: 2, columns: 2) }
        #expect(throws: FigureError.self) { try Heatmap(values: [], rows: 0, columns: 0) }
        do {
            _ = try Heatmap(values: [1, .nan, 3, 4], rows: 2, columns: 2)
            Issue.record("NaN accepted")
        } catch let error as FigureError {
            #expect(error.message.contains("NaN") && error.message.contains("index 1"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: FigureError.self) { try Heatmap(values: [1, .infinity], rows: 1, columns: 2) }
        #expect(throws: FigureError.self) { try Heatmap(values: [1, 2], rows: 1, columns: 2, rowNames: ["a", "b"]) }
    }
}
