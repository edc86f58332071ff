import NumberText
/// The per-head patch map of a vision attention model (the QAMA paper's figure of what each head attends
/// to): small multiples, one panel with the input image and one per head with the patches that head
/// selects outlined and tinted over the same image.
///
/// The image is drawn in grey (low values light, high values dark, as digits are usually shown); token j
/// is the patch in row j / (columns / patch), column j % (columns / patch) — row-major, as a ViT cuts an
/// image into patches. Each head's weights lie in [0, 1]: a patch with weight w > 0 is outlined and tinted
/// with opacity proportional to w (the QAMA v2 selection is 0 or 1, v1's soft weights take 16 levels).
///
/// SVG structure (stable classes for tests and readers): one `<g class="qf-panel">` per panel, translated to
/// the panel's top-left, holding a `qf-panel-title` text, the image (one `qf-pixel` path per grey level in a unit
/// grid scaled by the pixel size, or one `qf-raster` image above `vectorPixelLimit` pixels), the patch grid
/// (`qf-patch-grid`), one `qf-patch` rect per selected patch in panel pixels, and a `qf-frame`.
public struct PatchMap: Figure {
    public let svg: String
    public let description: String
    /// Panels per row and the drawn size of one image pixel, in SVG pixels.
    public let panelsPerRow: Int
    public let pixelSize: Double

    /// The defaults of `title` and `imageTitle`, for callers that pass them on only when given.
    public static let defaultTitle = "Selected patches per head", defaultImageTitle = "input"

    static let highlight = "#d55e00"
    static let margin = 16.0, gap = 16.0, rowGap = 14.0, panelTitleHeight = 18.0
    static let maxPixelSize = 20.0, minPanelWidth = 128.0, maxPanelHeight = 200.0
    /// Above this many pixels per image, each panel's image is one embedded PNG instead of one rect a pixel.
    static let vectorPixelLimit = 256

    /// - Parameters:
    ///   - image: row-major `imageRows × imageColumns` finite values.
    ///   - weights: row-major `heads × tokens`, each in [0, 1]; tokens = (imageRows / patch) · (imageColumns / patch).
    ///   - panelTitles: one per head (default "head t · k patches").
    ///   - imageTitle: the input panel's title.
    ///   - range: the grey scale's value range (default: the image's range).
    public init(image: [Double], imageRows: Int, imageColumns: Int, weights: [Double], heads: Int, patch: Int,
                title: String = defaultTitle, imageTitle: String = defaultImageTitle, panelTitles: [String]? = nil,
                range: ClosedRange<Double>? = nil, panelsPerRow requestedPerRow: Int = 5, width: Int = 760) throws {
        guard imageRows > 0, imageColumns > 0, !image.isEmpty else { throw FigureError.empty("patch map \"\(title)\"") }
        guard image.count == imageRows * imageColumns else {
            throw FigureError.lengthMismatch("patch map image \(imageRows) × \(imageColumns)", expected: imageRows * imageColumns, got: image.count)
        }
        try FigureError.requireFinite(image, "patch map image")
        guard patch > 0, imageRows % patch == 0, imageColumns % patch == 0 else {
            throw FigureError("patch map: \(patch) × \(patch) patches do not tile a \(imageRows) × \(imageColumns) image")
        }
        let patchRows = imageRows / patch, patchColumns = imageColumns / patch, tokens = patchRows * patchColumns
        guard heads > 0 else { throw FigureError.empty("patch map \"\(title)\" (no heads)") }
        guard weights.count == heads * tokens else {
            throw FigureError.lengthMismatch("patch map weights (\(heads) heads × \(tokens) patches)", expected: heads * tokens, got: weights.count)
        }
        try FigureError.requireFinite(weights, "patch map weights")
        if let i = weights.firstIndex(where: { $0 < 0 || $0 > 1 }) {
            throw FigureError("patch map weights: value at index \(i) is \(NumberFormat.significant(weights[i], digits: 6)), outside [0, 1]")
        }
        if let panelTitles, panelTitles.count != heads {
            throw FigureError.lengthMismatch("patch map panel titles", expected: heads, got: panelTitles.count)
        }
        guard requestedPerRow > 0 else { throw FigureError("patch map: panels per row must be positive") }

        let selected = (0..<heads).map { t in (0..<tokens).filter { weights[t * tokens + $0] > 0 } }
        let titles = panelTitles ?? selected.enumerated().map { "head \($0.offset) · \($0.element.count) patch\($0.element.count == 1 ? "" : "es")" }

        // Layout: whole pixels when they are at least one screen pixel, so the grid lines fall on pixel edges.
        let panels = heads + 1
        let perRow = min(requestedPerRow, panels)
        let available = (Double(width) - 2 * Self.margin - Self.gap * Double(perRow - 1)) / Double(perRow)
        let fit = min(available / Double(imageColumns), Self.maxPanelHeight / Double(imageRows))
        // Small images still get panels of at least `minPanelWidth`, so a panel's title fits above it.
        let pixel = min(max(Self.maxPixelSize, (Self.minPanelWidth / Double(imageColumns)).rounded(.up)), fit >= 1 ? fit.rounded(.down) : fit)
        let panelWidth = pixel * Double(imageColumns), panelHeight = pixel * Double(imageRows)
        let rowCount = (panels + perRow - 1) / perRow
        let figureWidth = max(2 * Self.margin + Double(perRow) * panelWidth + Double(perRow - 1) * Self.gap, 380)

        let low = range?.lowerBound ?? image.min()!, high = range?.upperBound ?? image.max()!
        let greys = Self.greys(image, low: low, high: high)

        let slots = heads * tokens, kept = selected.map(\.count).reduce(0, +)
        var perToken = [Int](repeating: 0, count: tokens)
        for s in selected { for j in s { perToken[j] += 1 } }
        var lines = ["Patch map \"\(title)\": \(Plural.count(heads, "head")) over a \(imageRows) × \(imageColumns) image in \(patch) × \(patch) patches (\(patchRows) × \(patchColumns) = \(tokens))"]
        lines.append("patches selected per head: \(selected.map { String($0.count) }.joined(separator: ", ")) (\(kept) of \(slots), \(NumberFormat.fixed(100 * Double(kept) / Double(slots), decimals: 1)) %)")
        lines.append("patches no head selects: \(perToken.filter { $0 == 0 }.count); selected by two or more heads: \(perToken.filter { $0 >= 2 }.count)")
        lines.append("grey scale over \(NumberFormat.significant(low, digits: 6)) … \(NumberFormat.significant(high, digits: 6)) (light to dark)")
        let text = lines.joined(separator: "\n")

        var w = SVGWriter()
        let top = TitleBlock.draw(into: &w, title: title, subtitle: "\(patch) × \(patch) patches each head selects, outlined over the image",
                                  width: figureWidth)
        for p in 0..<panels {
            let x = Self.margin + Double(p % perRow) * (panelWidth + Self.gap)
            let y = top + Double(p / perRow) * (Self.panelTitleHeight + panelHeight + Self.rowGap)
            w.openGroup(cssClass: "qf-panel", attributes: "transform=\"translate(\(NumberFormat.coordinate(x)) \(NumberFormat.coordinate(y)))\"")
            let name = p == 0 ? imageTitle : titles[p - 1]
            w.text(TitleBlock.truncated(name, size: Theme.tickSize, width: panelWidth + Self.gap - 4), x: panelWidth / 2, y: 12, anchor: .middle,
                   size: Theme.tickSize, bold: p == 0, cssClass: "qf-panel-title")
            Self.drawImage(greys, rows: imageRows, columns: imageColumns, pixel: pixel, top: Self.panelTitleHeight, into: &w)
            Self.drawPatchGrid(rows: patchRows, columns: patchColumns, side: pixel * Double(patch), top: Self.panelTitleHeight, into: &w)
            if p > 0 {
                for j in selected[p - 1] {
                    let side = pixel * Double(patch)
                    let px = Double(j % patchColumns) * side, py = Self.panelTitleHeight + Double(j / patchColumns) * side
                    // Inset by the stroke's half width, so neighbouring selected patches keep separate outlines.
                    w.rect(x: px + 1, y: py + 1, width: side - 2, height: side - 2, fill: Self.highlight,
                           stroke: Self.highlight, strokeWidth: 2, opacity: 0.45 * weights[(p - 1) * tokens + j], cssClass: "qf-patch")
                }
            }
            w.rect(x: 0, y: Self.panelTitleHeight, width: panelWidth, height: panelHeight, fill: "none", stroke: Theme.axis, cssClass: "qf-frame")
            w.closeGroup()
        }
        let height = top + Double(rowCount) * (Self.panelTitleHeight + panelHeight) + Double(rowCount - 1) * Self.rowGap + Self.margin
        svg = w.document(width: figureWidth, height: height, title: title, description: text)
        description = text
        panelsPerRow = perRow
        pixelSize = pixel
    }

    /// Grey levels 0 (low, white) … 255 (high, near black), as palette indices.
    static func greys(_ image: [Double], low: Double, high: Double) -> [UInt8] {
        image.map { v in
            guard high > low else { return 0 }
            return UInt8((min(max((v - low) / (high - low), 0), 1) * 255).rounded(.toNearestOrAwayFromZero))
        }
    }

    /// Level k's colour: from white down to #141414 (pure black would hide the patch outlines).
    static let greyPalette: [String] = (0..<256).map { k in
        let c = 255 - Int((Double(k) * 235 / 255).rounded(.toNearestOrAwayFromZero))
        let digits = Array("0123456789abcdef")
        let pair = String([digits[c / 16], digits[c % 16]])
        return "#" + pair + pair + pair
    }

    private static func drawImage(_ levels: [UInt8], rows: Int, columns: Int, pixel: Double, top: Double, into w: inout SVGWriter) {
        if rows * columns > vectorPixelLimit {
            let png = PNGEncoder.indexed(width: columns, height: rows, indices: levels, palette: greyPalette)
            w.raw("<image class=\"qf-raster\" x=\"0\" y=\"\(NumberFormat.coordinate(top))\" width=\"\(NumberFormat.coordinate(pixel * Double(columns)))\" height=\"\(NumberFormat.coordinate(pixel * Double(rows)))\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64,\(PNGEncoder.base64(png))\"/>\n")
            return
        }
        // One path per grey level, of runs of equal pixels in a row, in a unit grid scaled by the pixel size:
        // an 8 × 8 digit in nine panels stays a few KB where one rect a pixel would be ~50 KB.
        let scale = NumberFormat.fixed(pixel, decimals: 4)
        w.openGroup(cssClass: "qf-pixels", attributes: "transform=\"translate(0 \(NumberFormat.coordinate(top))) scale(\(scale) \(scale))\" shape-rendering=\"crispEdges\"")
        var runs = [String](repeating: "", count: 256)
        for r in 0..<rows {
            var c = 0
            while c < columns {
                let level = levels[r * columns + c]
                var end = c + 1
                while end < columns && levels[r * columns + end] == level { end += 1 }
                runs[Int(level)] += "M\(c) \(r)h\(end - c)v1h-\(end - c)z"
                c = end
            }
        }
        for (level, d) in runs.enumerated() where !d.isEmpty {
            w.path(d, fill: greyPalette[level], cssClass: "qf-pixel")
        }
        w.closeGroup()
    }

    /// Thin lines between patches (one path), so a reader can count patches on an empty background.
    private static func drawPatchGrid(rows: Int, columns: Int, side: Double, top: Double, into w: inout SVGWriter) {
        guard rows > 1 || columns > 1 else { return }
        let width = side * Double(columns), height = side * Double(rows)
        var d = ""
        for c in 1..<columns {
            let x = NumberFormat.coordinate(Double(c) * side)
            d += "M\(x) \(NumberFormat.coordinate(top))V\(NumberFormat.coordinate(top + height))"
        }
        for r in 1..<rows {
            let y = NumberFormat.coordinate(top + Double(r) * side)
            d += "M0 \(y)H\(NumberFormat.coordinate(width))"
        }
        w.path(d, fill: "none", stroke: "#9fb4c7", width: 0.75, cssClass: "qf-patch-grid")
    }
}
