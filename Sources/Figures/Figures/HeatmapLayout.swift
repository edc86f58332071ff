import NumberText

/// Geometry and drawing of a heatmap: cell sizes, index or name ticks, and the colour bar.
struct HeatmapLayout {
    let rows: Int, columns: Int
    let originalRows: Int, originalColumns: Int
    let rowLabel: String, columnLabel: String
    let scale: ColourScale
    let gridLeft: Double, gridTop: Double
    let cellWidth: Double, cellHeight: Double
    let width: Double, height: Double
    private let rowTicks: [(index: Int, label: String)]
    private let columnTicks: [(index: Int, label: String)]
    private let colourTicks: NiceTicks
    private let colourBarHeight: Double

    private static let maxGridHeight = 440.0
    private static let colourBarWidth = 14.0

    init(rows: Int, columns: Int, originalRows: Int, originalColumns: Int, rowNames: [String]?, columnNames: [String]?,
         rowLabel: String, columnLabel: String, scale: ColourScale, width requestedWidth: Double, top: Double = 48) {
        self.rows = rows
        self.columns = columns
        self.originalRows = originalRows
        self.originalColumns = originalColumns
        self.rowLabel = rowLabel
        self.columnLabel = columnLabel
        self.scale = scale
        colourTicks = NiceTicks(low: scale.low, high: scale.high, target: 4, extend: false)

        // Provisional cell sizes decide which tick labels fit; names are shortened to at most 14 characters.
        let shortRowNames = rowNames?.map { $0.count > 14 ? String($0.prefix(13)) + "…" : $0 }
        let rowNameWidth = shortRowNames?.map { Theme.textWidth($0, size: Theme.tickSize) }.max() ?? 0
        let indexWidth = Theme.textWidth(String(originalRows - 1), size: Theme.tickSize)
        let colourLabelWidth = colourTicks.labels.map { Theme.textWidth($0, size: Theme.tickSize) }.max() ?? 0
        let right = 18 + HeatmapLayout.colourBarWidth + 6 + colourLabelWidth + 24 + 12
        func leftMargin(_ tickWidth: Double) -> Double { 14 + 22 + tickWidth + 10 }

        var left = leftMargin(max(rowNameWidth, indexWidth))
        let plotWidth = max(requestedWidth - left - right, 60)
        // Rows at least 20 px when there is room; cells square unless that would make the grid narrower than
        // 200 px (a few columns of many rows) — then columns widen up to the plot width.
        var cw = plotWidth / Double(columns)
        let ch = min(HeatmapLayout.maxGridHeight / Double(rows), max(cw, 20))
        cw = min(cw, max(ch, 200 / Double(columns)))
        let gridWidth = cw * Double(columns), gridHeight = ch * Double(rows)

        let originalRowHeight = gridHeight / Double(originalRows)
        if let shortRowNames, originalRowHeight >= 11 {
            rowTicks = shortRowNames.enumerated().map { ($0.offset, $0.element) }
        } else {
            left = leftMargin(indexWidth)
            rowTicks = HeatmapLayout.indexTicks(count: originalRows, extent: gridHeight, spacing: 28)
        }
        let originalColumnWidth = gridWidth / Double(originalColumns)
        if let columnNames, columnNames.allSatisfy({ Theme.textWidth($0, size: Theme.tickSize) + 4 <= originalColumnWidth }) {
            columnTicks = columnNames.enumerated().map { ($0.offset, $0.element) }
        } else {
            columnTicks = HeatmapLayout.indexTicks(count: originalColumns, extent: gridWidth, spacing: 56)
        }

        gridLeft = left
        gridTop = top
        cellWidth = cw
        cellHeight = ch
        colourBarHeight = max(gridHeight, 110)
        width = max(left + gridWidth + right, 380)
        height = gridTop + max(gridHeight + PlotFrame.bottomMargin, colourBarHeight + 12) + 12
    }

    private var gridWidth: Double { cellWidth * Double(columns) }
    private var gridHeight: Double { cellHeight * Double(rows) }

    /// Every index when they fit at `spacing` pixels apart, otherwise nice whole-number steps.
    private static func indexTicks(count: Int, extent: Double, spacing: Double) -> [(index: Int, label: String)] {
        if Double(count) * spacing <= extent * 1.0001 {
            return (0..<count).map { ($0, String($0)) }
        }
        let ticks = NiceTicks(low: 0, high: Double(count - 1), target: max(1, Int(extent / spacing)), integerStep: true, extend: false)
        return ticks.values.map { (Int($0), String(Int($0))) }
    }

    /// Above this many cells the grid is drawn as one embedded indexed-colour PNG instead of one `<rect>`
    /// per cell: 2048 rects are ~150 KB, a 256 × 256 image is ~90 KB where rects would be ~5 MB.
    static let vectorCellLimit = 2048

    var drawsRaster: Bool { rows * columns > HeatmapLayout.vectorCellLimit }

    func drawCells(_ values: [Double], into w: inout SVGWriter) {
        if drawsRaster {
            let png = PNGEncoder.indexed(width: columns, height: rows, indices: values.map { UInt8(scale.level($0)) }, palette: scale.colours)
            w.raw("<image class=\"qf-raster\" x=\"\(NumberFormat.coordinate(gridLeft))\" y=\"\(NumberFormat.coordinate(gridTop))\" width=\"\(NumberFormat.coordinate(gridWidth))\" height=\"\(NumberFormat.coordinate(gridHeight))\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64,\(PNGEncoder.base64(png))\"/>\n")
        } else {
            let transform = "transform=\"translate(\(NumberFormat.coordinate(gridLeft)) \(NumberFormat.coordinate(gridTop))) scale(\(NumberFormat.fixed(cellWidth, decimals: 4)) \(NumberFormat.fixed(cellHeight, decimals: 4)))\""
            w.openGroup(cssClass: "qf-cells", attributes: transform + " shape-rendering=\"crispEdges\"")
            for r in 0..<rows {
                for c in 0..<columns {
                    w.raw("<rect class=\"qf-cell\" x=\"\(c)\" y=\"\(r)\" width=\"1\" height=\"1\" fill=\"\(scale.colour(values[r * columns + c]))\"/>\n")
                }
            }
            w.closeGroup()
        }
        w.rect(x: gridLeft, y: gridTop, width: gridWidth, height: gridHeight, fill: "none", stroke: Theme.axis, cssClass: "qf-frame")
    }

    func drawAxes(into w: inout SVGWriter) {
        let bottom = gridTop + gridHeight
        w.openGroup(cssClass: "qf-axis qf-axis-x")
        for (index, label) in columnTicks {
            let x = gridLeft + (Double(index) + 0.5) * gridWidth / Double(originalColumns)
            w.line(x1: x, y1: bottom, x2: x, y2: bottom + 4, stroke: Theme.axis, cssClass: "qf-tick")
            w.text(label, x: x, y: bottom + 17, anchor: .middle, fill: Theme.mutedText, cssClass: "qf-tick-label")
        }
        w.closeGroup()
        w.openGroup(cssClass: "qf-axis qf-axis-y")
        var widest = 0.0
        for (index, label) in rowTicks {
            let y = gridTop + (Double(index) + 0.5) * gridHeight / Double(originalRows)
            w.line(x1: gridLeft - 4, y1: y, x2: gridLeft, y2: y, stroke: Theme.axis, cssClass: "qf-tick")
            w.text(label, x: gridLeft - 7, y: y + 4, anchor: .end, fill: Theme.mutedText, cssClass: "qf-tick-label")
            widest = max(widest, Theme.textWidth(label, size: Theme.tickSize))
        }
        w.closeGroup()
        w.text(columnLabel, x: gridLeft + gridWidth / 2, y: bottom + 36, anchor: .middle, size: Theme.labelSize, cssClass: "qf-axis-label")
        w.text(rowLabel, x: gridLeft - widest - 18, y: gridTop + gridHeight / 2, anchor: .middle, size: Theme.labelSize,
               rotate: -90, cssClass: "qf-axis-label")
    }

    /// A stack of 64 swatches (no gradient: gradient ids would collide between figures inlined in one page).
    func drawColourBar(into w: inout SVGWriter, valueLabel: String) {
        let x = gridLeft + gridWidth + 18
        let top = gridTop, barHeight = colourBarHeight
        let steps = 64
        w.openGroup(cssClass: "qf-colourbar", attributes: "shape-rendering=\"crispEdges\"")
        for k in 0..<steps {
            let v = scale.low + (scale.high - scale.low) * (Double(k) + 0.5) / Double(steps)
            let y0 = top + barHeight * Double(steps - k - 1) / Double(steps)
            w.rect(x: x, y: y0, width: HeatmapLayout.colourBarWidth, height: barHeight / Double(steps) + 0.5, fill: scale.colour(v))
        }
        w.closeGroup()
        w.rect(x: x, y: top, width: HeatmapLayout.colourBarWidth, height: barHeight, fill: "none", stroke: Theme.axis)
        w.openGroup(cssClass: "qf-axis qf-colourbar-axis")
        var widest = 0.0
        for (v, label) in zip(colourTicks.values, colourTicks.labels) {
            let y = top + barHeight * (1 - (v - scale.low) / (scale.high - scale.low))
            w.line(x1: x + HeatmapLayout.colourBarWidth, y1: y, x2: x + HeatmapLayout.colourBarWidth + 4, y2: y, stroke: Theme.axis, cssClass: "qf-tick")
            w.text(label, x: x + HeatmapLayout.colourBarWidth + 7, y: y + 4, fill: Theme.mutedText, cssClass: "qf-tick-label")
            widest = max(widest, Theme.textWidth(label, size: Theme.tickSize))
        }
        w.closeGroup()
        w.text(valueLabel, x: x + HeatmapLayout.colourBarWidth + 7 + widest + 12, y: top + barHeight / 2, anchor: .middle,
               size: Theme.labelSize, rotate: 90, cssClass: "qf-axis-label")
    }
}
