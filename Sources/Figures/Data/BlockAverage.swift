/// Down-sampling by averaging contiguous blocks, so large inputs stay small SVGs without dropping data.
enum BlockAverage {
    /// Splits 0..<n into m contiguous blocks of ⌊n/m⌋ or ⌈n/m⌉ elements (m ≤ n).
    static func blocks(_ n: Int, into m: Int) -> [Range<Int>] {
        (0..<m).map { b in (b * n / m)..<((b + 1) * n / m) }
    }

    /// A series reduced to at most `maxPoints` block means; positions are the block means of `positions`.
    static func series(_ values: [Double], positions: [Double], maxPoints: Int) -> (positions: [Double], values: [Double], blockSize: Int) {
        guard values.count > maxPoints, maxPoints > 0 else { return (positions, values, 1) }
        let parts = blocks(values.count, into: maxPoints)
        return (parts.map { mean(positions[$0]) }, parts.map { mean(values[$0]) }, (values.count + maxPoints - 1) / maxPoints)
    }

    /// A row-major grid reduced to at most maxRows × maxColumns block means.
    static func grid(_ values: [Double], rows: Int, columns: Int, maxRows: Int, maxColumns: Int) -> (values: [Double], rows: Int, columns: Int) {
        let outRows = min(rows, maxRows), outColumns = min(columns, maxColumns)
        guard outRows < rows || outColumns < columns else { return (values, rows, columns) }
        let rowBlocks = blocks(rows, into: outRows), columnBlocks = blocks(columns, into: outColumns)
        var out: [Double] = []
        out.reserveCapacity(outRows * outColumns)
        for rb in rowBlocks {
            for cb in columnBlocks {
                var total = 0.0
                for r in rb { for c in cb { total += values[r * columns + c] } }
                out.append(total / Double(rb.count * cb.count))
            }
        }
        return (out, outRows, outColumns)
    }

    static func mean(_ slice: ArraySlice<Double>) -> Double {
        var total = 0.0
        for v in slice { total += v }
        return total / Double(slice.count)
    }
}
