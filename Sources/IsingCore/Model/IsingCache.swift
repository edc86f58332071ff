import Foundation

/// What `CompiledModel.isingProblem` can compute once per model: the symmetric CSR pattern, where
/// each upper-triangular coupling lands in it, and every contribution of the couplings that no param
/// touches. A reference type so copies of a model share it; built under a lock on first use.
final class IsingCache: @unchecked Sendable {
    struct Base {
        var rowStart: [Int]
        var columns: [Int32]
        /// Slot of pattern position k in row i (its upper entry) and in row j (its lower entry).
        var upperSlot: [Int32]
        var lowerSlot: [Int32]
        /// Values of the untouched couplings (scaled for binary models), 0 at touched slots.
        var values: [Double]
        /// Untouched couplings that are exactly 0 (then the result needs compaction).
        var zeroCount: Int
        /// Pattern positions some param block touches, ascending, with their rows.
        var touchedPositions: [Int32]
        var touchedRows: [Int32]
        /// Binary models: Σ b/4 of the untouched couplings at each variable, and in total.
        var fixedField: [Double]
        var fixedOffset: Double
        /// Σ |value| of the untouched couplings, each pair once (for `EnergyScale`).
        var fixedMagnitude: Double
    }

    private let lock = NSLock()
    private var stored: Base?

    func base(for model: CompiledModel) -> Base {
        lock.withLock {
            if let stored { return stored }
            let b = Self.build(model)
            stored = b
            return b
        }
    }

    private static func build(_ model: CompiledModel) -> Base {
        let n = model.variableCount, m = model.columns.count
        let rowStart = model.rowStart, columns = model.columns
        // Which positions does a param block touch?
        var isTouched = [Bool](repeating: false, count: m)
        for block in model.blocks.dropFirst() where !block.quadratic.isEmpty {
            if let support = block.support {
                for k in support { isTouched[Int(k)] = true }
            } else {
                for k in 0..<m where block.quadratic[k] != 0 { isTouched[k] = true }
            }
        }
        // Symmetric pattern: row r holds first its lower entries (from rows i < r, in i order), then its
        // upper ones, so every row's columns come out sorted.
        var degree = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            degree[i] += rowStart[i + 1] - rowStart[i]
            for k in rowStart[i]..<rowStart[i + 1] { degree[Int(columns[k])] += 1 }
        }
        var symStart = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { symStart[i + 1] = symStart[i] + degree[i] }
        var lowerCount = [Int](repeating: 0, count: n)
        for k in 0..<m { lowerCount[Int(columns[k])] += 1 }
        var fill = (0..<n).map { symStart[$0] }  // next free lower slot of each row
        var symColumns = [Int32](repeating: 0, count: 2 * m)
        var upperSlot = [Int32](repeating: 0, count: m)
        var lowerSlot = [Int32](repeating: 0, count: m)
        var values = [Double](repeating: 0, count: 2 * m)
        var fixedField = [Double](repeating: 0, count: model.vartype == .binary ? n : 0)
        var fixedOffset = 0.0
        var fixedMagnitude = 0.0
        var zeroCount = 0
        var touchedPositions: [Int32] = [], touchedRows: [Int32] = []
        let q0 = model.blocks[0].quadratic
        let binary = model.vartype == .binary
        let scale = binary ? 0.25 : 1.0
        for i in 0..<n {
            let upperBase = symStart[i] + lowerCount[i] - rowStart[i]
            for k in rowStart[i]..<rowStart[i + 1] {
                let j = Int(columns[k])
                let up = upperBase + k, low = fill[j]
                fill[j] += 1
                symColumns[up] = Int32(j); symColumns[low] = Int32(i)
                upperSlot[k] = Int32(up); lowerSlot[k] = Int32(low)
                if isTouched[k] {
                    touchedPositions.append(Int32(k)); touchedRows.append(Int32(i))
                    continue
                }
                let b = q0.isEmpty ? 0 : q0[k]
                if b == 0 { zeroCount += 1 }
                values[up] = b * scale; values[low] = b * scale
                fixedMagnitude += abs(b * scale)
                if binary { fixedField[i] += b * 0.25; fixedField[j] += b * 0.25; fixedOffset += b * 0.25 }
            }
        }
        return Base(rowStart: symStart, columns: symColumns, upperSlot: upperSlot, lowerSlot: lowerSlot,
                    values: values, zeroCount: zeroCount, touchedPositions: touchedPositions,
                    touchedRows: touchedRows, fixedField: fixedField, fixedOffset: fixedOffset,
                    fixedMagnitude: fixedMagnitude)
    }
}
