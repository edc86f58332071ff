import NumberText

/// A rows × columns grid of values as coloured cells, with a colour bar and labelled axes.
///
/// Inputs larger than `maxRows` × `maxColumns` are down-sampled by averaging contiguous blocks, and the
/// figure says so in its `<desc>` and `description`. Each drawn cell is one `<rect class="qf-cell">` in a
/// scaled unit grid (integer coordinates), which keeps an 8 × 512 map well under 200 KB.
public struct Heatmap: Figure {
    public let svg: String
    public let description: String
    /// The grid actually drawn (after down-sampling).
    public let renderedRows: Int
    public let renderedColumns: Int
    /// True when the cells are one embedded raster image (more than 2048 cells after down-sampling)
    /// rather than one `<rect class="qf-cell">` each.
    public let isRaster: Bool

    /// - Parameters:
    ///   - values: row-major, `rows × columns` finite values.
    ///   - rowNames, columnNames: per-index tick labels (drawn when they fit; index ticks otherwise).
    ///   - range: the value range the colours span (default: the data's range).
    public init(values: [Double], rows: Int, columns: Int, title: String = "Heatmap", rowLabel: String = "row",
                columnLabel: String = "column", rowNames: [String]? = nil, columnNames: [String]? = nil,
                valueLabel: String = "value", range: ClosedRange<Double>? = nil, palette: Palette = .automatic,
                maxRows: Int = 256, maxColumns: Int = 256, width: Int = 760) throws {
        try self.init(values: values, rows: rows, columns: columns, title: title, rowLabel: rowLabel, columnLabel: columnLabel,
                      rowNames: rowNames, columnNames: columnNames, valueLabel: valueLabel, range: range, palette: palette,
                      maxRows: maxRows, maxColumns: maxColumns, width: width, extraDescription: nil,
                      subtitle: Self.blockCaption(rows: rows, columns: columns, maxRows: maxRows, maxColumns: maxColumns))
    }

    /// The QAMA sparsity map: soft weights w[t, i] ∈ [0, 1], one row per head, one column per token, on a
    /// fixed 0 … 1 colour range so maps from different solves compare directly.
    public static func sparsity(weights: [Double], heads: Int, tokens: Int,
                                title: String = "Attention weights (heads × tokens)", width: Int = 760) throws -> Heatmap {
        try FigureError.requireFinite(weights, "sparsity weights")
        if let i = weights.firstIndex(where: { $0 < -1e-9 || $0 > 1 + 1e-9 }) {
            throw FigureError("sparsity weights: value at index \(i) is \(NumberFormat.significant(weights[i], digits: 6)), outside [0, 1]")
        }
        let nonzero = weights.filter { $0 > 0 }.count
        let meanWeight = weights.isEmpty ? 0 : weights.reduce(0, +) / Double(weights.count)
        let summary = weights.isEmpty ? nil
            : "nonzero weights \(nonzero) of \(weights.count) (\(NumberFormat.fixed(100 * Double(nonzero) / Double(weights.count), decimals: 1)) %), mean weight \(NumberFormat.significant(meanWeight, digits: 4))"
        return try Heatmap(values: weights, rows: heads, columns: tokens, title: title, rowLabel: "head", columnLabel: "token",
                           rowNames: nil, columnNames: nil, valueLabel: "weight", range: 0...1, palette: .sequential,
                           maxRows: 256, maxColumns: sparsityColumns, width: width, extraDescription: summary,
                           subtitle: tokens > sparsityColumns ? downSampledCaption(tokens: tokens, columns: sparsityColumns) : nil)
    }

    /// Token columns a sparsity map draws at most: a long sequence (65,536 tokens) becomes this many columns,
    /// each the mean weight of a contiguous block of tokens, so the SVG stays small and legible.
    public static let sparsityColumns = 256

    /// The caption of a down-sampled heatmap (nil when it is drawn cell for cell), e.g. "down-sampled: 8 × 65,536
    /// in 8 × 256 cells, each the mean of its block".
    static func blockCaption(rows: Int, columns: Int, maxRows: Int, maxColumns: Int) -> String? {
        guard rows > 0, columns > 0, maxRows > 0, maxColumns > 0, rows > maxRows || columns > maxColumns else { return nil }
        return "down-sampled: \(NumberFormat.grouped(rows)) × \(NumberFormat.grouped(columns)) in "
            + "\(min(rows, maxRows)) × \(min(columns, maxColumns)) cells, each the mean of its block"
    }

    /// The caption of a down-sampled sparsity map: how many tokens each column stands for and what it shows.
    static func downSampledCaption(tokens: Int, columns: Int) -> String {
        let low = tokens / columns, high = (tokens + columns - 1) / columns
        let size = low == high ? "\(low)" : "\(low)–\(high)"
        // Short enough for the subtitle line (≈ 100 characters at 760 px): v2 weights are 0/1, so the mean is the
        // share of the block's tokens a head selects.
        return "down-sampled: \(NumberFormat.grouped(tokens)) tokens in \(columns) columns of \(size) tokens, each the mean weight of its block"
    }

    private init(values: [Double], rows: Int, columns: Int, title: String, rowLabel: String, columnLabel: String,
                 rowNames: [String]?, columnNames: [String]?, valueLabel: String, range: ClosedRange<Double>?,
                 palette: Palette, maxRows: Int, maxColumns: Int, width: Int, extraDescription: String?,
                 subtitle: String? = nil) throws {
        guard rows > 0, columns > 0, !values.isEmpty else { throw FigureError.empty("heatmap \"\(title)\"") }
        guard values.count == rows * columns else {
            throw FigureError.lengthMismatch("heatmap \(rows) × \(columns)", expected: rows * columns, got: values.count)
        }
        try FigureError.requireFinite(values, "heatmap values")
        if let rowNames, rowNames.count != rows { throw FigureError.lengthMismatch("heatmap row names", expected: rows, got: rowNames.count) }
        if let columnNames, columnNames.count != columns {
            throw FigureError.lengthMismatch("heatmap column names", expected: columns, got: columnNames.count)
        }
        guard maxRows > 0, maxColumns > 0 else { throw FigureError("heatmap: maxRows and maxColumns must be positive") }

        let stats = Statistics(values)
        let grid = BlockAverage.grid(values, rows: rows, columns: columns, maxRows: maxRows, maxColumns: maxColumns)
        let scale = ColourScale(palette: palette, low: range?.lowerBound ?? stats.minimum, high: range?.upperBound ?? stats.maximum)

        // Description first: it also goes into <desc>.
        var lines = ["Heatmap \"\(title)\": \(rows) × \(columns) (\(rowLabel) × \(columnLabel))"]
        if grid.rows != rows || grid.columns != columns {
            lines.append("down-sampled to \(grid.rows) × \(grid.columns) by averaging blocks of about \(Heatmap.ratio(rows, grid.rows)) × \(Heatmap.ratio(columns, grid.columns)) cells")
        }
        lines.append("values \(NumberFormat.significant(stats.minimum, digits: 6)) … \(NumberFormat.significant(stats.maximum, digits: 6)), mean \(NumberFormat.significant(stats.mean, digits: 6))")
        lines.append("\(scale.name) colour scale over \(NumberFormat.significant(scale.low, digits: 6)) … \(NumberFormat.significant(scale.high, digits: 6))")
        let layout = HeatmapLayout(rows: grid.rows, columns: grid.columns, originalRows: rows, originalColumns: columns,
                                   rowNames: rowNames, columnNames: columnNames, rowLabel: rowLabel, columnLabel: columnLabel,
                                   scale: scale, width: Double(width), top: subtitle == nil ? 48 : 60)
        if layout.drawsRaster { lines.append("cells drawn as one \(grid.rows) × \(grid.columns) raster image") }
        if let subtitle { lines.append(subtitle) }
        if let extraDescription { lines.append(extraDescription) }
        let text = lines.joined(separator: "\n")

        var w = SVGWriter()
        _ = TitleBlock.draw(into: &w, title: title, subtitle: subtitle, width: layout.width)
        layout.drawCells(grid.values, into: &w)
        layout.drawAxes(into: &w)
        layout.drawColourBar(into: &w, valueLabel: valueLabel)

        svg = w.document(width: layout.width, height: layout.height, title: title, description: text)
        description = text
        renderedRows = grid.rows
        renderedColumns = grid.columns
        isRaster = layout.drawsRaster
    }

    private static func ratio(_ n: Int, _ m: Int) -> String { NumberFormat.fixed(Double(n) / Double(m), decimals: 2) }
}
