import Figures
import Foundation
import Testing

@Suite("Patch map")
struct PatchMapTests {
    /// A 4 × 4 image with values 0 … 15 row by row, in 2 × 2 patches: tokens 0 (top left), 1 (top right),
    /// 2 (bottom left), 3 (bottom right). Head 0 selects tokens 0 and 3, head 1 token 1.
    static let image = (0..<16).map(Double.init)
    static let weights: [Double] = [1, 0, 0, 1, 0, 1, 0, 0]

    func panels(_ doc: SVGDocument) -> [SVGElement] { doc.elements(withClass: "qf-panel") }

    @Test("one panel for the input and one per head; selected patches outlined where the tokens lie")
    func panelsAndPatches() throws {
        let map = try PatchMap(image: Self.image, imageRows: 4, imageColumns: 4, weights: Self.weights, heads: 2, patch: 2)
        let doc = try expectStandaloneFigure(map.svg, title: "Selected patches per head", description: map.description)
        // Three panels fit one row: (760 − 2·16 − 2·16) / 3 = 232 px each; pixels of 20 px would make a panel
        // narrower than 128 px, so they are 128 / 4 = 32 px.
        #expect(map.panelsPerRow == 3 && map.pixelSize == 32)
        #expect(doc.root.attributes["width"] == "448" && doc.root.attributes["height"] == "218")
        #expect(panels(doc).map { $0.attributes["transform"] ?? "" } == ["translate(16 56)", "translate(160 56)", "translate(304 56)"])
        #expect(doc.texts(withClass: "qf-panel-title") == ["input", "head 0 · 2 patches", "head 1 · 1 patch"])
        #expect(doc.count("path", withClass: "qf-pixel") == 48, "16 grey levels, one path each, in each of 3 panels")
        #expect(doc.elements(withClass: "qf-pixels").map { $0.attributes["transform"] ?? "" } == Array(repeating: "translate(0 18) scale(32 32)", count: 3))
        // Patches of 64 px, inset by 1 px; the image starts 18 px below the panel's top (its title).
        let patches = doc.elements(withClass: "qf-patch").map { a in ["x", "y", "width", "height"].map { a.attributes[$0] ?? "" } }
        #expect(patches == [["1", "19", "62", "62"], ["65", "83", "62", "62"], ["65", "19", "62", "62"]])
        #expect(doc.elements(withClass: "qf-patch").allSatisfy { $0.attributes["fill-opacity"] == "0.45" && $0.attributes["stroke"] == "#d55e00" })
        #expect(doc.elements(withClass: "qf-patch-grid").map { $0.attributes["d"] ?? "" } == Array(repeating: "M64 18V146M0 82H128", count: 3))
        #expect(doc.count("rect", withClass: "qf-frame") == 3)
        #expect(map.description == """
            Patch map "Selected patches per head": 2 heads over a 4 × 4 image in 2 × 2 patches (2 × 2 = 4)
            patches selected per head: 2, 1 (3 of 8, 37.5 %)
            patches no head selects: 1; selected by two or more heads: 0
            grey scale over 0 … 15 (light to dark)
            """)
    }

    @Test("grey from white (lowest) to #141414 (highest), row by row")
    func greys() throws {
        let map = try PatchMap(image: Self.image, imageRows: 4, imageColumns: 4, weights: Self.weights, heads: 2, patch: 2)
        let pixels = try SVGDocument(map.svg).elements(withClass: "qf-pixel")
        #expect(pixels[0].attributes["fill"] == "#ffffff" && pixels[0].attributes["d"] == "M0 0h1v1h-1z")
        // 5 of 15 → level 85 → 255 − round(85 · 235 / 255) = 177 = 0xb1.
        #expect(pixels[5].attributes["fill"] == "#b1b1b1" && pixels[5].attributes["d"] == "M1 1h1v1h-1z")
        #expect(pixels[15].attributes["fill"] == "#141414" && pixels[15].attributes["d"] == "M3 3h1v1h-1z")
        // A fixed range clamps: with 0 … 30, the brightest value 15 is level 128 → 255 − round(117.96) = 137 = 0x89.
        let ranged = try PatchMap(image: Self.image, imageRows: 4, imageColumns: 4, weights: Self.weights, heads: 2, patch: 2, range: 0...30)
        #expect(try SVGDocument(ranged.svg).elements(withClass: "qf-pixel")[15].attributes["fill"] == "#898989")
    }

    @Test("equal neighbours in a row are one run; one path per grey level, lightest first")
    func runs() throws {
        let image: [Double] = [0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1]
        let map = try PatchMap(image: image, imageRows: 4, imageColumns: 4, weights: [0, 0, 0, 0], heads: 1, patch: 2)
        let pixels = try SVGDocument(map.svg).elements(withClass: "qf-pixel")
        #expect(pixels.count == 4)
        #expect(pixels[0].attributes["fill"] == "#ffffff" && pixels[0].attributes["d"] == "M0 0h2v1h-2zM0 1h4v1h-4zM0 3h1v1h-1zM2 3h1v1h-1z")
        #expect(pixels[1].attributes["fill"] == "#141414" && pixels[1].attributes["d"] == "M2 0h2v1h-2zM0 2h4v1h-4zM1 3h1v1h-1zM3 3h1v1h-1z")
    }

    @Test("soft weights tint in proportion; zero weights draw nothing; titles can be given")
    func softWeights() throws {
        let map = try PatchMap(image: Self.image, imageRows: 4, imageColumns: 4, weights: [0.2, 0, 0, 0, 1, 1, 1, 1], heads: 2, patch: 2,
                               title: "v1", imageTitle: "digit 3", panelTitles: ["a", "b"])
        let doc = try SVGDocument(map.svg)
        #expect(doc.elements(withClass: "qf-patch").map { $0.attributes["fill-opacity"] ?? "" } == ["0.09", "0.45", "0.45", "0.45", "0.45"])
        #expect(doc.texts(withClass: "qf-panel-title") == ["digit 3", "a", "b"])
        #expect(map.description.contains("patches selected per head: 1, 4 (5 of 8, 62.5 %)"))
        #expect(map.description.contains("patches no head selects: 0; selected by two or more heads: 1"))
    }

    @Test("eight heads over an 8 × 8 digit: five panels a row, 16 px pixels, two rows")
    func digitLayout() throws {
        let image = (0..<64).map { Double($0 % 17) / 16 }
        let weights = (0..<128).map { Double(($0 / 16 + $0 % 16) % 3 == 0 ? 1 : 0) }
        let map = try PatchMap(image: image, imageRows: 8, imageColumns: 8, weights: weights, heads: 8, patch: 2)
        let doc = try SVGDocument(map.svg)
        // (760 − 32 − 4 · 16) / 5 = 132.8 px a panel → 16 px a pixel; width 32 + 5 · 128 + 4 · 16 = 736;
        // height 56 + 2 · (18 + 128) + 14 + 16 = 378.
        #expect(map.panelsPerRow == 5 && map.pixelSize == 16)
        #expect(doc.root.attributes["viewBox"] == "0 0 736 378")
        #expect(panels(doc).count == 9)
        #expect(panels(doc)[4].attributes["transform"] == "translate(592 56)")
        #expect(panels(doc)[5].attributes["transform"] == "translate(16 216)")
        #expect(doc.count("path", withClass: "qf-pixel") == 9 * 17, "17 grey levels in each of 9 panels")
        #expect(doc.count("rect", withClass: "qf-patch") == weights.filter { $0 > 0 }.count)
    }

    @Test("images above 256 pixels are one raster a panel")
    func raster() throws {
        let map = try PatchMap(image: [Double](repeating: 0.5, count: 32 * 32), imageRows: 32, imageColumns: 32,
                               weights: (0..<64).map { $0 < 2 ? 1 : 0 }, heads: 1, patch: 4)
        let doc = try SVGDocument(map.svg)
        #expect(doc.count("image", withClass: "qf-raster") == 2)
        #expect(doc.count("path", withClass: "qf-pixel") == 0)
        // Two panels: (760 − 32 − 16) / 2 = 356 → min(356 / 32, 200 / 32) = 6.25 → 6 px a pixel.
        #expect(map.pixelSize == 6)
        #expect(doc.count("rect", withClass: "qf-patch") == 2)
        #expect(map.description.hasSuffix("grey scale over 0.5 … 0.5 (light to dark)"))
    }

    @Test("bad input is a FigureError naming the problem")
    func errors() {
        #expect(throws: FigureError("patch map image 4 × 4: expected 16 values, got 15")) {
            try PatchMap(image: Array(Self.image.dropLast()), imageRows: 4, imageColumns: 4, weights: Self.weights, heads: 2, patch: 2)
        }
        #expect(throws: FigureError("patch map: 3 × 3 patches do not tile a 4 × 4 image")) {
            try PatchMap(image: Self.image, imageRows: 4, imageColumns: 4, weights: Self.weights, heads: 2, patch: 3)
        }
        #expect(throws: FigureError("patch map weights (2 heads × 4 patches): expected 8 values, got 4")) {
            try PatchMap(image: Self.image, imageRows: 4, imageColumns: 4, weights: [1, 0, 0, 1], heads: 2, patch: 2)
        }
        #expect(throws: FigureError("patch map weights: value at index 1 is 2, outside [0, 1]")) {
            try PatchMap(image: Self.image, imageRows: 4, imageColumns: 4, weights: [1, 2, 0, 1, 0, 0, 0, 0], heads: 2, patch: 2)
        }
        #expect(throws: FigureError("patch map image: value at index 0 is NaN")) {
            try PatchMap(image: [.nan] + Self.image.dropFirst(), imageRows: 4, imageColumns: 4, weights: Self.weights, heads: 2, patch: 2)
        }
        #expect(throws: FigureError("patch map panel titles: expected 2 values, got 1")) {
            try PatchMap(image: Self.image, imageRows: 4, imageColumns: 4, weights: Self.weights, heads: 2, patch: 2, panelTitles: ["a"])
        }
    }
}
